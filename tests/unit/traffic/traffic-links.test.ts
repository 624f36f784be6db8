import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../src/shared/domain/session';
import type { TrafficEntry } from '../../../src/shared/ipc/contract';
import { pairPrompts, turnAt } from '../../../src/renderer/features/traffic/traffic-links';
import { entryOfTurn, toolCallEntry, turnFromEnd } from '../../../src/renderer/features/traffic/turns';
import { Recorder, req, res } from './records';

const entries: Record<string, Entry> = {
  a: { kind: 'agent', id: 'a', blocks: [] }, // replayed history, before any prompt
  u1: { kind: 'user', id: 'u1', blocks: [] },
  t1: { kind: 'thought', id: 't1', text: '' },
  m1: { kind: 'agent', id: 'm1', blocks: [] },
  u2: { kind: 'user', id: 'u2', blocks: [] },
  c2: { kind: 'tool_call', id: 'c2', toolCallId: 'call' },
  m2: { kind: 'agent', id: 'm2', blocks: [] },
};
const ids = Object.keys(entries);

describe('turns of the chat, counted from the newest', () => {
  it('turnFromEnd: the prompt before an entry, 0 before any prompt', () => {
    expect(ids.map((id) => turnFromEnd(ids, entries, id))).toEqual([0, 2, 2, 2, 1, 1, 1]);
  });

  it('entryOfTurn: the first entry of a kind in a turn, or its prompt', () => {
    expect(entryOfTurn(ids, entries, 2, 'agent')).toBe('m1');
    expect(entryOfTurn(ids, entries, 1, 'agent')).toBe('m2');
    expect(entryOfTurn(ids, entries, 1, 'user')).toBe('u2');
    expect(entryOfTurn(ids, entries, 1, 'thought')).toBeUndefined();
    expect(entryOfTurn(ids, entries, 3, 'agent')).toBeUndefined();
  });

  it('toolCallEntry: the newest card of an id', () => {
    expect(toolCallEntry(ids, entries, 'call')).toBe('c2');
    expect(toolCallEntry(ids, entries, 'nope')).toBeUndefined();
  });
});

describe('prompt turns on the wire', () => {
  it('pairs prompts with their answers by id and generation; turnAt counts from the newest', () => {
    const r = new Recorder();
    const p1 = r.out(req(1, 'session/prompt', { sessionId: 's' }), 10);
    const a1 = r.in(res(1, { stopReason: 'end_turn' }), 10);
    const p2 = r.out(req(2, 'session/prompt', { sessionId: 's' }), 10);
    const toEntries = (xs: typeof r.records): TrafficEntry[] =>
      xs.map((record, i) => ({ logSeq: i + 1, endpointId: 'e', record }));
    const turns = pairPrompts(toEntries(r.records));
    expect(turns).toEqual([{ at: p1.at, answeredAt: a1.at }, { at: p2.at }]);
    expect(turnAt(turns, p1.at - 1)).toBe(0);
    expect(turnAt(turns, a1.at)).toBe(2);
    expect(turnAt(turns, p2.at + 5)).toBe(1);
  });
});
