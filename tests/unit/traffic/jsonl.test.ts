import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { JsonlParser, parseJsonl, serializeJsonl, serializeRecord } from '../../../src/shared/traffic/jsonl';
import { chunk, Recorder, req } from './records';

const lane = fc.oneof(
  fc.constantFrom('connection' as const, 'websocket' as const, 'post' as const),
  fc.string({ maxLength: 8 }).map((s) => `session:${s}` as const),
);
const base = {
  seq: fc.nat(),
  at: fc.nat({ max: 4_000_000_000_000 }),
  generation: fc.integer({ min: 1, max: 9 }),
};
const headers = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 });
const required = ['kind', 'seq', 'at', 'generation'] as const;

const recordArb: fc.Arbitrary<TrafficRecord> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('message' as const),
      ...base,
      connectionId: fc.string({ maxLength: 6 }),
      direction: fc.constantFrom('in' as const, 'out' as const),
      lane,
      size: fc.nat(),
      // Messages come from JSON.parse: JSON cannot tell -0 from 0, so normalise like the wire does.
      message: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
      internal: fc.boolean(),
    },
    { requiredKeys: [...required, 'direction', 'lane', 'size', 'message'] },
  ),
  fc.record(
    {
      kind: fc.constant('http' as const),
      ...base,
      method: fc.constantFrom('POST', 'GET', 'DELETE'),
      url: fc.webUrl(),
      lane,
      status: fc.integer({ min: 100, max: 599 }),
      httpVersion: fc.constantFrom('HTTP/1.1', 'HTTP/2'),
      requestHeaders: headers,
      responseHeaders: headers,
      requestBytes: fc.nat(),
      responseBytes: fc.nat(),
      ttfbMs: fc.nat(),
      durationMs: fc.nat(),
      error: fc.string(),
    },
    { requiredKeys: [...required, 'method', 'url', 'lane', 'requestHeaders', 'requestBytes'] },
  ),
  fc.record(
    {
      kind: fc.constant('stream' as const),
      ...base,
      lane,
      phase: fc.constantFrom('opening' as const, 'open' as const, 'gap' as const, 'given-up' as const),
      attempt: fc.nat(),
      delayMs: fc.nat(),
      status: fc.integer({ min: 100, max: 599 }),
      detail: fc.string(),
    },
    { requiredKeys: [...required, 'lane', 'phase'] },
  ),
  fc.record(
    {
      kind: fc.constant('websocket' as const),
      ...base,
      phase: fc.constantFrom('connecting' as const, 'open' as const, 'closed' as const),
      url: fc.webUrl(),
      code: fc.integer({ min: 1000, max: 4999 }),
      reason: fc.string(),
      requestHeaders: headers,
    },
    { requiredKeys: [...required, 'phase', 'url'] },
  ),
  fc.record(
    {
      kind: fc.constant('error' as const),
      ...base,
      lane,
      message: fc.string(),
      excerpt: fc.string(),
    },
    { requiredKeys: [...required, 'message'] },
  ),
) as fc.Arbitrary<TrafficRecord>;

describe('JSONL recordings', () => {
  it('round-trips any records: parse(serialize(records)) equals records', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        const parsed = parseJsonl(serializeJsonl(records));
        expect(parsed.errors).toEqual([]);
        expect(parsed.records).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });

  it('is the format chat --traffic writes: JSON.stringify(record) + newline', () => {
    const r = new Recorder();
    const rec = r.out(req(1, 'session/new'));
    expect(serializeRecord(rec)).toBe(`${JSON.stringify(rec)}\n`);
  });

  it('reports bad lines with their number and keeps going; blank lines and CRLF are fine', () => {
    const r = new Recorder();
    const a = r.out(req(1, 'session/new'));
    const b = r.in(chunk('s', 'x'), 1, 'session:s');
    const text = [
      JSON.stringify(a),
      '',
      '{not json',
      JSON.stringify({ kind: 'message', seq: 3 }),
      JSON.stringify({ kind: 'teleport', seq: 4, at: 1, generation: 1 }),
      `${JSON.stringify(b)}\r`,
    ].join('\n');
    const parsed = parseJsonl(text);
    expect(parsed.records).toEqual([a, b]);
    expect(parsed.lines).toBe(5);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(parsed.errors[0]!.message).toMatch(/^not JSON/);
    expect(parsed.errors[1]!.message).toMatch(/^not a traffic record \(/);
  });

  it('keeps a header literally named __proto__ (an own key, not a prototype)', () => {
    const line =
      '{"kind":"http","seq":1,"at":0,"generation":1,"method":"GET","url":"http://a","lane":"connection","requestHeaders":{"__proto__":"x"},"requestBytes":0}';
    const [rec] = parseJsonl(line).records;
    expect(Object.keys((rec as { requestHeaders: object }).requestHeaders)).toEqual(['__proto__']);
    expect(serializeJsonl([rec!])).toBe(`${line}\n`);
  });

  it('keeps unknown fields (forward compatible)', () => {
    const r = new Recorder();
    const rec = { ...r.out(req(1, 'x')), futureField: { a: 1 } };
    expect(parseJsonl(serializeJsonl([rec as TrafficRecord])).records[0]).toEqual(rec);
  });

  it('streams: chunks split anywhere give the same result', () => {
    const r = new Recorder();
    for (let i = 0; i < 20; i++) r.in(chunk('s', `text ${i}`), 1, 'session:s');
    const text = serializeJsonl(r.records);
    const seen: number[] = [];
    const p = new JsonlParser((rec) => seen.push(rec.seq), false);
    for (let i = 0; i < text.length; i += 7) p.push(text.slice(i, i + 7));
    const result = p.end();
    expect(seen).toEqual(r.records.map((x) => x.seq));
    expect(result.records).toEqual([]);
    expect(result.lines).toBe(20);
  });
});
