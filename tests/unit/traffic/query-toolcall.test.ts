import { describe, expect, it } from 'vitest';
import { parseTrafficQuery } from '../../../src/shared/traffic/query';
import { TrafficPairing } from '../../../src/shared/traffic/pairing';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { chunk, Recorder, req, res } from './records';

const update = (sessionId: string, u: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  method: 'session/update',
  params: { sessionId, update: u },
});

function fixture() {
  const r = new Recorder();
  const prompt = r.out(req(1, 'session/prompt', { sessionId: 's1', prompt: [] }));
  const start = r.in(
    update('s1', { sessionUpdate: 'tool_call', toolCallId: 'call_1', title: 'Read' }),
    1,
    'session:s1',
  );
  const other = r.in(
    update('s1', { sessionUpdate: 'tool_call', toolCallId: 'call_10', title: 'Write' }),
    1,
    'session:s1',
  );
  const text = r.in(chunk('s1', 'hi'), 1, 'session:s1');
  const perm = r.in(
    req('p1', 'session/request_permission', { sessionId: 's1', toolCall: { toolCallId: 'call_1' }, options: [] }),
    1,
    'session:s1',
  );
  const answer = r.out(res('p1', { outcome: { outcome: 'selected', optionId: 'allow' } }), 1);
  const done = r.in(update('s1', { sessionUpdate: 'tool_call_update', toolCallId: 'call_1', status: 'completed' }), 1);
  const elsewhere = r.in(update('s2', { sessionUpdate: 'tool_call', toolCallId: 'call_1', title: 'Read' }), 1);
  const promptRes = r.in(res(1, { stopReason: 'end_turn' }), 1);
  const pairing = new TrafficPairing();
  for (const x of r.records) pairing.add(x);
  return { records: r.records, pairing, prompt, start, other, text, perm, answer, done, elsewhere, promptRes };
}

const f = fixture();

function hits(query: string, withPairing = true): TrafficRecord[] {
  const p = parseTrafficQuery(query);
  if (!p.ok) throw new Error(p.error);
  return f.records.filter((r) => p.match(r, withPairing ? { pairing: f.pairing } : {}));
}

describe('toolcall: (the frames of one tool call card)', () => {
  it('matches its updates, its permission request and (with pairing) the answer, exactly', () => {
    expect(hits('toolcall:call_1')).toEqual([f.start, f.perm, f.answer, f.done, f.elsewhere]);
    expect(hits('toolcall:CALL_1')).toEqual([f.start, f.perm, f.answer, f.done, f.elsewhere]);
    expect(hits('toolcall:call_1', false)).toEqual([f.start, f.perm, f.done, f.elsewhere]);
  });

  it('with session: narrows to one session, the answer found through its request', () => {
    expect(hits('session:s1 toolcall:call_1')).toEqual([f.start, f.perm, f.answer, f.done]);
  });

  it('wildcards and negation work like other string fields', () => {
    expect(hits('toolcall:call_1*')).toEqual([f.start, f.other, f.perm, f.answer, f.done, f.elsewhere]);
    expect(hits('kind:notification -toolcall:call_1')).toEqual([f.other, f.text]);
  });

  it('session: of a response is its request’s (with pairing)', () => {
    expect(hits('session:s1 kind:response')).toEqual([f.answer, f.promptRes]);
    expect(hits('session:s2')).toEqual([f.elsewhere]);
  });
});
