/**
 * The traffic log's worker gets a transport's records as a FeedWriter batch (message wire
 * texts and packed numbers) and rebuilds them. What it keeps must be exactly what the tap's
 * own redaction makes of the same records: same fields, same masking, and a JSON text (the
 * spill line) that parses to the record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedWriter, readFeedBatch, batchSize } from '../../../src/core/traffic/feed-batch';
import { Redactor, REDACTED } from '../../../src/core/transport/redact';
import { TrafficTap } from '../../../src/core/transport/tap';
import type { TrafficRecord, TrafficRecordInput } from '../../../src/shared/domain/traffic';
import { recordJson } from '../../../src/shared/traffic/record-meta';

const SEED = 20261204;
const SECRET = 'sk-live-0123456789';

const text = fc.constantFrom('hi', 'Bearer abcdefgh12', SECRET, 'x/y', 'é\u2028', 'a "q" \\ b\n', '?token=zz', '');
const message = fc.record({
  jsonrpc: fc.constant('2.0'),
  method: fc.constantFrom('session/update', 'session/prompt'),
  params: fc.record({
    sessionId: fc.constantFrom('s1', 'sess_9'),
    update: fc.record({ sessionUpdate: fc.constant('agent_message_chunk'), content: fc.record({ text }) }),
    headers: fc.option(fc.dictionary(fc.constantFrom('authorization', 'x-note'), text), { nil: undefined }),
  }),
});
/** The texts a peer may send for a message: ours, spaced, or with `\/` and `\u` escapes. */
const wireOf = (m: unknown, style: number): string => {
  const plain = JSON.stringify(m);
  if (style === 1) return JSON.stringify(m, null, 2);
  if (style === 2) return plain.replace(/\//g, '\\/');
  if (style === 3) return plain.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return plain;
};

function redactors(): Redactor[] {
  const late = new Redactor(['x-note']);
  late.addValue(SECRET);
  return [new Redactor(), new Redactor([], [SECRET]), late];
}

/** The tap's two outputs for the same records: its own redaction, and the feed read back. */
function both(redactor: Redactor, feed: (tap: TrafficTap) => void) {
  const tapped: TrafficRecord[] = [];
  const tap = new TrafficTap(() => 1_700_000_000_123, redactor);
  tap.subscribe((r) => tapped.push(r));
  let writer: FeedWriter | undefined;
  let firsts = 0;
  tap.addFeed(() => (writer = new FeedWriter(() => firsts++)));
  feed(tap);
  const batch = writer!.take()!;
  expect(firsts).toBe(1);
  expect(writer!.take()).toBeUndefined();
  // What the worker gets: a structured clone, and a redactor rebuilt from the spec.
  const read = readFeedBatch(structuredClone(batch), Redactor.fromSpec(redactor.spec()));
  expect(batchSize(batch)).toBe(read.length);
  return { tapped, read };
}

describe('FeedWriter → readFeedBatch', () => {
  it('rebuilds exactly the records the tap redacts, with a spill line that parses to each', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            message,
            style: fc.nat({ max: 3 }),
            direction: fc.constantFrom('in', 'out') as fc.Arbitrary<'in' | 'out'>,
            lane: fc.constantFrom('connection', 'session:s1', 'post', 'websocket') as fc.Arbitrary<'post'>,
            connectionId: fc.option(fc.constantFrom('c-1', 'Bearer abcdefgh12'), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.nat({ max: 2 }),
        (items, i) => {
          const redactor = redactors()[i]!;
          const { tapped, read } = both(redactor, (tap) => {
            for (const it of items) {
              const wire = wireOf(it.message, it.style);
              const input: TrafficRecordInput = {
                kind: 'message',
                direction: it.direction,
                lane: it.lane,
                size: wire.length,
                message: JSON.parse(wire) as unknown,
              };
              tap.record(input, 3, it.connectionId, wire);
            }
          });
          expect(read.map((r) => JSON.stringify(r))).toEqual(tapped.map((r) => JSON.stringify(r)));
          for (const r of read) expect(JSON.parse(recordJson(r))).toEqual(JSON.parse(JSON.stringify(r)));
          if (redactor.spec().values.length) for (const r of read) expect(recordJson(r)).not.toContain(SECRET);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });

  it('carries other records as objects, in order with the messages, and masks them too', () => {
    const redactor = new Redactor([], [SECRET]);
    const { tapped, read } = both(redactor, (tap) => {
      tap.record({ kind: 'stream', lane: 'connection', phase: 'open' }, 1, undefined);
      const m = { jsonrpc: '2.0', id: 1, result: { text: `key ${SECRET}` } };
      tap.record({ kind: 'message', direction: 'in', lane: 'post', size: 5, message: m }, 1, 'c', JSON.stringify(m));
      tap.record(
        {
          kind: 'http',
          method: 'POST',
          url: `https://h/acp?api_key=${SECRET}`,
          lane: 'post',
          status: 202,
          requestBytes: 10,
          requestHeaders: { authorization: `Bearer ${SECRET}`, 'x-note': 'n' },
        },
        1,
        'c',
      );
    });
    expect(read.map((r) => r.kind)).toEqual(['stream', 'message', 'http']);
    expect(read.map((r) => JSON.stringify(r))).toEqual(tapped.map((r) => JSON.stringify(r)));
    expect(JSON.stringify(read)).not.toContain(SECRET);
    expect(JSON.stringify(read[2])).toContain(REDACTED);
  });

  it('grows past its first buffer and interns each lane once per batch', () => {
    let writer: FeedWriter | undefined;
    const tap = new TrafficTap(() => 5);
    tap.addFeed(() => (writer = new FeedWriter(() => undefined)));
    const m = { jsonrpc: '2.0', method: 'session/update', params: { sessionId: 's' } };
    for (let i = 0; i < 1000; i++)
      tap.record(
        { kind: 'message', direction: 'in', lane: 'session:s', size: 1, message: m },
        1,
        'c',
        JSON.stringify(m),
      );
    const batch = writer!.take()!;
    expect(batch.strings).toEqual(['session:s', 'c']);
    const read = readFeedBatch(batch, new Redactor());
    expect(read).toHaveLength(1000);
    expect(read.map((r) => r.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });
});
