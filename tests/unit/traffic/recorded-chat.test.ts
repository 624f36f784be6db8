import { describe, expect, it } from 'vitest';
import { entryText } from '../../../src/shared/session/timeline';
import { eventsUntil, recordedChat, RecordedFold } from '../../../src/shared/traffic/recorded-chat';
import { chunk, Recorder, req, res } from './records';

const SID = 'sess-1';
const lane = `session:${SID}`;

/** A demo-like turn: new session, prompt, thought, tool call asking permission (allowed), answer, end. */
function turn(r = new Recorder()) {
  r.out(req(1, 'session/new', { cwd: '/work', mcpServers: [] }));
  r.in(res(1, { sessionId: SID, modes: { currentModeId: 'ask', availableModes: [{ id: 'ask', name: 'Ask' }] } }), 5);
  r.out(req(2, 'session/prompt', { sessionId: SID, prompt: [{ type: 'text', text: 'hello' }] }), 10);
  r.in(chunk(SID, 'thinking', 'agent_thought_chunk'), 10, lane);
  r.in(
    {
      jsonrpc: '2.0',
      method: 'session/update',
      params: {
        sessionId: SID,
        update: { sessionUpdate: 'tool_call', toolCallId: 't1', title: 'Edit', status: 'pending' },
      },
    },
    10,
    lane,
  );
  r.in(
    req(0, 'session/request_permission', {
      sessionId: SID,
      toolCall: { toolCallId: 't1' },
      options: [{ optionId: 'allow', name: 'Allow', kind: 'allow_once' }],
    }),
    10,
    lane,
  );
  r.out(res(0, { outcome: { outcome: 'selected', optionId: 'allow' } }), 10);
  r.in(
    {
      jsonrpc: '2.0',
      method: 'session/update',
      params: { sessionId: SID, update: { sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'completed' } },
    },
    10,
    lane,
  );
  r.in(chunk(SID, 'Hello '), 10, lane);
  r.in(chunk(SID, 'there.'), 10, lane);
  r.in(res(2, { stopReason: 'end_turn' }), 10);
  return r;
}

