import { describe, expect, it } from 'vitest';
import { pairAll, pairSegments, TrafficPairing } from '../../../src/shared/traffic/pairing';
import { err, Recorder, req, res } from './records';

describe('TrafficPairing', () => {
  it('pairs client → agent requests with their responses and measures latency', () => {
    const r = new Recorder();
    const a = r.out(req(1, 'session/new'));
    const b = r.in(res(1, { sessionId: 's1' }), 120);
    const p = new TrafficPairing();
    expect(p.add(a)).toEqual([
      { type: 'request', exchange: expect.objectContaining({ method: 'session/new', state: 'pending' }) },
    ]);
    const [u] = p.add(b);
    expect(u).toMatchObject({
      type: 'response',
      exchange: { requestSeq: a.seq, responseSeq: b.seq, latencyMs: 120, state: 'answered' },
    });
    expect(p.exchangeOf(a.seq)).toBe(p.exchangeOf(b.seq));
    expect(p.latencyOf(b.seq)).toBe(120);
    expect(p.latencyOf(a.seq)).toBeUndefined();
  });

  it('pairs agent → client requests (session/request_permission) with the client answer', () => {
    const r = new Recorder();
    const ask = r.in(req(7, 'session/request_permission', { sessionId: 's1' }), 0, 'session:s1');
    const answer = r.out(res(7, { outcome: { outcome: 'cancelled' } }), 2500);
    const p = pairAll(r.records);
    expect(p.exchangeOf(answer.seq)).toMatchObject({
      requestDirection: 'in',
      requestSeq: ask.seq,
      latencyMs: 2500,
      sessionId: 's1',
      method: 'session/request_permission',
    });
  });

  it('keeps the same id in both directions and across generations apart', () => {
    const r = new Recorder();
    r.out(req(1, 'session/prompt'));
    r.in(req(1, 'fs/read_text_file'), 5);
    const agentAnswer = r.in(res(1), 5);
    const clientAnswer = r.out(res(1), 5);
    const p = pairAll(r.records);
    expect(p.exchangeOf(agentAnswer.seq)?.method).toBe('session/prompt');
    expect(p.exchangeOf(clientAnswer.seq)?.method).toBe('fs/read_text_file');
    expect(p.unmatchedResponses()).toEqual([]);
    expect(p.unanswered()).toEqual([]);
  });

  it('flags a response without a request, and a second answer, as unmatched', () => {
    const r = new Recorder();
    const stray = r.in(res(42));
    r.out(req(1, 'session/new'));
    r.in(res(1));
    const twice = r.in(err(1));
    const p = pairAll(r.records);
    expect(p.unmatchedResponses()).toEqual([stray.seq, twice.seq]);
    expect(p.isUnmatchedResponse(stray.seq)).toBe(true);
  });

  it('string and number ids are distinct', () => {
    const r = new Recorder();
    r.out(req(1, 'a'));
    const wrong = r.in(res('1'));
    const p = pairAll(r.records, false);
    expect(p.isUnmatchedResponse(wrong.seq)).toBe(true);
    expect(p.pending(r.at).map((x) => x.exchange.id)).toEqual([1]);
  });

  it('reports pending requests with their age, oldest first', () => {
    const r = new Recorder();
    r.out(req(1, 'session/prompt'));
    r.out(req(2, 'session/set_mode'), 100);
    r.in(res(2), 10);
    r.out(req(3, 'session/list'), 10);
    const p = pairAll(r.records, false);
    expect(p.pending(r.at + 1000).map((x) => [x.exchange.id, x.ageMs])).toEqual([
      [1, 1120],
      [3, 1000],
    ]);
  });

  it('flags requests never answered: generation ended, id reused, or still pending at finish()', () => {
    const r = new Recorder();
    const lostInRebuild = r.out(req(1, 'session/prompt'));
    const reused = r.out(req(2, 'session/list'), 1);
    const second = r.out(req(2, 'session/list'), 1);
    r.generation = 2;
    const p = new TrafficPairing();
    for (const x of r.records) p.add(x);
    const next = r.out(req(1, 'session/prompt'), 1);
    const updates = p.add(next);
    expect(updates.map((u) => u.type)).toEqual(['unanswered', 'unanswered', 'request']);
    expect(p.unanswered().map((e) => e.requestSeq)).toEqual([reused.seq, lostInRebuild.seq, second.seq]);
    // a response in generation 2 answers generation 2's request only
    const answer = r.in(res(1), 5);
    expect(p.add(answer)[0]).toMatchObject({ type: 'response', exchange: { requestSeq: next.seq, generation: 2 } });
    expect(p.finish()).toEqual([]);
    const leftover = r.out(req(9, 'x'));
    p.add(leftover);
    expect(p.finish()).toEqual([
      { type: 'unanswered', exchange: expect.objectContaining({ requestSeq: leftover.seq }) },
    ]);
    expect(p.exchangeOf(leftover.seq)?.state).toBe('unanswered');
  });

  it('marks error answers as failed; ignores notifications and non-message records', () => {
    const r = new Recorder();
    r.add({ kind: 'stream', lane: 'connection', phase: 'open' });
    r.in({ jsonrpc: '2.0', method: 'session/update', params: {} });
    r.out(req(1, 'session/load'));
    const e = r.in(err(1, -32002, 'not found'));
    const p = pairAll(r.records);
    expect(p.exchangeOf(e.seq)).toMatchObject({ failed: true, state: 'answered' });
    p.clear();
    expect(p.exchangeOf(e.seq)).toBeUndefined();
  });

  it('pairs 100k records (every response found)', () => {
    const r = new Recorder();
    for (let i = 0; i < 50_000; i++) {
      r.out(req(i, 'session/prompt'));
      r.in(res(i), 1);
    }
    const p = pairAll(r.records);
    expect(p.unanswered()).toHaveLength(0);
    expect(p.latencyOf(r.records[99_999]!.seq)).toBe(1);
  });

  it('pairSegments: a recording spanning two transports (seq restarts) pairs each on its own', () => {
    const a = new Recorder();
    a.out(req(1, 'session/prompt'));
    const b = new Recorder(a.at + 10);
    b.out(req(1, 'session/new'));
    const bAnswer = b.in(res(1), 5);
    const aUnanswered = a.records[0]!;
    const records = [...a.records, ...b.records];
    const pairings = pairSegments(records);
    expect(pairings[0]).not.toBe(pairings[1]);
    expect(pairings[1]).toBe(pairings[2]);
    expect(pairings[2]!.exchangeOf(bAnswer.seq)?.method).toBe('session/new');
    expect(pairings[0]!.exchangeOf(aUnanswered.seq)?.state).toBe('unanswered');
  });
});
