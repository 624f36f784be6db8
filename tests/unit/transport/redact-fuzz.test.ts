/**
 * Property: no secret value the app holds survives any traffic record, whatever shape the
 * record has and wherever the value is echoed (whole, bare, inside other text, in headers,
 * deep in JSON). Seeded: fast-check prints the seed and path of a failure to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../src/core/transport/redact';
import { TrafficTap } from '../../../src/core/transport/tap';
import type { TrafficRecord, TrafficRecordInput } from '../../../src/shared/domain/traffic';

const SEED = 20261202;

const tokenChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/'.split(''));
const token = fc.string({ unit: tokenChars, minLength: 8, maxLength: 40 }).filter((t) => !REDACTED.includes(t));
const filler = fc.string({ maxLength: 30 });

/** A JSON value with `secret` placed somewhere inside it. */
function jsonWith(secret: string) {
  return fc
    .tuple(filler, filler, fc.nat({ max: 5 }), fc.constantFrom('array', 'object', 'pair'))
    .map(([before, after, depth, shape]) => {
      let v: unknown = `${before}${secret}${after}`;
      for (let i = 0; i < depth; i++)
        v = shape === 'array' ? [v, i] : shape === 'pair' ? { name: 'X', value: v } : { k: v };
      return v;
    });
}

function capture(redactor: Redactor, input: TrafficRecordInput): string {
  const tap = new TrafficTap(() => 0, redactor);
  const out: TrafficRecord[] = [];
  tap.subscribe((r) => out.push(r));
  tap.record(input, 1, 'c1');
  return JSON.stringify(out);
}

describe('redactor fuzz', () => {
  it('a held secret (whole or bare) never survives a message, error or http record', () => {
    fc.assert(
      fc.property(
        token,
        fc.constantFrom('', 'Bearer ', 'Token '),
        fc.boolean(),
        filler,
        (raw, scheme, echoBare, around) => {
          const held = `${scheme}${raw}`;
          const echoed = echoBare ? raw : held;
          const redactor = new Redactor(['x-secret'], [held]);
          return fc.assert(
            fc.property(jsonWith(echoed), (message) => {
              const records: TrafficRecordInput[] = [
                { kind: 'message', direction: 'in', lane: 'connection', size: 1, message: message as never },
                { kind: 'error', lane: 'connection', message: `${around}${echoed}`, excerpt: `${echoed}${around}` },
                {
                  kind: 'http',
                  method: 'POST',
                  url: `http://h/acp?q=${echoed}`,
                  lane: 'post',
                  httpVersion: 'HTTP/1.1',
                  requestHeaders: { 'x-secret': 'anything', via: echoed },
                  requestBytes: 0,
                  status: 500,
                  error: `${around}${echoed}`,
                },
              ];
              for (const r of records) expect(capture(redactor, r)).not.toContain(raw);
            }),
            { numRuns: 5, seed: SEED },
          );
        },
      ),
      { numRuns: 60, seed: SEED },
    );
  });
});
