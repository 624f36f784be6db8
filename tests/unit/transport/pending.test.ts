import { describe, expect, it } from 'vitest';
import type { AnyRequest } from '../../../src/core/transport/jsonrpc';
import { PendingTable, type PendingRequest } from '../../../src/core/transport/pending';
import { ManualTimers } from './manual-timers';

const req = (id: number | string, method = 'session/prompt', params?: unknown): AnyRequest =>
  ({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) }) as AnyRequest;

describe('PendingTable: client → agent requests', () => {
  it('tracks a request until it is taken, with the time it was sent', () => {
    const timers = new ManualTimers();
    const table = new PendingTable(timers);
    timers.advance(1234);
    const p = table.addClient(req(1, 'session/new', { cwd: '/w' }), undefined, 1);
    expect(p).toMatchObject({ id: 1, method: 'session/new', params: { cwd: '/w' }, generation: 1, sentAt: 1234 });
    expect(table.hasClient(1)).toBe(true);
    expect(table.clientRequests()).toEqual([p]);
    expect(table.takeClient(1)).toBe(p);
    expect(table.hasClient(1)).toBe(false);
    expect(table.takeClient(1)).toBeUndefined();
  });

  it('keeps numeric and string ids apart', () => {
    const table = new PendingTable(new ManualTimers());
    table.addClient(req(7), 's', 1);
    expect(table.hasClient('7')).toBe(false);
    expect(table.takeClient('7')).toBeUndefined();
    expect(table.takeClient(7)?.id).toBe(7);
  });

  it('ends a request with onTimeout once, when its time passes unanswered', () => {
    const timers = new ManualTimers();
    const table = new PendingTable(timers);
    const timedOut: PendingRequest[] = [];
    table.addClient(req(1), 's1', 1, 500, (p) => timedOut.push(p));
    timers.advance(499);
    expect(timedOut).toEqual([]);
    timers.advance(1);
    expect(timedOut.map((p) => p.id)).toEqual([1]);
    expect(table.hasClient(1)).toBe(false);
    timers.advance(10_000);
    expect(timedOut).toHaveLength(1);
  });

  it('an answered request clears its timer and never times out', () => {
    const timers = new ManualTimers();
    const table = new PendingTable(timers);
    const timedOut: PendingRequest[] = [];
    table.addClient(req(1), 's1', 1, 500, (p) => timedOut.push(p));
    expect(timers.pending).toBe(1);
    table.takeClient(1);
    expect(timers.pending).toBe(0);
    timers.advance(1000);
    expect(timedOut).toEqual([]);
  });

  it('without a timeout (or without onTimeout) no timer is armed', () => {
    const timers = new ManualTimers();
    const table = new PendingTable(timers);
    table.addClient(req(1), undefined, 1);
    table.addClient(req(2), undefined, 1, 500);
    expect(timers.pending).toBe(0);
  });

  it('marks a request accepted; an unknown id is ignored', () => {
    const table = new PendingTable(new ManualTimers());
    const p = table.addClient(req(1), undefined, 1);
    expect(p.accepted).toBeUndefined();
    table.markAccepted(1);
    table.markAccepted(99);
    expect(p.accepted).toBe(true);
  });

  it('lists the requests due on a lane; the websocket lane carries all of them', () => {
    const table = new PendingTable(new ManualTimers());
    table.addClient(req(1, 'initialize'), undefined, 1);
    table.addClient(req(2, 'session/prompt'), 'a', 1);
    table.addClient(req(3, 'session/set_mode'), 'b', 1);
    expect(table.dueOn('connection')).toEqual(['initialize #1']);
    expect(table.dueOn('session:a')).toEqual(['session/prompt #2']);
    expect(table.dueOn('session:c')).toEqual([]);
    expect(table.dueOn('websocket')).toEqual(['initialize #1', 'session/prompt #2', 'session/set_mode #3']);
  });

  it('keeps object (or array) params, and none when there are none', () => {
    const table = new PendingTable(new ManualTimers());
    expect(table.addClient(req(1, 'm', [1, 2]), undefined, 1).params).toEqual([1, 2]);
    expect(table.addClient(req(2, 'm'), undefined, 1).params).toBeUndefined();
  });
});

describe('PendingTable: agent → client requests', () => {
  it('gives local ids unique across connections and finds them by original id and generation', () => {
    const table = new PendingTable(new ManualTimers());
    const a = table.addAgent(0, 'session/request_permission', 1, 's1');
    const b = table.addAgent(0, 'session/request_permission', 2, 's1');
    expect(a.localId).not.toBe(b.localId);
    expect(table.findAgent(0, 1)).toBe(a);
    expect(table.findAgent(0, 2)).toBe(b);
    expect(table.findAgent('0', 1)).toBeUndefined();
    expect(table.findAgent(0, 3)).toBeUndefined();
  });

  it('takes an entry once, by numeric local id only', () => {
    const table = new PendingTable(new ManualTimers());
    const a = table.addAgent('x', 'fs/read_text_file', 1, undefined);
    expect(table.takeAgent(String(a.localId))).toBeUndefined();
    expect(table.takeAgent(a.localId)).toBe(a);
    expect(table.takeAgent(a.localId)).toBeUndefined();
  });

  it('drops the entries of older connections and returns them', () => {
    const table = new PendingTable(new ManualTimers());
    const old1 = table.addAgent(1, 'm', 1, undefined);
    const old2 = table.addAgent(2, 'm', 2, 's');
    const current = table.addAgent(3, 'm', 3, 's');
    expect(table.dropAgentBefore(3)).toEqual([old1, old2]);
    expect(table.findAgent(1, 1)).toBeUndefined();
    expect(table.findAgent(3, 3)).toBe(current);
    expect(table.dropAgentBefore(3)).toEqual([]);
  });
});
