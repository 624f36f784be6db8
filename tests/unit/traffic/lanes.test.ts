import { describe, expect, it } from 'vitest';
import { buildLaneTimeline } from '../../../src/shared/traffic/lanes';
import { latencySummary, nearestRank } from '../../../src/shared/traffic/latency';
import { pairAll } from '../../../src/shared/traffic/pairing';
import { chunk, err, Recorder, req, res } from './records';

const T0 = 1_700_000_000_000;
const inputs = (rec: Recorder, endpointId = 'e1') => rec.records.map((record) => ({ endpointId, record }));

describe('lane timeline', () => {
  it('has one lane per stream, in order: connection, sessions, POST, WebSocket', () => {
    const rec = new Recorder();
    rec.add({ kind: 'stream', lane: 'connection', phase: 'open' });
    rec.out(req(1, 'session/new'), 5);
    rec.in(res(1, { sessionId: 's1' }), 5);
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'open' }, 5);
    rec.in(chunk('s1', 'hi'), 5, 'session:s1');
    const t = buildLaneTimeline(inputs(rec));
    expect(t.lanes.map((l) => l.label)).toEqual(['connection SSE', 'session SSE s1', 'POST']);
    expect(t.start).toBe(T0);
    expect(t.end).toBe(T0 + 20);
    // Streams still open run to the end.
    expect(t.lanes[0]!.spans).toEqual([{ start: T0, end: T0 + 20, open: true, generation: 1 }]);
    expect(t.lanes[1]!.spans[0]).toMatchObject({ start: T0 + 15, end: T0 + 20, open: true });
  });

  it('draws a drop as a span end, its reconnect wait, and the gap until the stream reopens', () => {
    const rec = new Recorder();
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'open' });
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'error', detail: 'socket reset' }, 100);
    rec.add(
      { kind: 'stream', lane: 'session:s1', phase: 'reconnect-scheduled', attempt: 1, delayMs: 250, detail: 'reset' },
      1,
    );
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'open' }, 260);
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'gap', detail: 'down for 261 ms' });
    rec.add({ kind: 'stream', lane: 'session:s1', phase: 'closed' }, 40);
    const [lane] = buildLaneTimeline(inputs(rec)).lanes;
    expect(lane!.spans).toEqual([
      { start: T0, end: T0 + 100, open: false, generation: 1 },
      { start: T0 + 361, end: T0 + 401, open: false, generation: 1 },
    ]);
    expect(lane!.shades).toEqual([
      { kind: 'wait', start: T0 + 101, end: T0 + 351, label: 'reconnect attempt 1 in 250 ms (reset)' },
      { kind: 'gap', start: T0 + 100, end: T0 + 361, label: 'gap: down for 261 ms' },
    ]);
    expect(lane!.marks.map((m) => m.kind)).toEqual(['error', 'reconnect']);
    expect(lane!.marks[1]).toMatchObject({ attempt: 1, delayMs: 250 });
    expect(buildLaneTimeline(inputs(rec)).counts).toEqual({ gaps: 1, reconnects: 1, conflicts: 0 });
  });

  it('shades the wait after a 409 as a conflict', () => {
    const rec = new Recorder();
    rec.add({ kind: 'stream', lane: 'connection', phase: 'conflict', status: 409, detail: 'held' });
    rec.add({ kind: 'stream', lane: 'connection', phase: 'reconnect-scheduled', attempt: 2, delayMs: 500 });
    const t = buildLaneTimeline(inputs(rec));
    expect(t.lanes[0]!.marks.map((m) => m.kind)).toEqual(['conflict', 'reconnect']);
    expect(t.lanes[0]!.shades).toEqual([expect.objectContaining({ kind: 'conflict', start: T0, end: T0 + 500 })]);
    expect(t.counts.conflicts).toBe(1);
  });

  it('draws each request from send to response on the lane that carried it; pending ones run to now', () => {
    const rec = new Recorder();
    rec.out(req(1, 'session/prompt', { sessionId: 's1' }));
    rec.in(
      { jsonrpc: '2.0', id: 7, method: 'session/request_permission', params: { sessionId: 's1' } },
      10,
      'session:s1',
    );
    rec.out(res(7, { outcome: { outcome: 'cancelled' } }), 30);
    rec.in(err(1), 60, 'session:s1');
    rec.out(req(2, 'session/cancel'), 5);
    const t = buildLaneTimeline(inputs(rec), T0 + 200);
    const post = t.lanes.find((l) => l.lane === 'post')!;
    const session = t.lanes.find((l) => l.lane === 'session:s1')!;
    expect(post.requests).toEqual([
      expect.objectContaining({ method: 'session/prompt', start: T0, end: T0 + 100, failed: true, latencyMs: 100 }),
      expect.objectContaining({ method: 'session/cancel', start: T0 + 105, end: T0 + 200, state: 'pending' }),
    ]);
    expect(session.requests).toEqual([
      expect.objectContaining({ method: 'session/request_permission', direction: 'in', start: T0 + 10, end: T0 + 40 }),
    ]);
    expect(t.end).toBe(T0 + 200);
  });

  it('ends the spans of a connection when a rebuilt one (new transport, seq restarts) logs', () => {
    const a = new Recorder();
    a.add({ kind: 'websocket', phase: 'open', url: 'ws://x/acp' });
    a.out(req(1, 'initialize'), 10, 'websocket');
    const b = new Recorder(T0 + 500);
    b.add({ kind: 'websocket', phase: 'open', url: 'ws://x/acp' });
    const t = buildLaneTimeline([...inputs(a), ...inputs(b)]);
    const ws = t.lanes.find((l) => l.lane === 'websocket')!;
    expect(ws.spans.map((s) => [s.start - T0, s.end - T0, s.open])).toEqual([
      [0, 500, false],
      [500, 500, true],
    ]);
    // The old connection's request was never answered: it ends where its connection did.
    expect(ws.requests).toEqual([expect.objectContaining({ method: 'initialize', state: 'unanswered' })]);
    expect(ws.shades).toEqual([expect.objectContaining({ kind: 'gap', start: T0 + 500, end: T0 + 500 })]);
  });

  it('keeps endpoints apart and marks failed POSTs; empty input is an empty timeline', () => {
    const rec = new Recorder();
    rec.add({
      kind: 'http',
      method: 'POST',
      url: 'http://x/acp',
      lane: 'post',
      status: 500,
      requestHeaders: {},
      requestBytes: 10,
    });
    const t = buildLaneTimeline([...inputs(rec, 'b'), ...inputs(rec, 'a')]);
    expect(t.lanes.map((l) => l.key)).toEqual(['a|post', 'b|post']);
    expect(t.lanes[0]!.marks).toEqual([
      expect.objectContaining({ kind: 'http-error', status: 500, label: 'POST 500' }),
    ]);
    expect(buildLaneTimeline([])).toEqual({
      start: 0,
      end: 0,
      lanes: [],
      counts: { gaps: 0, reconnects: 0, conflicts: 0 },
    });
  });
});

