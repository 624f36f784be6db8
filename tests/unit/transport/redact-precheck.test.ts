/**
 * The tap skips the redactor's walk when `Redactor.mayMaskJson` says the record's JSON text
 * holds nothing to mask. That is only allowed because the pre-check is sound: whenever it says
 * "nothing", the walk would have returned the value unchanged. These properties check that
 * over a corpus built from the pieces the masks look for (scheme words after escaped
 * whitespace, query parameters, URL user info, header maps, {name, value} pairs, held secrets
 * with quotes, backslashes, newlines and surrogates), and that the tap's records (and the JSON
 * text it keeps for the spill) are exactly what the walk-only tap produced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainJsonText, Redactor } from '../../../src/core/transport/redact';
import { TrafficTap } from '../../../src/core/transport/tap';
import type { TrafficRecord, TrafficRecordInput } from '../../../src/shared/domain/traffic';
import { metaOf, recordJson } from '../../../src/shared/traffic/record-meta';

const SEED = 20261203;

const SECRETS = [
  'sk-live-0123456789',
  'Bearer tok"en\\1234',
  'se\ncret-value',
  'pa\u{1F600}ss-word',
  'Basic dXNlcjpodW50ZXIyMg==',
];

const FRAGMENTS = [
  ...['Bearer', 'Basic', 'Token', 'bearer', 'inputTokens', 'xBearer'],
  ...[' ', '\n', '\t', '\r', '\f', '\b', '\u000b', '\u0001', '\u00a0', '\u2028', '\u3000'],
  ...['abc12345', 'a.b-c_d~e+f/g=', '0123456789', 'x', '9', '_', '-', '.', '/', ':', '@', '#'],
  ...[
    '?access_token=',
    '&sig=',
    ';code=',
    '?x-api-key=',
    '?',
    '&',
    ';',
    '=',
    'api_key',
    'apikey',
    'token',
    'access_token',
    'code',
    'sig',
    'key',
    'auth',
  ],
  ...['://', 'https', 'http://u:p@h', 'user:', 'pass', 'ftp://a:b@c/'],
  ...['"', '\\', "'", '<', '>', '\ud83d', '\ude00', '\u{1F600}', 'é', 'ß'],
  ...['headers', 'env', 'name', 'value', 'authorization', 'x-custom'],
  ...SECRETS,
  'hunter22',
  'dXNlcjpodW50ZXIyMg==',
  '\ude00abcd',
  'wxyz\ud83d',
];

const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((parts) => parts.join(''));
const key = fc.oneof(
  fc.constantFrom(
    'headers',
    'env',
    'environment',
    'requestHeaders',
    'responseHeaders',
    'name',
    'value',
    'authorization',
    'x-api-key',
    'x-custom',
    'my-token',
    'text',
    'url',
    'sessionId',
  ),
  text,
);
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    fc.record({ name: fc.oneof(key, text), value: fc.oneof(text, tie('value')) }),
    fc.record({ headers: fc.dictionary(key, text, { maxKeys: 3 }) }),
  ),
})).value;

const redactors = [
  new Redactor(),
  new Redactor(['x-custom'], SECRETS),
  new Redactor([], ['\ude00abcd', 'wxyz\ud83d']),
  (() => {
    const r = new Redactor(['x-custom']);
    r.addValue('late-token-abcdef');
    return r;
  })(),
];

/** The tap before the pre-check: the walk on every record. */
function walked(
  redactor: Redactor,
  input: TrafficRecordInput,
  seq: number,
  at: number,
  generation: number,
  connectionId?: string,
) {
  // The whole record walks: a connection id is the server's text, masked like any other.
  return redactor.json({ ...input, seq, at, generation, ...(connectionId ? { connectionId } : {}) });
}

