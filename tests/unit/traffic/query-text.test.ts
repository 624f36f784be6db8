/**
 * Free text (`"some text"`) means: the record's JSON text, lower-cased, contains the text,
 * lower-cased. The scan no longer lower-cases every record; these properties check that it
 * still answers exactly that, for texts with capitals, `İ` and the Kelvin sign (the two
 * characters whose lower case is ASCII), other non-ASCII letters, quotes, backslashes and
 * regex punctuation, and after a record's lower-cased form replaced its JSON text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { parseTrafficQuery, type TrafficQuery } from '../../../src/shared/traffic/query';
import { lowerText, metaOf, recordJson } from '../../../src/shared/traffic/record-meta';

const SEED = 20261203;

const PIECES = ['a', 'B', 'k', 'K', 'i', 'I', '\u212a', '\u0130', 'İs', 'é', 'É', 'ß', 'Σ', 'ς', '😀'];
const MORE = [' ', '.', '*', '(', ')', '[', '\\', '"', '?', '+', '$', '^', '|', '{', '}', '/', '-', 'x1', 'Te'];
const piece = fc.constantFrom(...PIECES, ...MORE);
const text = fc.array(piece, { maxLength: 7 }).map((p) => p.join(''));

function record(content: string, seq: number): TrafficRecord {
  return {
    kind: 'message',
    direction: 'in',
    lane: 'connection',
    size: content.length,
    message: { jsonrpc: '2.0', method: 'session/update', params: { update: { text: content } } },
    seq,
    at: 1,
    generation: 1,
  };
}

function freeText(needle: string): TrafficQuery {
  const q = parseTrafficQuery(JSON.stringify(needle));
  if (!q.ok) throw new Error(q.error);
  return q;
}

describe('free-text search', () => {
  it('matches exactly when the lower-cased JSON text contains the lower-cased text', () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), (content, needle, lowerFirst) => {
        fc.pre(needle.trim() !== '');
        const r = record(content, 1);
        if (lowerFirst) lowerText(r); // the JSON text is then gone; the lower-cased one is searched
        const want = JSON.stringify(r).toLowerCase().includes(needle.toLowerCase());
        expect(freeText(needle).match(r)).toBe(want);
      }),
      { numRuns: 4000, seed: SEED },
    );
  });

  it('finds ASCII text next to the two characters that lower-case to ASCII', () => {
    expect(freeText('xi').match(record('X\u0130', 1))).toBe(true); // "xi̇": "x", "i", U+0307
    expect(freeText('ik').match(record('\u0130\u212a', 1))).toBe(false); // "i", U+0307, "k"
    expect(freeText('k').match(record('\u212a', 2))).toBe(true);
    expect(freeText('kelvin').match(record('\u212aELVIN', 3))).toBe(true);
    expect(freeText('i̇').match(record('\u0130', 4))).toBe(true);
    expect(freeText('a.c').match(record('abc', 5))).toBe(false);
    expect(freeText('A.C').match(record('xa.cx', 6))).toBe(true);
  });

  it('searches the JSON text the record keeps, without making a lower-cased copy', () => {
    const r = record('Hello World', 1);
    recordJson(r);
    expect(freeText('hello world').match(r)).toBe(true);
    expect(freeText('nowhere').match(r)).toBe(false);
    expect(metaOf(r).lower).toBeUndefined();
  });
});
