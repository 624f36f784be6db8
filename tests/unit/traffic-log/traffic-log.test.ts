import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import type { TrafficRecordsEvent } from '../../../src/shared/ipc/contract';
import { MAX_WINDOW, spillName, TrafficLog } from '../../../src/core/traffic/traffic-log';
import { TrafficClient } from '../../../src/core/traffic/traffic-client';
import { ok, err } from '../../../src/shared/util/result';
import { parseTrafficQuery } from '../../../src/shared/traffic/query';

const rec = (seq: number, generation = 1): TrafficRecord => ({
  kind: 'message',
  direction: 'out',
  lane: 'post',
  size: 10,
  message: { jsonrpc: '2.0', id: seq, method: 'session/prompt' },
  seq,
  at: 1000 + seq,
  generation,
});
const batch = (from: number, to: number, generation = 1) =>
  Array.from({ length: to - from + 1 }, (_, i) => rec(from + i, generation));

function logAt(options: { maxRecords?: number; maxSpillBytes?: number } = {}) {
  const events: TrafficRecordsEvent[] = [];
  const errors: string[] = [];
  const log = new TrafficLog({
    dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'acp-tlog-')), 'traffic'),
    ...options,
    emit: (e) => events.push(e),
    onError: (m) => errors.push(m),
  });
  return { log, events, errors };
}

describe('TrafficLog', () => {
  it('exports every record from the spill file after the ring dropped old ones, across generations', async () => {
    const { log } = logAt({ maxRecords: 10 });
    log.append('ep', batch(1, 30, 1));
    log.append('ep', batch(1, 20, 2)); // a rebuilt connection restarts the transport's seq
    const w = log.window('ep', undefined, 100);
    expect(w.records).toHaveLength(10);
    expect(w.total).toBe(50);
    expect(w.firstSeq).toBe(41);
    expect(w.lastSeq).toBe(50);
    const exported = await log.export('ep');
    expect(exported.records).toBe(50);
    expect(exported.complete).toBe(true);
    const back = exported.content
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrafficRecord);
    expect(back).toEqual([...batch(1, 30, 1), ...batch(1, 20, 2)]);
    await log.close();
  });

  it('pushes new records only to subscriptions of that endpoint (or all), and nothing once unsubscribed', async () => {
    const { log, events } = logAt();
    log.append('a', batch(1, 2)); // nobody listens: nothing is pushed
    expect(events).toEqual([]);
    const subA = log.subscribe('a');
    const subAll = log.subscribe('all');
    expect(subA.total).toBe(2);
    log.append('a', batch(3, 3));
    log.append('b', batch(1, 1));
    expect(events.map((e) => [e.subscriptionId, e.endpointId, e.records.map((r) => r.logSeq)])).toEqual([
      [subA.subscriptionId, 'a', [3]],
      [subAll.subscriptionId, 'a', [3]],
      [subAll.subscriptionId, 'b', [1]],
    ]);
    log.unsubscribe(subA.subscriptionId);
    log.unsubscribe(subAll.subscriptionId);
    log.append('a', batch(4, 4));
    expect(events).toHaveLength(3);
    expect(log.subscriptionCount).toBe(0);
    await log.close();
  });

  it('clear empties ring, total and spill of one endpoint and leaves the others', async () => {
    const { log } = logAt();
    log.append('a', batch(1, 5));
    log.append('b', batch(1, 3));
    await log.clear('a');
    expect(log.window('a', undefined, 10)).toMatchObject({ records: [], total: 0, firstSeq: 0, lastSeq: 0 });
    expect((await log.export('a')).content).toBe('');
    expect(log.window('b', undefined, 10).total).toBe(3);
    log.append('a', batch(6, 6));
    expect(log.window('a', undefined, 10).records.map((r) => r.logSeq)).toEqual([6]);
    await log.clear();
    expect(log.total('all')).toBe(0);
    expect((await log.export('b')).records).toBe(0);
    await log.close();
  });

  it('bounds windows, answers empty for unknown endpoints, and filters with a predicate', async () => {
    const { log } = logAt({ maxRecords: 20_000 });
    log.append('a', batch(1, 12_000));
    expect(log.window('a', 1, 1_000_000).records).toHaveLength(MAX_WINDOW);
    expect(log.window('nope', undefined, 10)).toEqual({ records: [], total: 0, firstSeq: 0, lastSeq: 0 });
    expect(log.snapshot('a', 2).map((r) => r.seq)).toEqual([11_999, 12_000]);
    await log.close();
  });

  it('answers queries with the pairing of each record’s own connection (seq restarts on a new transport)', async () => {
    const { log } = logAt();
    const msg = (seq: number, direction: 'in' | 'out', message: unknown): TrafficRecord => ({
      kind: 'message',
      direction,
      lane: 'post',
      size: 10,
      message,
      seq,
      at: 1000 + seq,
      generation: 1,
    });
    log.append('a', [
      msg(1, 'out', { jsonrpc: '2.0', id: 1, method: 'session/new', params: {} }),
      msg(2, 'in', { jsonrpc: '2.0', id: 1, result: {} }),
    ]);
    // A rebuilt connection: a new transport, seq and generation from 1 again, the same id.
    log.append('a', [
      msg(1, 'out', { jsonrpc: '2.0', id: 1, method: 'session/prompt', params: { sessionId: 's' } }),
      msg(2, 'in', { jsonrpc: '2.0', id: 1, result: { stopReason: 'end_turn' } }),
    ]);
    const q = parseTrafficQuery('method:session/prompt');
    if (!q.ok) throw new Error(q.error);
    expect(log.window('a', 1, 10, q).records.map((e) => e.logSeq)).toEqual([3, 4]);
    const newest = parseTrafficQuery('dir:in');
    if (!newest.ok) throw new Error(newest.error);
    expect(log.window('a', undefined, 1, newest).records.map((e) => e.logSeq)).toEqual([4]);
    await log.close();
  });

  it('names spill files after tame endpoint ids, and hashes the others', () => {
    expect(spillName('ep-1_A')).toBe('ep-1_A.jsonl');
    const odd = spillName('../etc/passwd');
    expect(odd).toMatch(/^[A-Za-z0-9_-]+\.jsonl$/);
    expect(odd).not.toBe(spillName('.._etc_passwd'));
  });
});

describe('TrafficClient', () => {
  it('accepts traffic:records only for subscriptions it holds, and releases them on dispose', () => {
    const released: string[] = [];
    const client = new TrafficClient((id) => released.push(id));
    const records = (subscriptionId: string) => ({ subscriptionId, endpointId: 'a', records: [] });
    client.observe('traffic:subscribe', { endpointId: 'a' }, ok({ subscriptionId: 's1', total: 0 }));
    client.observe('traffic:subscribe', { endpointId: 'b' }, ok({ subscriptionId: 's2', total: 0 }));
    client.observe('traffic:subscribe', { endpointId: 'c' }, err('internal', 'no'));
    expect(client.accepts('traffic:records', records('s1'))).toBe(true);
    expect(client.accepts('traffic:records', records('other'))).toBe(false);
    expect(client.accepts('sessions:changed', [])).toBe(true);
    client.observe('traffic:unsubscribe', { subscriptionId: 's1' }, ok(null));
    expect(client.accepts('traffic:records', records('s1'))).toBe(false);
    client.dispose();
    expect(released).toEqual(['s2']);
    expect(client.subscriptions).toBe(0);
  });
});
