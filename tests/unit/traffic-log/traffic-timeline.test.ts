/**
 * The core's timeline answer (`TrafficLog.timeline`) and the time range of `window`: lanes and
 * latency come from what the ring holds, the query narrows the latency rows only, and the
 * answer stays bounded however many requests the ring holds.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrafficLog } from '../../../src/core/traffic/traffic-log';
import { MAX_LANE_REQUESTS } from '../../../src/core/traffic/traffic-timeline';
import { parseTrafficQuery, type TrafficQuery } from '../../../src/shared/traffic/query';
import { chunk, Recorder, req, res } from '../traffic/records';

const T0 = 1_700_000_000_000;

function newLog(maxRecords?: number): TrafficLog {
  return new TrafficLog({
    dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'acp-tl-')), 'traffic'),
    ...(maxRecords ? { maxRecords } : {}),
    emit: () => undefined,
  });
}

function query(text: string): TrafficQuery {
  const q = parseTrafficQuery(text);
  if (!q.ok) throw new Error(q.error);
  return q;
}

/** initialize (5 ms), a stream drop with its reconnect, session/prompt (40 ms) and a chunk. */
function turn(): Recorder {
  const rec = new Recorder();
  rec.add({ kind: 'stream', lane: 'connection', phase: 'open' });
  rec.out(req(1, 'initialize'));
  rec.in(res(1), 5);
  rec.add({ kind: 'stream', lane: 'connection', phase: 'error', detail: 'reset' }, 5);
  rec.add({ kind: 'stream', lane: 'connection', phase: 'reconnect-scheduled', attempt: 1, delayMs: 100 });
  rec.add({ kind: 'stream', lane: 'connection', phase: 'open' }, 100);
  rec.add({ kind: 'stream', lane: 'connection', phase: 'gap', detail: 'down for 100 ms' });
  rec.out(req(2, 'session/prompt', { sessionId: 's1' }), 10);
  rec.add({ kind: 'stream', lane: 'session:s1', phase: 'open' });
  rec.in(chunk('s1', 'hi'), 20, 'session:s1');
  rec.in(res(2, { stopReason: 'end_turn' }), 20);
  return rec;
}

describe('TrafficLog.timeline', () => {
  it('answers the lanes (spans, gap, reconnect wait, requests) and the latency per method', () => {
    const log = newLog();
    log.append('ep', turn().records);
    const t = log.timeline('ep');
    expect(t.timeline.lanes.map((l) => l.label)).toEqual(['connection SSE', 'session SSE s1', 'POST']);
    const conn = t.timeline.lanes[0]!;
    expect(conn.spans).toHaveLength(2);
    expect(conn.shades.map((s) => s.kind).sort()).toEqual(['gap', 'wait']);
    expect(t.timeline.counts).toEqual({ gaps: 1, reconnects: 1, conflicts: 0 });
    const post = t.timeline.lanes.find((l) => l.lane === 'post')!;
    expect(post.requests.map((r) => [r.method, r.latencyMs])).toEqual([
      ['initialize', 5],
      ['session/prompt', 40],
    ]);
    expect(t.latency).toEqual([
      { method: 'session/prompt', count: 1, p50: 40, p95: 40, max: 40, failed: 0, open: 0 },
      { method: 'initialize', count: 1, p50: 5, p95: 5, max: 5, failed: 0, open: 0 },
    ]);
    expect(t.omittedRequests).toBe(0);
    // JSON-safe: a method with no answer has null figures, not NaN.
    log.append(
      'ep',
      [new Recorder(T0 + 1000).out(req(9, 'session/cancel'))].map((r) => ({ ...r, seq: 100 })),
    );
    const open = log.timeline('ep').latency.find((r) => r.method === 'session/cancel')!;
    expect(open).toMatchObject({ count: 0, open: 1, p50: null, p95: null, max: null });
    expect(JSON.parse(JSON.stringify(open))).toEqual(open);
  });

  it('narrows the latency rows to the query; the lanes stay whole', () => {
    const log = newLog();
    log.append('ep', turn().records);
    const t = log.timeline('ep', query('method:initialize'));
    expect(t.latency.map((r) => r.method)).toEqual(['initialize']);
    expect(t.timeline.lanes).toHaveLength(3);
  });

  it('is empty for an unknown endpoint', () => {
    expect(newLog().timeline('nope')).toMatchObject({ timeline: { lanes: [] }, latency: [], omittedRequests: 0 });
  });

  it('keeps the longest requests of a lane when it holds more than the cap', () => {
    const log = newLog(10_000);
    const rec = new Recorder();
    const n = MAX_LANE_REQUESTS + 50;
    // The first 50 are answered a second later, the others at once.
    for (let i = 1; i <= 50; i++) rec.out(req(i, 'session/prompt'));
    for (let i = 51; i <= n; i++) {
      rec.out(req(i, 'session/prompt'), 1);
      rec.in(res(i));
    }
    for (let i = 1; i <= 50; i++) rec.in(res(i), i === 1 ? 1000 : 0);
    log.append('ep', rec.records);
    const t = log.timeline('ep');
    const post = t.timeline.lanes.find((l) => l.lane === 'post')!;
    expect(post.requests).toHaveLength(MAX_LANE_REQUESTS);
    expect(t.omittedRequests).toBe(50);
    expect(post.requests.filter((r) => r.id !== undefined && Number(r.id) <= 50)).toHaveLength(50);
    expect(t.latency[0]).toMatchObject({ method: 'session/prompt', count: n });
  });
});

describe('TrafficLog.window with a time range', () => {
  it('keeps only records whose time is within, both ends included, with or without a query', () => {
    const log = newLog();
    const rec = turn();
    log.append('ep', rec.records);
    const at = rec.records.map((r) => r.at);
    const w = log.window('ep', undefined, 100, undefined, { from: at[2], to: at[7] });
    expect(w.records.map((e) => e.record.at)).toEqual(at.filter((t) => t >= at[2]! && t <= at[7]!));
    const prompts = log.window('ep', undefined, 100, query('method:session/prompt'), { from: at.at(-1) });
    expect(prompts.records.map((e) => e.record.seq)).toEqual([rec.records.at(-1)!.seq]);
    expect(log.window('ep', undefined, 100, undefined, { from: undefined, to: undefined }).records).toHaveLength(
      rec.records.length,
    );
  });
});
