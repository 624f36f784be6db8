import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { TrafficRing } from '../../../src/core/traffic/traffic-ring';

const rec = (seq: number): TrafficRecord => ({
  kind: 'message',
  direction: 'in',
  lane: 'post',
  size: 2,
  message: { jsonrpc: '2.0', method: 'm', params: { n: seq } },
  seq,
  at: 1000 + seq,
  generation: 1,
});
const seqs = (entries: { record: TrafficRecord }[]) => entries.map((e) => e.record.seq);

describe('TrafficRing', () => {
  it('keeps the newest `capacity` records in order and numbers them with a growing logSeq', () => {
    const ring = new TrafficRing('ep', 3);
    for (let i = 1; i <= 7; i++) ring.push(rec(i));
    expect(ring.size).toBe(3);
    expect(ring.firstSeq).toBe(5);
    expect(ring.lastSeq).toBe(7);
    const all = ring.window(undefined, 10);
    expect(seqs(all)).toEqual([5, 6, 7]);
    expect(all.map((e) => e.logSeq)).toEqual([5, 6, 7]);
    expect(all.every((e) => e.endpointId === 'ep')).toBe(true);
  });

  it('answers bounded windows from a logSeq, clamped to what it still holds', () => {
    const ring = new TrafficRing('ep', 5);
    for (let i = 1; i <= 8; i++) ring.push(rec(i));
    expect(seqs(ring.window(5, 2))).toEqual([5, 6]);
    expect(seqs(ring.window(1, 2))).toEqual([4, 5]); // 1..3 were evicted
    expect(seqs(ring.window(8, 10))).toEqual([8]);
    expect(ring.window(9, 10)).toEqual([]);
    expect(seqs(ring.window(undefined, 2))).toEqual([7, 8]);
    expect(ring.window(undefined, 0)).toEqual([]);
  });

  it('filters from a logSeq forwards, or the newest matches backwards, in order', () => {
    const ring = new TrafficRing('ep', 10);
    for (let i = 1; i <= 10; i++) ring.push(rec(i));
    const even = (e: { record: TrafficRecord }) => e.record.seq % 2 === 0;
    expect(seqs(ring.filter(even, 3, 2))).toEqual([4, 6]);
    expect(seqs(ring.filter(even, undefined, 2))).toEqual([8, 10]);
  });

  it('clears, and keeps numbering after the clear', () => {
    const ring = new TrafficRing('ep', 3);
    for (let i = 1; i <= 4; i++) ring.push(rec(i));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.firstSeq).toBe(0);
    expect(ring.lastSeq).toBe(0);
    expect(ring.window(undefined, 5)).toEqual([]);
    expect(ring.push(rec(9)).logSeq).toBe(5);
    expect(ring.firstSeq).toBe(5);
    expect(seqs(ring.window(1, 5))).toEqual([9]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new TrafficRing('ep', 0)).toThrow(RangeError);
  });
});
