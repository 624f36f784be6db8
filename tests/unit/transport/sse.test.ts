import { describe, expect, it } from 'vitest';
import { sniffId, sniffIsResponse } from '../../../src/core/transport/jsonrpc';
import { SseDecoder } from '../../../src/core/transport/sse';

interface Seen {
  events: string[];
  ids: Array<string | undefined>;
  activity: number[];
  oversized: Array<{ excerpt: string; chars: number }>;
}

function decoder(max = 1_000_000): { d: SseDecoder; seen: Seen } {
  const seen: Seen = { events: [], ids: [], activity: [], oversized: [] };
  const d = new SseDecoder(
    {
      onEvent: (e) => {
        seen.events.push(e.data);
        seen.ids.push(e.id);
      },
      onActivity: (bytes) => seen.activity.push(bytes),
      onOversized: (excerpt, chars) => seen.oversized.push({ excerpt, chars }),
    },
    max,
  );
  return { d, seen };
}

const enc = new TextEncoder();
const push = (d: SseDecoder, ...chunks: Array<string | Uint8Array>) =>
  chunks.forEach((c) => d.push(typeof c === 'string' ? enc.encode(c) : c));

describe('SseDecoder', () => {
  it.each([
    ['LF', 'data: {"a":1}\n\ndata: {"b":2}\n\n'],
    ['CRLF', 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n'],
    ['CR', 'data: {"a":1}\r\rdata: {"b":2}\r\r'],
  ])('splits events on %s line endings', (_name, text) => {
    const { d, seen } = decoder();
    push(d, text);
    expect(seen.events).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('handles CRLF and CR split exactly between the CR and the LF', () => {
    const { d, seen } = decoder();
    push(d, 'data: 1\r', '\n\r', '\ndata: 2\r', '\r');
    push(d, 'data: 3\r\n\r\n');
    expect(seen.events).toEqual(['1', '2', '3']);
  });

  it('strips a UTF-8 byte-order mark at the start of the stream', () => {
    const { d, seen } = decoder();
    push(d, new Uint8Array([0xef, 0xbb, 0xbf]), 'data: {"x":1}\n\n');
    expect(seen.events).toEqual(['{"x":1}']);
  });

  it('joins multi-line data with \\n and ignores event:/id:/retry: fields', () => {
    const { d, seen } = decoder();
    push(d, 'event: message\nid: 7\nretry: 1000\ndata: line one\ndata: line two\n\n');
    expect(seen.events).toEqual(['line one\nline two']);
    expect(d.lastEventId).toBe('7');
  });

  it('counts comments (keep-alives) as activity without producing events', () => {
    const { d, seen } = decoder();
    push(d, ':\n\n', ': keep-alive\n\n');
    expect(seen.events).toEqual([]);
    expect(seen.activity).toEqual([3, 14]);
  });

  it('reassembles an event split across chunks, including inside a multi-byte UTF-8 character', () => {
    const { d, seen } = decoder();
    const bytes = enc.encode('data: {"t":"h€llo ✓ 😀"}\n\n');
    const euro = bytes.indexOf(0xe2);
    // Split after the first byte of "€" and inside the 4-byte emoji.
    const emoji = bytes.indexOf(0xf0);
    push(d, bytes.slice(0, euro + 1), bytes.slice(euro + 1, emoji + 2), bytes.slice(emoji + 2));
    expect(seen.events).toEqual(['{"t":"h€llo ✓ 😀"}']);
  });

  it('delivers a final event without its blank line at EOF', () => {
    const { d, seen } = decoder();
    push(d, 'data: {"a":1}\n\ndata: {"last":true}');
    expect(seen.events).toEqual(['{"a":1}']);
    d.end();
    expect(seen.events).toEqual(['{"a":1}', '{"last":true}']);
  });

  it('skips an event that grows past the limit across chunks and still delivers the next one', () => {
    const { d, seen } = decoder(1000);
    push(d, 'data: {"jsonrpc":"2.0","id":42,"result":{"text":"');
    for (let i = 0; i < 10; i++) push(d, 'x'.repeat(300));
    push(d, '"}}\n\ndata: {"next":true}\n\n');
    expect(seen.events).toEqual(['{"next":true}']);
    expect(seen.oversized).toHaveLength(1);
    expect(seen.oversized[0]!.excerpt).toContain('"id":42');
    expect(sniffId(seen.oversized[0]!.excerpt)).toBe(42);
    expect(sniffIsResponse(seen.oversized[0]!.excerpt)).toBe(true);
    expect(seen.oversized[0]!.chars).toBeGreaterThan(1000);
  });

  it('skips an oversized event that arrives in a single chunk', () => {
    const { d, seen } = decoder(1000);
    push(d, `data: {"jsonrpc":"2.0","id":"r-1","result":"${'y'.repeat(5000)}"}\n\ndata: {"next":1}\n\n`);
    expect(seen.events).toEqual(['{"next":1}']);
    expect(seen.oversized).toHaveLength(1);
    expect(sniffId(seen.oversized[0]!.excerpt)).toBe('r-1');
  });

  it('skips an oversized event that starts in the same chunk as a delivered one', () => {
    const { d, seen } = decoder(1000);
    push(d, `data: {"small":1}\n\ndata: {"id":5,"result":"${'z'.repeat(900)}`);
    push(d, `${'z'.repeat(900)}"}\n\ndata: {"after":1}\n\n`);
    expect(seen.events).toEqual(['{"small":1}', '{"after":1}']);
    expect(seen.oversized).toHaveLength(1);
    expect(seen.oversized[0]!.excerpt).toContain('{"id":5');
  });

  it('finds the end of a skipped event when its blank line is split across chunks', () => {
    const { d, seen } = decoder(100);
    push(d, `data: "${'x'.repeat(500)}`);
    push(d, '"\n');
    push(d, '\ndata: {"next":true}\n\n');
    expect(seen.events).toEqual(['{"next":true}']);
    expect(seen.oversized).toHaveLength(1);
  });

  it('finds the end of a skipped event when a CRLF blank line is split across chunks', () => {
    const { d, seen } = decoder(100);
    push(d, `data: "${'x'.repeat(500)}"\r\n\r`);
    push(d, '\ndata: {"next":true}\r\n\r\n');
    expect(seen.events).toEqual(['{"next":true}']);
  });

  it('delivers a bare-CR event at once, without waiting for the next chunk', () => {
    const { d, seen } = decoder();
    push(d, 'data: {"a":1}\r\r');
    expect(seen.events).toEqual(['{"a":1}']);
    push(d, '\ndata: {"b":2}\r\n\r\n');
    expect(seen.events).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('a notification too large to deliver has no id to sniff', () => {
    const { d, seen } = decoder(200);
    push(
      d,
      `data: {"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","text":"${'q'.repeat(400)}"}}\n\n`,
    );
    expect(seen.oversized).toHaveLength(1);
    expect(sniffId(seen.oversized[0]!.excerpt)).toBeUndefined();
    expect(sniffIsResponse(seen.oversized[0]!.excerpt)).toBe(false);
  });

  it('an oversized final event at EOF is not delivered', () => {
    const { d, seen } = decoder(100);
    push(d, `data: "${'x'.repeat(500)}"`);
    d.end();
    expect(seen.events).toEqual([]);
    expect(seen.oversized).toHaveLength(1);
  });
});
