import { describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope, SessionState } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { entryText } from '../../../src/shared/session/timeline';

function log(...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId: 's', seq: i + 1, at: 1000 + i * 10, event }));
}
const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });
const fold = (...events: SessionEvent[]) => reduceAll(initialSessionState('s'), log(...events));
const texts = (s: SessionState) => s.entryIds.map((id) => `${s.entries[id]!.kind}:${entryText(s.entries[id]!)}`);

describe('session reducer: update variants', () => {
  it('agent chunks append to the open message; a new messageId starts a new one', () => {
    const s = fold(
      u({ sessionUpdate: 'agent_message_chunk', content: text('Hel'), messageId: 'm1' }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('lo'), messageId: 'm1' }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('Next'), messageId: 'm2' }),
    );
    expect(texts(s)).toEqual(['agent:Hello', 'agent:Next']);
  });

  it('chunks without ids join the last entry of the same kind; thoughts are their own entries', () => {
    const s = fold(
      u({ sessionUpdate: 'agent_thought_chunk', content: text('hmm ') }),
      u({ sessionUpdate: 'agent_thought_chunk', content: text('ok') }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('A') }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('B') }),
    );
    expect(texts(s)).toEqual(['thought:hmm ok', 'agent:AB']);
  });

  it('the echo of our own prompt is not shown twice', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't1', prompt: [text('hi')] },
      u({ sessionUpdate: 'user_message_chunk', content: text('hi') }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('yo') }),
      { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
    );
    expect(texts(s)).toEqual(['user:hi', 'agent:yo', 'turn_end:end_turn']);
    expect(s.turn).toMatchObject({ status: 'idle', lastStopReason: 'end_turn' });
    const user = s.entries[s.entryIds[0]!]!;
    expect(user.kind === 'user' && user.pending).toBe(false);
  });

  it('tool_call upserts by id and tool_call_update merges only the fields it carries', () => {
    const s = fold(
      u({
        sessionUpdate: 'tool_call',
        toolCallId: 'c1',
        title: 'Read a.ts',
        kind: 'read',
        status: 'pending',
        locations: [{ path: '/a.ts' }],
      }),
      u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'in_progress' }),
      u({
        sessionUpdate: 'tool_call_update',
        toolCallId: 'c1',
        status: 'completed',
        content: [{ type: 'content', content: text('ok') }],
      }),
    );
    expect(s.entryIds).toHaveLength(1);
    expect(s.toolCalls.c1).toMatchObject({
      title: 'Read a.ts',
      kind: 'read',
      status: 'completed',
      locations: [{ path: '/a.ts' }],
    });
    expect(s.toolCalls.c1!.content).toHaveLength(1);
    expect(s.toolCalls.c1!.startedAt).toBe(1000);
    expect(s.toolCalls.c1!.updatedAt).toBe(1020);
  });

  it('an update for an unknown tool call creates a placeholder instead of failing', () => {
    const s = fold(u({ sessionUpdate: 'tool_call_update', toolCallId: 'ghost', status: 'failed' }));
    expect(s.toolCalls.ghost).toMatchObject({ title: 'ghost', kind: 'other', status: 'failed' });
  });

  it('plan replaces the whole plan', () => {
    const s = fold(
      u({
        sessionUpdate: 'plan',
        entries: [
          { content: 'a', priority: 'high', status: 'pending' },
          { content: 'b', priority: 'low', status: 'pending' },
        ],
      }),
      u({ sessionUpdate: 'plan', entries: [{ content: 'a', priority: 'high', status: 'completed' }] }),
    );
    expect(s.plan).toEqual([{ content: 'a', priority: 'high', status: 'completed' }]);
  });

  it('commands, modes, config options, session info and usage update their slices', () => {
    const s = fold(
      {
        type: 'session_state',
        modes: {
          currentModeId: 'ask',
          availableModes: [
            { id: 'ask', name: 'Ask' },
            { id: 'code', name: 'Code' },
          ],
        },
      },
      u({ sessionUpdate: 'available_commands_update', availableCommands: [{ name: 'help', description: 'Help' }] }),
      u({ sessionUpdate: 'current_mode_update', currentModeId: 'code' }),
      u({
        sessionUpdate: 'config_option_update',
        configOptions: [
          { id: 'model', name: 'Model', type: 'select', currentValue: 'x', options: [{ value: 'x', name: 'X' }] },
        ],
      }),
      u({ sessionUpdate: 'session_info_update', title: 'My chat', updatedAt: '2026-01-01T00:00:00Z' }),
      u({ sessionUpdate: 'usage_update', used: 10, size: 100 }),
    );
    expect(s.commands.map((c) => c.name)).toEqual(['help']);
    expect(s.modes?.currentModeId).toBe('code');
    expect(s.modes?.availableModes).toHaveLength(2);
    expect(s.configOptions[0]?.id).toBe('model');
    expect(s.title).toBe('My chat');
    expect(s.usage).toEqual({ used: 10, size: 100 });
    const cleared = reduceAll(s, [
      { sessionId: 's', seq: 99, at: 0, event: u({ sessionUpdate: 'session_info_update', title: null }) },
    ]);
    expect(cleared.title).toBeNull();
  });

  it('unknown update kinds change nothing but a counter', () => {
    const before = fold(u({ sessionUpdate: 'agent_message_chunk', content: text('x') }));
    const after = reduceAll(before, [
      { sessionId: 's', seq: 2, at: 0, event: u({ sessionUpdate: 'future_kind' } as unknown as SessionUpdate) },
      { sessionId: 's', seq: 3, at: 0, event: { type: 'unknown_update', raw: { sessionUpdate: 'other' } } },
    ]);
    expect(after.entryIds).toEqual(before.entryIds);
    expect(after.unknownUpdates).toBe(2);
  });

  it('ignores envelopes at or below lastSeq (idempotent replay of a batch)', () => {
    const events = log(u({ sessionUpdate: 'agent_message_chunk', content: text('once') }));
    const s = reduceAll(reduceAll(initialSessionState('s'), events), events);
    expect(texts(s)).toEqual(['agent:once']);
  });
});