describe('latency summary', () => {
  it('nearest-rank percentiles are measured values', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 95)).toBe(4);
    expect(nearestRank([7], 95)).toBe(7);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 95)).toBe(95);
    expect(nearestRank(hundred, 50)).toBe(50);
  });

  it('counts, p50, p95 and max per method, slowest first; pending and failed counted apart', () => {
    const rec = new Recorder();
    const lat = [10, 20, 30, 40, 200];
    lat.forEach((ms, i) => {
      rec.out(req(i + 1, 'session/prompt'), 1);
      rec.in(i === 4 ? err(i + 1) : res(i + 1), ms);
    });
    rec.out(req(50, 'fs/read_text_file'), 1);
    rec.in(res(50), 3);
    rec.out(req(60, 'session/cancel'), 1);
    const p = pairAll(rec.records, false);
    const exchanges = rec.records.map((r) => p.exchangeOf(r.seq)).filter((e) => e !== undefined);
    expect(latencySummary(exchanges)).toEqual([
      { method: 'session/prompt', count: 5, p50: 30, p95: 200, max: 200, failed: 1, open: 0 },
      { method: 'fs/read_text_file', count: 1, p50: 3, p95: 3, max: 3, failed: 0, open: 0 },
      { method: 'session/cancel', count: 0, p50: NaN, p95: NaN, max: NaN, failed: 0, open: 1 },
    ]);
  });
});
