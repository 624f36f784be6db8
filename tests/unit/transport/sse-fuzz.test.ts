/**
 * Property tests of the SSE decoder (issue 9 fuzzing): any stream of events, written with any
 * line endings, with comments and ids between them, and cut into any byte chunks, decodes to
 * exactly the events written (in order, with their ids), never throws, and an event over the
 * size limit is reported once and skipped while every other event still arrives. Seeded:
 * fast-check prints the seed and the shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../../src/core/transport/sse';

const SEED = 20261202;
const enc = new TextEncoder();

/** Data without CR/LF (a line of an event), including non-ASCII. */
const line = fc.string({ unit: fc.constantFrom('a', 'z', '{', '"', ':', ' ', 'é', '😀', '0', '\\'), maxLength: 40 });
const event = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 3 }),
  id: fc.option(fc.string({ unit: fc.constantFrom('1', '2', 'x'), minLength: 1, maxLength: 4 }), { nil: undefined }),
  comment: fc.boolean(),
});
const eol = fc.constantFrom('\n', '\r\n', '\r');

function render(
  events: ReadonlyArray<{ lines: string[]; id?: string | undefined; comment: boolean }>,
  nl: string,
): string {
  return events
    .map((e) => {
      const parts = [
        ...(e.comment ? [': keep-alive'] : []),
        ...(e.id !== undefined ? [`id: ${e.id}`] : []),
        ...e.lines.map((l) => `data: ${l}`),
      ];
      return parts.join(nl) + nl + nl;
    })
    .join('');
}

/** Splits bytes at the given cut points (any byte offset, inside UTF-8 sequences too). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

function decode(chunks: Uint8Array[], limit: number) {
  const events: Array<{ data: string; id: string | undefined }> = [];
  const oversized: number[] = [];
  let lastId: string | undefined;
  const d = new SseDecoder(
    {
      onEvent: (e) => {
        if (e.id !== undefined) lastId = e.id;
        events.push({ data: e.data, id: lastId });
      },
      onActivity: () => undefined,
      onOversized: (_excerpt, chars) => oversized.push(chars),
    },
    limit,
  );
  for (const c of chunks) d.push(c);
  d.end();
  return { events, oversized };
}

describe('SSE decoder fuzz', () => {
  it('any events, any line endings, any chunking: exactly the events written, in order, with their ids', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 12 }),
        eol,
        fc.array(fc.nat(), { maxLength: 20 }),
        (events, nl, cuts) => {
          const bytes = enc.encode(render(events, nl));
          const { events: got, oversized } = decode(chunked(bytes, cuts), 1 << 20);
          let id: string | undefined;
          const want = events.map((e) => {
            if (e.id !== undefined) id = e.id;
            return { data: e.lines.join('\n'), id };
          });
          expect(oversized).toEqual([]);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('an event over the limit is reported once and skipped; every other event still arrives', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 7 }),
        eol,
        fc.array(fc.nat(), { maxLength: 12 }),
        (events, bigAt, nl, cuts) => {
          const at = bigAt % events.length;
          const limit = 4096;
          const big = { lines: ['x'.repeat(limit + 100)], comment: true };
          const all = [...events.slice(0, at), big, ...events.slice(at)];
          const { events: got, oversized } = decode(chunked(enc.encode(render(all, nl)), cuts), limit);
          expect(oversized).toHaveLength(1);
          expect(got.map((e) => e.data)).toEqual(events.map((e) => e.lines.join('\n')));
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });

  it('arbitrary bytes never throw and memory stays bounded by the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const { events } = decode(chunked(bytes, cuts), 512);
        for (const e of events) expect(e.data.length).toBeLessThanOrEqual(512);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
