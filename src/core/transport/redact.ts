/**
 * Everything the transport records passes through a Redactor first: credentials never reach
 * the traffic log, the CLI's --traffic file, the renderer or an export. Header names that
 * carry credentials by convention are always masked; an endpoint's secret headers and their
 * values (wherever they are echoed, e.g. inside a JSON-RPC error) are masked as well.
 */
const ALWAYS_SECRET = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

export const REDACTED = '[redacted]';

export class Redactor {
  readonly #names: Set<string>;
  readonly #values: string[];

  constructor(secretHeaderNames: readonly string[] = [], secretValues: readonly string[] = []) {
    this.#names = new Set([...ALWAYS_SECRET, ...secretHeaderNames.map((n) => n.toLowerCase())]);
    // Longest first, so a value containing another is masked whole; ignore trivially short ones.
    this.#values = [...new Set(secretValues.filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  }

  headers(h: Readonly<Record<string, string>> | Headers | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!h) return out;
    const entries: Iterable<[string, string]> = h instanceof Headers ? h.entries() : Object.entries(h);
    for (const [k, v] of entries) out[k.toLowerCase()] = this.#names.has(k.toLowerCase()) ? REDACTED : this.text(v);
    return out;
  }

  text(s: string): string {
    let out = s;
    for (const v of this.#values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  /** Deep copy of a JSON value with secret values masked in every string. */
  json<T>(value: T): T {
    if (this.#values.length === 0) return value;
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.json(v) as unknown) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.json(v);
      return out as T;
    }
    return value;
  }

  /** Whether a JSON text contains a secret (cheap pre-check before a deep copy). */
  mentionsSecret(text: string): boolean {
    return this.#values.some((v) => text.includes(v));
  }
}
