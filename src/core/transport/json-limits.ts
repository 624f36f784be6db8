/**
 * Limits on what a server sends, checked before anything else touches it:
 * - nesting depth of every incoming JSON message (SSE data, inline POST answers, WebSocket
 *   frames). `JSON.parse` itself copes with deep input, but everything after it recurses (the
 *   redactor, `JSON.stringify`, `structuredClone` across IPC), so a 40 KB message nested 20,000
 *   levels deep would overflow the stack far from where it came in. A linear pre-scan rejects it
 *   at the door, with a reason the traffic log can show, and the stream goes on;
 * - a byte cap on bodies that are read only to be reported (a stream GET answered with JSON).
 */

/** Deeper than any real ACP message (tool input, MCP schemas), far below any stack limit. */
export const MAX_JSON_DEPTH = 256;

/** How much of an unexpected (non-SSE) body is read for the error message. */
export const MAX_EXCERPT_BYTES = 16 * 1024;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * The deepest bracket nesting of `text` outside strings, or `limit + 1` as soon as it is
 * exceeded (the rest is not scanned). Brackets inside strings, escaped quotes included, do not count.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** `JSON.parse` behind the depth check; never throws. */
export function parseIncomingJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, reason: `JSON nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
}

/**
 * Reads at most `max` bytes of a body (for an error message) and cancels the rest, so a
 * server that answers a stream GET with an endless or huge body costs nothing to report.
 */
export async function readExcerpt(response: Response, max = MAX_EXCERPT_BYTES): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    while (total < max) {
      const { value, done } = await reader.read();
      if (done) return text + decoder.decode();
      const take = value.subarray(0, max - total);
      total += take.byteLength;
      text += decoder.decode(take, { stream: true });
    }
    return text + decoder.decode();
  } catch {
    return text;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