/** JSON with spaces around every colon and comma (as some peers write it). */
function spaced(v: unknown): string {
  if (Array.isArray(v)) return `[ ${v.map(spaced).join(' , ')} ]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)} \t: ${spaced(x)}`)
      .join(' ,\n ')} }`;
  return JSON.stringify(v);
}

describe('Redactor.mayMaskJson (the tap’s pre-check)', () => {
  it('is sound: when it finds nothing, the walk changes nothing', () => {
    fc.assert(
      fc.property(json, fc.nat({ max: redactors.length - 1 }), (value, i) => {
        const r = redactors[i]!;
        if (!r.mayMaskJson(JSON.stringify(value) ?? '')) expect(r.json(value)).toBe(value);
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('is sound on hand-picked edge cases', () => {
    const r = new Redactor(['x-custom'], SECRETS);
    const cases: unknown[] = [
      'x\nBearer abcdefgh12',
      'x\u000bToken abcdefgh12',
      '\u00a0Basic\u00a0abcdefgh12',
      'Bearer\nabcdefgh12',
      'Bearer\u2028abcdefgh12',
      '"Bearer abcdefgh12',
      '\\Bearer abcdefgh12',
      'see https://u:p@host/x',
      'a?access_token=zzz',
      'a;sig=zzz',
      { headers: { 'x-custom': 'v' } },
      { env: { MY_TOKEN: 'v' } },
      [{ name: 'authorization', value: 'v' }],
      'tok"en\\1234',
      'se\ncret-value',
      'pa\u{1F600}ss-word',
      'hunter22',
    ];
    for (const value of cases) {
      expect(r.mayMaskJson(JSON.stringify(value))).toBe(true);
      expect(r.json(value)).not.toBe(value);
    }
  });

  it('walks a value whose surrogate pairs with its neighbour', () => {
    const r = new Redactor([], ['\ude00abcd', 'wxyz\ud83d']);
    for (const value of ['\ud83d\ude00abcd', 'wxyz\ud83d\ude00']) {
      expect(r.mayMaskJson(JSON.stringify(value))).toBe(true);
      expect(r.json(value)).not.toBe(value);
    }
  });

  it('lets the common message through without a walk', () => {
    const r = new Redactor(['x-custom'], SECRETS);
    const chunk = {
      jsonrpc: '2.0',
      method: 'session/update',
      params: {
        sessionId: 'sess_1',
        update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Hello,\n"world" = 42' } },
      },
    };
    const usage = { jsonrpc: '2.0', id: 3, result: { stopReason: 'end_turn', usage: { inputTokens: 10 } } };
    expect(r.mayMaskJson(JSON.stringify(chunk))).toBe(false);
    expect(r.mayMaskJson(JSON.stringify(usage))).toBe(false);
  });

  it('is sound on a JSON text of the value as a peer may write it, when isPlainJsonText accepts it', () => {
    const spacings = [0, 1, 2, '\t', ' \n ', 'around'] as const;
    fc.assert(
      fc.property(
        json,
        fc.nat({ max: redactors.length - 1 }),
        fc.constantFrom(...spacings),
        fc.boolean(),
        (value, i, space, escapeSlash) => {
          const r = redactors[i]!;
          let wire = space === 'around' ? spaced(value) : (JSON.stringify(value, null, space) ?? '');
          // A peer may write `/` as `\/` and any character as `\uXXXX`: then the guard refuses.
          if (escapeSlash) wire = wire.replace(/\//g, '\\/');
          const escaped = wire.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
          expect(JSON.parse(wire)).toEqual(value ?? JSON.parse(wire));
          for (const text of [wire, escaped])
            if (isPlainJsonText(text) && !r.mayMaskJson(text)) expect(r.json(value)).toBe(value);
          if (escapeSlash && wire.includes('\\/')) expect(isPlainJsonText(wire)).toBe(false);
        },
      ),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('a secret learned later (addValue) is searched from then on', () => {
    const r = new Redactor();
    const v = JSON.stringify({ text: 'x fresh-token-99 y' });
    expect(r.mayMaskJson(v)).toBe(false);
    r.addValue('fresh-token-99');
    expect(r.mayMaskJson(v)).toBe(true);
  });
});

describe('the tap with the pre-check', () => {
  it('emits exactly the records (and JSON text) of the walk-only tap', () => {
    fc.assert(
      fc.property(
        json,
        fc.nat({ max: redactors.length - 1 }),
        fc.constantFrom('connection', 'session:s1', 'post', 'websocket') as fc.Arbitrary<'connection'>,
        fc.constantFrom('in', 'out') as fc.Arbitrary<'in'>,
        fc.option(fc.constantFrom('c1', 'Bearer abcdefgh12'), { nil: undefined }),
        (message, i, lane, direction, connectionId) => {
          const redactor = redactors[i]!;
          const out: TrafficRecord[] = [];
          const tap = new TrafficTap(() => 7, redactor);
          tap.subscribe((r) => out.push(r));
          const input: TrafficRecordInput = { kind: 'message', direction, lane, size: 1, message };
          tap.record(input, 2, connectionId);
          const want = walked(redactor, input, 1, 7, 2, connectionId);
          expect(JSON.stringify(out[0])).toBe(JSON.stringify(want));
          expect(recordJson(out[0]!)).toBe(JSON.stringify(out[0]));
        },
      ),
      { numRuns: 2000, seed: SEED },
    );
  });

  it('keeps the JSON text of a clean message with the record, not in it', () => {
    const tap = new TrafficTap(() => 1, new Redactor());
    const out: TrafficRecord[] = [];
    tap.subscribe((r) => out.push(r));
    tap.record({ kind: 'message', direction: 'in', lane: 'connection', size: 2, message: { jsonrpc: '2.0' } }, 1, 'c');
    const r = out[0]!;
    expect(metaOf(r).json).toBe(JSON.stringify(r));
    expect(Object.keys(r)).toEqual([
      'kind',
      'direction',
      'lane',
      'size',
      'message',
      'seq',
      'at',
      'generation',
      'connectionId',
    ]);
    expect(metaOf({ ...r })).not.toBe(metaOf(r));
    expect(structuredClone(r)).toEqual(r);
  });
});
