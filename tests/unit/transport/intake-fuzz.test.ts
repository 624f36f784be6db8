/**
 * Property tests of the JSON-RPC intake (issue 9 fuzzing): whatever text a server sends as a
 * message (any JSON, wrong types, huge ids, nesting far past the limit, not JSON at all), the
 * intake never throws, refuses what is too deep with a reason, and what it accepts can be
 * redacted and cloned without overflowing the stack. Seeded; fast-check prints the seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseIncomingJson } from '../../../src/core/transport/json-limits';
import { isJsonRpcMessage, isRequest, isResponse } from '../../../src/core/transport/jsonrpc';
import { Redactor } from '../../../src/core/transport/redact';

const SEED = 20261202;

const rpcish = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.string(), fc.integer()),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.bigInt().map(String), fc.object()),
    method: fc.oneof(fc.constantFrom('session/update', 'session/request_permission', 'x'), fc.integer()),
    params: fc.jsonValue({ maxDepth: 6 }),
    result: fc.jsonValue({ maxDepth: 6 }),
    error: fc.oneof(fc.record({ code: fc.integer(), message: fc.string() }), fc.jsonValue({ maxDepth: 3 })),
  },
  { requiredKeys: [] },
);

function nested(depth: number, open: string, close: string, inner = '0'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

describe('JSON-RPC intake fuzz', () => {
  it('any JSON or JSON-RPC-shaped value: parse, classify and redact never throw', () => {
    const redactor = new Redactor(['x-api-key'], ['sekret-value-1']);
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 8 }), rpcish), (value) => {
        const parsed = parseIncomingJson(JSON.stringify(value) ?? 'null');
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const m = parsed.value;
        const ok = isJsonRpcMessage(m);
        if (ok) {
          isRequest(m);
          isResponse(m);
        }
        structuredClone(redactor.json(m));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('nesting past the limit is refused with a reason, at any depth and bracket mix, without recursion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_JSON_DEPTH + 1, max: 50_000 }),
        fc.constantFrom(['[', ']'], ['{"a":', '}']),
        (depth, [open, close]) => {
          const r = parseIncomingJson(nested(depth, open!, close!));
          expect(r).toEqual({ ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
        },
      ),
      { numRuns: 50, seed: SEED },
    );
  });

  it('brackets inside strings (escaped quotes too) do not count toward depth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), (n) => {
        const text = JSON.stringify({ s: `${'['.repeat(n)}\\"${'{'.repeat(n)}` });
        expect(parseIncomingJson(text).ok).toBe(true);
      }),
      { numRuns: 50, seed: SEED },
    );
  });

  it('text that is not JSON is refused with a reason, never thrown', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parseIncomingJson(text);
        if (!r.ok) expect(r.reason).toMatch(/invalid JSON|nested deeper/);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('a message at the depth limit is accepted and survives redaction and cloning', () => {
    const text = nested(MAX_JSON_DEPTH - 3, '[', ']');
    const r = parseIncomingJson(`{"jsonrpc":"2.0","method":"x","params":{"v":${text}}}`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(() => structuredClone(new Redactor([], ['abcd-secret']).json(r.value))).not.toThrow();
  });
});
