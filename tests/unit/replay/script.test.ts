import { afterEach, describe, expect, it, vi } from 'vitest';
import { client, methods } from '@agentclientprotocol/sdk';
import type { Lane, MessageRecord } from '../../../src/shared/domain/traffic';
import { ReplayCursor, SessionIdMap, buildReplayScript } from '../../../src/core/replay/script';
import { createReplayAgent } from '../../../src/core/replay/server';

let seq = 0;
function msg(direction: 'in' | 'out', at: number, message: object, extra: Partial<MessageRecord> = {}): MessageRecord {
  const lane: Lane = direction === 'out' ? 'post' : 'connection';
  return { kind: 'message', direction, lane, size: 1, message, seq: ++seq, at, generation: 1, ...extra };
}
const req = (at: number, id: number, method: string, params: object = {}) =>
  msg('out', at, { jsonrpc: '2.0', id, method, params });
const res = (at: number, id: number, result: unknown) => msg('in', at, { jsonrpc: '2.0', id, result });
const update = (at: number, sessionId: string, text: string) =>
  msg('in', at, {
    jsonrpc: '2.0',
    method: 'session/update',
    params: { sessionId, update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } } },
  });

/** A recording: initialize, session/new (S1) and two prompts, with a command list after session/new. */
function conversation() {
  seq = 0;
  return [
    req(0, 0, 'initialize', { protocolVersion: 1 }),
    res(10, 0, { protocolVersion: 1 }),
    req(20, 1, 'session/new', { cwd: '/', mcpServers: [] }),
    res(30, 1, { sessionId: 'S1' }),
    update(36, 'S1', 'commands'),
    req(100, 2, 'session/prompt', { sessionId: 'S1', prompt: [] }),
    update(110, 'S1', 'a'),
    update(150, 'S1', 'b'),
    res(160, 2, { stopReason: 'end_turn' }),
    req(200, 3, 'session/prompt', { sessionId: 'S1', prompt: [] }),
    msg('in', 210, {
      jsonrpc: '2.0',
      id: 0,
      method: 'session/request_permission',
      params: { sessionId: 'S1', toolCall: { toolCallId: 't' }, options: [] },
    }),
    msg('out', 260, { jsonrpc: '2.0', id: 0, result: { outcome: { outcome: 'cancelled' } } }),
    msg('in', 270, { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'boom', data: { sessionId: 'S1' } } }),
  ];
}

describe('buildReplayScript', () => {
  it('indexes client requests by method and order, with their answers', () => {
    const script = buildReplayScript(conversation());
    expect(script.requests).toBe(4);
    expect([...script.byMethod.keys()]).toEqual(['initialize', 'session/new', 'session/prompt']);
    const prompts = script.byMethod.get('session/prompt')!;
    expect(prompts.map((p) => p.n)).toEqual([1, 2]);
    expect(prompts[0]!.answer).toEqual({ type: 'result', result: { stopReason: 'end_turn' } });
    expect(prompts[1]!.answer).toEqual({ type: 'error', code: -32603, message: 'boom', data: { sessionId: 'S1' } });
  });

  it("puts each agent message on its session's latest request, with relative delays", () => {
    const script = buildReplayScript(conversation());
    // The command list came after session/new's answer and before the first prompt: it trails session/new.
    expect(script.byMethod.get('session/new')![0]!.steps).toEqual([
      expect.objectContaining({ kind: 'notification', method: 'session/update', after: true, delayMs: 6 }),
    ]);
    const [first, second] = script.byMethod.get('session/prompt')!;
    expect(first!.steps.map((s) => [s.delayMs, s.after])).toEqual([
      [10, false],
      [40, false],
    ]);
    expect(first!.answerDelayMs).toBe(10);
    expect(second!.steps).toEqual([
      expect.objectContaining({ kind: 'request', method: 'session/request_permission', delayMs: 10, after: false }),
    ]);
    expect(second!.answerDelayMs).toBe(60);
  });

  it('pairs answers by generation and id, ignores internal messages and client answers', () => {
    seq = 0;
    const script = buildReplayScript([
      req(0, 1, 'initialize'),
      msg('in', 1, { jsonrpc: '2.0', id: 1, result: { from: 'gen2' } }, { generation: 2 }),
      req(2, 1, 'initialize', {}),
      msg('out', 3, { jsonrpc: '2.0', id: 9, method: 'session/load', params: {} }, { internal: true }),
      res(4, 1, { from: 'gen1' }),
    ]);
    const inits = script.byMethod.get('initialize')!;
    // Both initialize #1 and #2 have id 1 in generation 1; the first answer in gen 1 goes to the later one.
    expect(inits).toHaveLength(2);
    expect(inits[1]!.answer).toEqual({ type: 'result', result: { from: 'gen1' } });
    expect(inits[0]!.answer).toEqual({ type: 'none' });
    expect(script.byMethod.has('session/load')).toBe(false);
  });
});

describe('ReplayCursor', () => {
  it('hands out the Nth recorded request, then says which one is missing', () => {
    const cursor = new ReplayCursor(buildReplayScript(conversation()));
    expect(cursor.take('session/prompt')).toMatchObject({ ok: true, exchange: { n: 1 } });
    expect(cursor.take('session/prompt')).toMatchObject({ ok: true, exchange: { n: 2 } });
    expect(cursor.take('session/prompt')).toEqual({
      ok: false,
      n: 3,
      message: 'replay: the recording has no session/prompt request #3 to answer with (it has 2 requests)',
    });
    expect(cursor.take('session/set_mode')).toMatchObject({
      ok: false,
      n: 1,
      message: expect.stringContaining('no session/set_mode request #1 to answer with (it has none)'),
    });
  });
});

describe('SessionIdMap', () => {
  it('rewrites recorded session ids deeply and leaves other strings alone', () => {
    const ids = new SessionIdMap();
    const value = { sessionId: 'S1', list: ['S1', 'S10', { id: 'S1' }], n: 1 };
    expect(ids.apply(value)).toBe(value);
    ids.set('S1', 'L1');
    expect(ids.apply(value)).toEqual({ sessionId: 'L1', list: ['L1', 'S10', { id: 'L1' }], n: 1 });
    expect(value.sessionId).toBe('S1');
    ids.set('S1', 'S1');
    expect(ids.live('S1')).toBe('S1');
  });
});

describe('replay agent pacing', () => {
  afterEach(() => vi.useRealTimers());

  it('waits the recorded delays divided by the speed before each update and each answer', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const events: Array<[string, number]> = [];
    const mark = (what: string) => events.push([what, Date.now() - start]);
    const app = createReplayAgent(buildReplayScript(conversation()), (ms) => ms / 2);
    const turn = client({ name: 'test' })
      .onNotification(methods.client.session.update, ({ params }) => {
        const u = params.update;
        if (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') mark(u.content.text);
      })
      .connectWith(app, async (ctx) => {
        await ctx.request(methods.agent.initialize, { protocolVersion: 1 });
        mark('initialized');
        await ctx.request(methods.agent.session.new, { cwd: '/', mcpServers: [] });
        mark('session');
        await ctx.request(methods.agent.session.prompt, { sessionId: 'S1', prompt: [] });
        mark('answer');
      });
    await vi.runAllTimersAsync();
    await turn;
    // Speed 2: recorded gaps of 10, 10, 6 (after the answer), 10, 40 and 10 ms take half as long.
    expect(events).toEqual([
      ['initialized', 5],
      ['session', 10],
      ['commands', 13],
      ['a', 15],
      ['b', 35],
      ['answer', 40],
    ]);
  });
});