describe('session reducer: turns, permissions, transport', () => {
  it('a cancelled turn marks unfinished tool calls cancelled', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('go')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c', title: 'Run', kind: 'execute', status: 'in_progress' }),
      { type: 'cancel_requested', turnId: 't' },
      { type: 'turn_ended', turnId: 't', stopReason: 'cancelled' },
    );
    expect(s.toolCalls.c!.status).toBe('cancelled');
    expect(s.turn.status).toBe('idle');
  });

  it('tracks cancelling while the turn winds down', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('go')] },
      { type: 'cancel_requested', turnId: 't' },
    );
    expect(s.turn.status).toBe('cancelling');
  });

  it('permission requests are visible until resolved and mark their tool call', () => {
    const requested = fold(
      u({ sessionUpdate: 'tool_call', toolCallId: 'c', title: 'Edit', kind: 'edit', status: 'pending' }),
      {
        type: 'permission_requested',
        requestId: 'p1',
        toolCall: { toolCallId: 'c' },
        options: [{ optionId: 'a', name: 'Allow', kind: 'allow_once' }],
      },
    );
    expect(Object.keys(requested.permissions)).toEqual(['p1']);
    expect(requested.toolCalls.c!.awaitingPermission).toBe('p1');
    const resolved = reduceAll(requested, [
      {
        sessionId: 's',
        seq: 3,
        at: 0,
        event: {
          type: 'permission_resolved',
          requestId: 'p1',
          outcome: { outcome: 'selected', optionId: 'a' },
          by: 'user',
        },
      },
    ]);
    expect(resolved.permissions).toEqual({});
    expect(resolved.toolCalls.c!.awaitingPermission).toBeUndefined();
  });

  it('an interrupted turn ends with its error and a marker-free timeline stays ordered', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('go')] },
      { type: 'turn_ended', turnId: 't', error: { message: 'The turn was interrupted', kind: 'interrupted' } },
    );
    expect(s.turn.lastError).toMatch(/interrupted/);
    expect(texts(s)).toEqual(['user:go', 'turn_end:The turn was interrupted']);
  });

  it('gaps become in-place markers that say content may be missing during a turn', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('go')] },
      {
        type: 'transport',
        event: {
          type: 'gap',
          lane: 'session:s',
          droppedAt: 0,
          durationMs: 2300,
          reason: 'x',
          inFlight: [],
          mayHaveLost: '',
        },
      },
      { type: 'transport', event: { type: 'recovered', sessionId: 's', via: 'session/load' } },
    );
    const markers = s.entryIds.map((id) => s.entries[id]!).filter((e) => e.kind === 'marker');
    expect(markers.map((m) => m.kind === 'marker' && m.text)).toEqual([
      'Stream dropped for 2.3 s, reconnected. Content may be missing here.',
      'Reconnected; session re-attached with session/load.',
    ]);
  });

  it('an outage is marked when it starts, in its own words, and that marker is updated in place when it ends', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('hi')] },
      {
        type: 'transport',
        event: {
          type: 'reconnect',
          lane: 'session:s1',
          sessionId: 's1',
          attempt: 1,
          delayMs: 100,
          reason: 'could not open the stream: ECONNREFUSED',
        },
      },
      {
        type: 'transport',
        event: {
          type: 'connection-lost',
          reason: 'the server no longer knows this connection (HTTP 404 on the stream of session other-7)',
        },
      },
      { type: 'transport', event: { type: 'recovered', sessionId: 's1', via: 'session/load' } },
    );
    const markers = s.entryIds.map((id) => s.entries[id]!).filter((e) => e.kind === 'marker');
    expect(markers).toHaveLength(1);
    const only = markers[0]!;
    expect(only.kind === 'marker' && only.text).toMatch(
      /^Connection lost \(since .*\), then restored; session re-attached with session\/load\.$/,
    );
    expect(s.outage).toBeUndefined();
    // While it lasted, the marker named no other session and had no doubled parentheses.
    const during = fold({
      type: 'transport',
      event: {
        type: 'connection-lost',
        reason: 'the server no longer knows this connection (HTTP 404 on the stream of session other-7)',
      },
    });
    const text1 = Object.values(during.entries).find((e) => e.kind === 'marker');
    expect(text1?.kind === 'marker' && text1.text).toBe(
      'Connection lost: the server no longer knows this connection (HTTP 404). Reconnecting…',
    );
  });

  it('detached sessions say why', () => {
    const s = fold({ type: 'detached', reason: 'The agent cannot load sessions.' });
    expect(s.detached).toMatch(/cannot load/);
  });
});

