import { describe, expect, it } from 'vitest';
import type { SessionUpdate, ToolCallUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope, SessionState } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { cardKey, entryText } from '../../../src/shared/session/timeline';

function log(...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId: 's', seq: i + 1, at: 1000 + i * 10, event }));
}
const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });
const fold = (...events: SessionEvent[]) => reduceAll(initialSessionState('s'), log(...events));
const cards = (s: SessionState) =>
  s.entryIds.flatMap((id) => {
    const e = s.entries[id]!;
    return e.kind === 'tool_call' ? [s.toolCalls[cardKey(e)]!] : [];
  });

const turn1: SessionEvent[] = [
  { type: 'prompt_sent', turnId: 't1', prompt: [text('edit it')] },
  u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
  u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
  { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
];
const ask = (requestId: string, toolCall: ToolCallUpdate): SessionEvent => ({
  type: 'permission_requested',
  requestId,
  toolCall,
  options: [
    { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
    { optionId: 'no', name: 'Reject', kind: 'reject_once' },
  ],
});

describe('session reducer: a toolCallId reused in a later turn', () => {
  it('a tool_call for an id of a finished turn starts a new card in the running turn', () => {
    const s = fold(
      ...turn1,
      { type: 'prompt_sent', turnId: 't2', prompt: [text('again')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit notes.txt', kind: 'edit', status: 'pending' }),
      u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'failed' }),
    );
    expect(cards(s).map((c) => [c.toolCallId, c.title, c.status, c.turnId])).toEqual([
      ['c1', 'Edit facets.txt', 'completed', 't1'],
      ['c1', 'Edit notes.txt', 'failed', 't2'],
    ]);
    // The new card comes after turn 2's prompt, not inside turn 1.
    const kinds = s.entryIds.map((id) => s.entries[id]!.kind);
    expect(kinds).toEqual(['user', 'tool_call', 'turn_end', 'user', 'tool_call']);
  });

  it('a tool_call repeated within the same turn still upserts the one card', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't1', prompt: [text('x')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read a', kind: 'read', status: 'pending' }),
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read a.ts', kind: 'read', status: 'in_progress' }),
    );
    expect(cards(s).map((c) => [c.title, c.status])).toEqual([['Read a.ts', 'in_progress']]);
  });

  it('updates go to the newest card of the id, also in a third turn', () => {
    const s = fold(
      ...turn1,
      { type: 'prompt_sent', turnId: 't2', prompt: [text('2')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Second', kind: 'edit', status: 'pending' }),
      u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
      { type: 'turn_ended', turnId: 't2', stopReason: 'end_turn' },
      { type: 'prompt_sent', turnId: 't3', prompt: [text('3')] },
      u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'failed' }),
    );
    expect(cards(s).map((c) => [c.title, c.status])).toEqual([
      ['Edit facets.txt', 'completed'],
      ['Second', 'failed'],
    ]);
  });

  it('a permission request for a reused id attaches to the new card, and the old one keeps its outcome', () => {
    const s = fold(
      ...turn1,
      { type: 'prompt_sent', turnId: 't2', prompt: [text('again')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit notes.txt', kind: 'edit', status: 'pending' }),
      ask('r2', { toolCallId: 'c1', title: 'Edit notes.txt' }),
    );
    const [old, fresh] = cards(s);
    expect(old).toMatchObject({ status: 'completed' });
    expect(old!.awaitingPermission).toBeUndefined();
    expect(fresh).toMatchObject({ title: 'Edit notes.txt', awaitingPermission: 'r2' });
  });

  it('a permission request alone (no tool_call) for an id of a finished turn also starts a new card', () => {
    const s = fold(
      ...turn1,
      { type: 'prompt_sent', turnId: 't2', prompt: [text('again')] },
      ask('r2', {
        toolCallId: 'c1',
        title: 'Edit notes.txt',
      }),
    );
    expect(cards(s).map((c) => [c.title, c.status, c.awaitingPermission])).toEqual([
      ['Edit facets.txt', 'completed', undefined],
      ['Edit notes.txt', 'pending', 'r2'],
    ]);
  });
});

describe('session reducer: permission decisions are recorded', () => {
  it('a settled request leaves "Allowed once: <tool>" with the option, its kind, who and when', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't1', prompt: [text('edit it')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
      ask('r1', { toolCallId: 'c1' }),
      { type: 'permission_resolved', requestId: 'r1', outcome: { outcome: 'selected', optionId: 'once' }, by: 'user' },
    );
    const last = s.entries[s.entryIds[s.entryIds.length - 1]!]!;
    expect(last).toEqual({
      kind: 'permission',
      id: 'e4',
      requestId: 'r1',
      cardKey: 'c1',
      toolTitle: 'Edit facets.txt',
      outcome: 'selected',
      optionId: 'once',
      optionName: 'Allow once',
      optionKind: 'allow_once',
      by: 'user',
      at: 1030,
    });
    expect(entryText(last)).toBe('Allowed once: Edit facets.txt');
    expect(s.permissions).toEqual({});
    expect(s.toolCalls.c1!.awaitingPermission).toBeUndefined();
    expect(s.toolCalls.c1!.decisions).toEqual(['e4']);
  });

  it('a rejection, and a cancellation by the turn, read as such', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't1', prompt: [text('x')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Run rm', kind: 'execute', status: 'pending' }),
      ask('r1', { toolCallId: 'c1' }),
      { type: 'permission_resolved', requestId: 'r1', outcome: { outcome: 'selected', optionId: 'no' }, by: 'user' },
      ask('r2', { toolCallId: 'c1' }),
      { type: 'permission_resolved', requestId: 'r2', outcome: { outcome: 'cancelled' }, by: 'cancel' },
    );
    const decisions = s.entryIds.map((id) => s.entries[id]!).filter((e) => e.kind === 'permission');
    expect(decisions.map(entryText)).toEqual([
      'Rejected: Run rm',
      'Permission cancelled: Run rm (the turn was cancelled)',
    ]);
  });

  it('an unknown request id changes nothing', () => {
    const before = fold(u({ sessionUpdate: 'agent_message_chunk', content: text('hi') }));
    const after = reduceAll(before, [
      {
        sessionId: 's',
        seq: 99,
        at: 5,
        event: { type: 'permission_resolved', requestId: 'nope', outcome: { outcome: 'cancelled' }, by: 'user' },
      },
    ]);
    expect(after.entryIds).toEqual(before.entryIds);
  });
});