describe('recordedChat: a recording’s conversation, folded with the session reducer', () => {
  it('rebuilds prompt, thought, tool call with its permission decision, answer and turn end', () => {
    const r = turn();
    const chat = recordedChat(r.records, 'rec-1');
    expect(chat.sessions.map((s) => s.sessionId)).toEqual([SID]);
    expect(chat.start).toBe(r.records[0]!.at);
    expect(chat.end).toBe(r.at);
    const s = new RecordedFold(chat.sessions[0]!).stateAfter(Infinity);
    expect(s.endpointId).toBe('rec-1');
    expect(s.cwd).toBe('/work');
    expect(s.modes?.currentModeId).toBe('ask');
    const kinds = s.entryIds.map((id) => s.entries[id]!.kind);
    expect(kinds).toEqual(['user', 'thought', 'tool_call', 'permission', 'agent', 'turn_end']);
    const texts = s.entryIds.map((id) => entryText(s.entries[id]!));
    expect(texts[0]).toBe('hello');
    expect(texts[4]).toBe('Hello there.');
    expect(s.toolCalls.t1?.status).toBe('completed');
    expect(s.turn.status).toBe('idle');
    expect(s.permissions).toEqual({});
  });

  it('at a moment mid-turn: the turn runs and the permission request waits', () => {
    const r = turn();
    const session = recordedChat(r.records, 'rec-1').sessions[0]!;
    const permissionAt = r.records.find(
      (x) => x.kind === 'message' && (x.message as { method?: string }).method === 'session/request_permission',
    )!.at;
    const s = new RecordedFold(session).stateAfter(eventsUntil(session.events, permissionAt));
    expect(s.turn.status).toBe('running');
    expect(Object.keys(s.permissions)).toHaveLength(1);
    expect(s.toolCalls.t1?.awaitingPermission).toBeDefined();
    expect(s.entryIds.map((id) => s.entries[id]!.kind)).toEqual(['user', 'thought', 'tool_call']);
  });

  it('scrubbing back and forth gives the same states as folding from the start (checkpoints)', () => {
    const r = new Recorder();
    r.out(req(1, 'session/new', { cwd: '/w' }));
    r.in(res(1, { sessionId: SID }), 1);
    for (let i = 0; i < 50; i++) r.in(chunk(SID, `c${i} `), 1, lane);
    const session = recordedChat(r.records, 'rec').sessions[0]!;
    const fold = new RecordedFold(session, 7);
    const fresh = (n: number) => new RecordedFold(session, 1000).stateAfter(n);
    for (const n of [52, 3, 30, 14, 0, 51, 8]) expect(fold.stateAfter(n)).toEqual(fresh(n));
  });

  it('keeps an update that does not fit its kind as unknown instead of folding it', () => {
    const r = new Recorder();
    r.out(req(1, 'session/new', { cwd: '/w' }));
    r.in(res(1, { sessionId: SID }), 1);
    r.in(
      { jsonrpc: '2.0', method: 'session/update', params: { sessionId: SID, update: { sessionUpdate: 'tool_call' } } },
      1,
      lane,
    );
    r.in(
      { jsonrpc: '2.0', method: 'session/update', params: { sessionId: SID, update: { sessionUpdate: 'made_up' } } },
      1,
      lane,
    );
    r.in(chunk(SID, 'ok'), 1, lane);
    const s = new RecordedFold(recordedChat(r.records, 'rec').sessions[0]!).stateAfter(Infinity);
    expect(s.unknownUpdates).toBe(2);
    expect(s.entryIds.map((id) => entryText(s.entries[id]!))).toEqual(['ok']);
  });

  it('marks a session stream’s reconnect and its gap in place, as live', () => {
    const r = new Recorder();
    r.out(req(1, 'session/new', { cwd: '/w' }));
    r.in(res(1, { sessionId: SID }), 1);
    r.in(chunk(SID, 'before'), 1, lane);
    r.add({ kind: 'stream', lane, phase: 'reconnect-scheduled', attempt: 1, delayMs: 250, detail: 'stream ended' }, 1);
    r.add({ kind: 'stream', lane, phase: 'open' }, 300);
    r.add({ kind: 'stream', lane, phase: 'gap', detail: 'down for 300 ms' }, 0);
    r.in(chunk(SID, 'after'), 1, lane);
    const s = new RecordedFold(recordedChat(r.records, 'rec').sessions[0]!).stateAfter(Infinity);
    const entries = s.entryIds.map((id) => s.entries[id]!);
    expect(entries.map((e) => e.kind)).toEqual(['agent', 'marker', 'agent']);
    expect(entryText(entries[1]!)).toContain('Stream dropped for 0.3 s, reconnected.');
  });

  it('a failed prompt ends its turn with the error; a cancelled permission says so', () => {
    const r = new Recorder();
    r.out(req(1, 'session/new', { cwd: '/w' }));
    r.in(res(1, { sessionId: SID }), 1);
    r.out(req(2, 'session/prompt', { sessionId: SID, prompt: [{ type: 'text', text: '/fail' }] }), 1);
    r.in({ jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'agent broke' } }, 1);
    const s = new RecordedFold(recordedChat(r.records, 'rec').sessions[0]!).stateAfter(Infinity);
    const end = s.entries[s.entryIds[s.entryIds.length - 1]!]!;
    expect(end.kind).toBe('turn_end');
    expect(end.kind === 'turn_end' && end.error).toContain('agent broke');
  });

  it('ignores what is not a session’s (initialize, other responses, junk)', () => {
    const r = new Recorder();
    r.out(req(0, 'initialize', { protocolVersion: 1 }));
    r.in(res(0, { protocolVersion: 1 }), 1);
    r.in('not json-rpc', 1);
    r.in(res(99, {}), 1);
    expect(recordedChat(r.records, 'rec').sessions).toEqual([]);
  });

  it('rebuilds form and URL elicitations with their answers and the agent’s completion; drops invalid ones', () => {
    const r = new Recorder();
    r.out(req(1, 'session/new', { cwd: '/w' }));
    r.in(res(1, { sessionId: SID }), 1);
    const form = {
      sessionId: SID,
      mode: 'form',
      message: 'Which branch?',
      requestedSchema: { type: 'object', properties: { branch: { type: 'string', title: 'Branch' } } },
    };
    r.in(req('q1', 'elicitation/create', form), 1, lane);
    r.out(res('q1', { action: 'accept', content: { branch: 'main' } }), 1);
    const url = { sessionId: SID, mode: 'url', message: 'Sign in', elicitationId: 'el-7', url: 'https://id.example/x' };
    r.in(req('q2', 'elicitation/create', url), 1, lane);
    r.out(res('q2', { action: 'accept' }), 1);
    r.in({ jsonrpc: '2.0', method: 'elicitation/complete', params: { elicitationId: 'el-7' } }, 1);
    r.in(req('q3', 'elicitation/create', { sessionId: SID, mode: 'form', message: 'no schema' }), 1, lane);
    r.out(res('q3', { action: 'decline' }), 1);
    const session = recordedChat(r.records, 'rec').sessions[0]!;
    expect(session.events.map((e) => e.event.type)).toEqual([
      'session_opened',
      'session_state',
      'elicitation_requested',
      'elicitation_resolved',
      'elicitation_requested',
      'elicitation_resolved',
      'elicitation_completed',
    ]);
    const s = new RecordedFold(session).stateAfter(Infinity);
    const cards = s.entryIds.map((id) => s.entries[id]!).filter((e) => e.kind === 'elicitation');
    expect(cards.map((e) => e.kind === 'elicitation' && [e.request.mode, e.outcome, e.completed ?? false])).toEqual([
      ['form', 'accept', false],
      ['url', 'accept', true],
    ]);
    // Nothing is left waiting: the recording's cards show what was answered, with nothing to send.
    expect(s.elicitations ?? {}).toEqual({});
  });
});