describe('session reducer: load replay reconciliation', () => {
  const history = [
    { type: 'prompt_sent', turnId: 't', prompt: [text('hi')] },
    u({ sessionUpdate: 'agent_message_chunk', content: text('Hello'), messageId: 'm1' }),
    u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read', kind: 'read', status: 'completed' }),
    { type: 'turn_ended', turnId: 't', stopReason: 'end_turn' },
  ] satisfies SessionEvent[];
  const replay = (...updates: SessionUpdate[]): SessionEvent[] => [
    { type: 'replay_started', via: 'session/load' },
    ...updates.map(u),
    { type: 'replay_ended' },
  ];

  it('a replay of what we already have adds nothing', () => {
    const s = fold(
      ...history,
      ...replay(
        { sessionUpdate: 'user_message_chunk', content: text('hi') },
        { sessionUpdate: 'agent_message_chunk', content: text('Hello'), messageId: 'm1' },
        { sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read', kind: 'read', status: 'completed' },
      ),
    );
    expect(texts(s)).toEqual(['user:hi', 'agent:Hello', 'tool_call:c1', 'turn_end:end_turn']);
  });

  it('completes a message our stream cut short and appends what the agent has beyond our copy', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('hi')] },
      u({ sessionUpdate: 'agent_message_chunk', content: text('Hel') }),
      ...replay(
        { sessionUpdate: 'user_message_chunk', content: text('hi') },
        { sessionUpdate: 'agent_message_chunk', content: text('Hello world') },
        { sessionUpdate: 'agent_message_chunk', content: text('!') },
        { sessionUpdate: 'user_message_chunk', content: text('second') },
      ),
    );
    expect(texts(s)).toEqual(['user:hi', 'agent:Hello world!', 'user:second']);
  });

  it('keeps our history and marks the point where the agent disagrees', () => {
    const s = fold(...history, ...replay({ sessionUpdate: 'user_message_chunk', content: text('something else') }));
    expect(texts(s)).toEqual([
      'user:hi',
      'agent:Hello',
      'tool_call:c1',
      'turn_end:end_turn',
      "marker:The agent's history differs from the local transcript: one entry it has is not shown above, so it follows.",
      'user:something else',
    ]);
  });

  it('a text-only replay (no thoughts, tool calls or plans) adds nothing, however often it comes', () => {
    const local = [
      { type: 'prompt_sent', turnId: 't1', prompt: [text('first')] },
      u({ sessionUpdate: 'agent_thought_chunk', content: text('thinking') }),
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read', kind: 'read', status: 'completed' }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('one') }),
      { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
      { type: 'prompt_sent', turnId: 't2', prompt: [text('second')] },
      u({ sessionUpdate: 'agent_message_chunk', content: text('two') }),
      { type: 'turn_ended', turnId: 't2', stopReason: 'end_turn' },
    ] satisfies SessionEvent[];
    const textOnly = replay(
      { sessionUpdate: 'user_message_chunk', content: text('first') },
      { sessionUpdate: 'agent_message_chunk', content: text('one') },
      { sessionUpdate: 'user_message_chunk', content: text('second') },
      { sessionUpdate: 'agent_message_chunk', content: text('two') },
    );
    const once = texts(fold(...local));
    // Three reconnects, three replays.
    expect(texts(fold(...local, ...textOnly, ...textOnly, ...textOnly))).toEqual(once);
  });

  it('consecutive prompts the replay merged into one message match the local prompts', () => {
    const local = [
      { type: 'prompt_sent', turnId: 't1', prompt: [text('alpha ')] },
      u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Run', kind: 'execute', status: 'failed' }),
      { type: 'turn_ended', turnId: 't1', stopReason: 'cancelled' },
      { type: 'prompt_sent', turnId: 't2', prompt: [text('beta')] },
      u({ sessionUpdate: 'agent_message_chunk', content: text('done') }),
      { type: 'turn_ended', turnId: 't2', stopReason: 'end_turn' },
    ] satisfies SessionEvent[];
    const merged = replay(
      { sessionUpdate: 'user_message_chunk', content: text('alpha ') },
      { sessionUpdate: 'user_message_chunk', content: text('beta') },
      { sessionUpdate: 'agent_message_chunk', content: text('done') },
    );
    expect(texts(fold(...local, ...merged))).toEqual(texts(fold(...local)));
  });

  it('a turn the agent ran while we were away is appended once, without a marker, and not again', () => {
    const more = replay(
      { sessionUpdate: 'user_message_chunk', content: text('hi') },
      { sessionUpdate: 'agent_message_chunk', content: text('Hello'), messageId: 'm1' },
      { sessionUpdate: 'user_message_chunk', content: text('later') },
      { sessionUpdate: 'agent_message_chunk', content: text('reply') },
    );
    const s = texts(fold(...history, ...more, ...more));
    expect(s).toEqual(['user:hi', 'agent:Hello', 'tool_call:c1', 'turn_end:end_turn', 'user:later', 'agent:reply']);
  });

  it('a real difference is marked once; the same replay again adds nothing more', () => {
    const other = replay({ sessionUpdate: 'user_message_chunk', content: text('something else') });
    expect(texts(fold(...history, ...other, ...other))).toEqual(texts(fold(...history, ...other)));
  });

  it('a first load into an empty session shows the whole history', () => {
    const s = fold(
      ...replay(
        { sessionUpdate: 'user_message_chunk', content: text('old') },
        { sessionUpdate: 'agent_message_chunk', content: text('answer') },
      ),
    );
    expect(texts(s)).toEqual(['user:old', 'agent:answer']);
  });
});

