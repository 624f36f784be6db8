/** A transport reason in one session's own words (issue 13): no other session cited, no "))". */
import { describe, expect, it } from 'vitest';
import { lossReason, ownWords } from '../../../src/shared/session/outage-words';

const GAVE_UP =
  'the stream of session sess_2 failed 8 times in a row (could not open the stream: fetch failed (connect ECONNREFUSED 127.0.0.1:4100))';

describe('outage words', () => {
  it.each([
    [
      'a 404 on another session’s stream',
      'the server no longer knows this connection (HTTP 404 on the stream of session other-7)',
      'the server no longer knows this connection (HTTP 404)',
    ],
    [
      'a 404 on its own stream',
      'the server no longer knows this connection (HTTP 404 on the stream of session s1)',
      "the server no longer knows this connection (HTTP 404 on this session's stream)",
    ],
    [
      'another session’s lane gave up',
      'the stream of session sess_2 failed 8 times in a row (the server ended the stream)',
      'a stream of this connection failed 8 times in a row (the server ended the stream)',
    ],
    [
      'its own lane gave up, with a nested cause',
      'the stream of session s1 failed 3 times in a row (could not open the stream: HTTP 502 (Bad Gateway))',
      "this session's stream failed 3 times in a row (could not open the stream: HTTP 502 — Bad Gateway)",
    ],
    [
      'a plain reason, its full stop dropped',
      'the WebSocket closed with code 1005.',
      'the WebSocket closed with code 1005',
    ],
  ])('%s', (_name, reason, words) => {
    const out = ownWords('s1', reason);
    expect(out).toBe(words);
    expect(out).not.toContain('))');
  });

  it('a network failure a class recognises is said as its sentence, without the errno chain', () => {
    const text = lossReason('s1', GAVE_UP);
    expect(text).toBe('. Nothing is listening at 127.0.0.1:4100.');
    expect(`Connection lost${text} Reconnecting…`).not.toMatch(/sess_2|ECONNREFUSED|\)\)/);
  });

  it('anything else follows a colon, in its own words', () => {
    expect(lossReason('s1', 'the server no longer knows this connection (HTTP 404 on the stream of session x)')).toBe(
      ': the server no longer knows this connection (HTTP 404).',
    );
  });
});
