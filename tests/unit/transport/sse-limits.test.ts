import { describe, expect, it } from 'vitest';
import { jsonDepth, parseIncomingJson, MAX_JSON_DEPTH } from '../../../src/core/transport/json-limits';
import { SseDecoder } from '../../../src/core/transport/sse';

function decoder(max: number) {
  const seen = { events: [] as string[], oversized: [] as number[] };
  const d = new SseDecoder(
    {
      onEvent: (e) => seen.events.push(e.data),
      onActivity: () => undefined,
      onOversized: (_excerpt, chars) => seen.oversized.push(chars),
    },
    max,
  );
  return { d, seen };
}

const enc = new TextEncoder();

describe('SSE event size limit', () => {
  it('a comment line between data lines does not reset the count of the event in progress', () => {
    const { d, seen } = decoder(10_000);
    const piece = `data: ${'x'.repeat(5_000)}\n: ka\n`;
    for (let i = 0; i < 40; i++) d.push(enc.encode(piece));
    expect(seen.oversized).toHaveLength(1);
    expect(seen.events).toEqual([]);
    // The stream goes on: the next blank line ends the skipped event and the next one arrives.
    d.push(enc.encode('\n\ndata: {"ok":1}\n\n'));
    expect(seen.events).toEqual(['{"ok":1}']);
    expect(seen.oversized).toHaveLength(1);
  });

  it('the same attack in one chunk per character still trips the limit once', () => {
    const { d, seen } = decoder(2_000);
    const text = `data: ${'y'.repeat(900)}\n: ka\n`.repeat(5);
    for (const ch of text) d.push(enc.encode(ch));
    expect(seen.oversized).toHaveLength(1);
    expect(seen.events).toEqual([]);
  });

  it('keep-alive comments on their own, each ended by a blank line, never trip the limit', () => {
    const { d, seen } = decoder(1_000);
    for (let i = 0; i < 2_000; i++) d.push(enc.encode(': ka\n\n'));
    d.push(enc.encode('data: {"ok":2}\n\n'));
    expect(seen.oversized).toEqual([]);
    expect(seen.events).toEqual(['{"ok":2}']);
  });

  it('many small events in one big chunk, with mixed blank lines, are not counted as one', () => {
    const { d, seen } = decoder(1_000);
    const text = Array.from({ length: 200 }, (_, i) => `data: ${i}${['\n\r\n', '\r\n\n', '\n\n'][i % 3]}`).join('');
    d.push(enc.encode(text));
    expect(seen.oversized).toEqual([]);
    expect(seen.events).toHaveLength(200);
  });
});

describe('JSON depth limit', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('rejects a message nested 20,000 levels deep with a reason, without parsing it', () => {
    const r = parseIncomingJson(`{"jsonrpc":"2.0","method":"x","params":${deep(20_000)}}`);
    expect(r).toEqual({ ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
  });

  it('accepts nesting up to the limit and does not count brackets inside strings', () => {
    expect(parseIncomingJson(deep(MAX_JSON_DEPTH)).ok).toBe(true);
    const s = JSON.stringify({ text: '[[[[{{{{\\"[[[', n: [1] });
    expect(jsonDepth(s)).toBe(2);
    expect(parseIncomingJson(s)).toEqual({ ok: true, value: JSON.parse(s) });
  });

  it('reports invalid JSON as a reason instead of throwing', () => {
    const r = parseIncomingJson('{"a":');
    expect(r.ok).toBe(false);
  });
});