describe('session reducer: the echo of a prompt that waited for the connection', () => {
  it('is not shown twice when connection markers came between the prompt and its echo', () => {
    const s = fold(
      { type: 'prompt_sent', turnId: 't', prompt: [text('chunks 3')] },
      { type: 'transport', event: { type: 'connection-lost', reason: 'HTTP 404' } },
      { type: 'transport', event: { type: 'recovered', sessionId: 's1', via: 'session/load' } },
      u({ sessionUpdate: 'user_message_chunk', content: text('chunks 3') }),
      u({ sessionUpdate: 'agent_message_chunk', content: text('c0 ') }),
    );
    expect(texts(s).filter((x) => x.startsWith('user:'))).toEqual(['user:chunks 3']);
  });

  it('the running turn says it is waiting until the agent answers', () => {
    const sent = [
      { type: 'prompt_sent', turnId: 't', prompt: [text('later')] },
      { type: 'transport', event: { type: 'waiting', method: 'session/prompt', sessionId: 's1', reason: 'down' } },
    ] satisfies SessionEvent[];
    expect(fold(...sent).turn.waiting).toBe('down');
    expect(
      fold(...sent, u({ sessionUpdate: 'agent_message_chunk', content: text('hi') })).turn.waiting,
    ).toBeUndefined();
  });
});
