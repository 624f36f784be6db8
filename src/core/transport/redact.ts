/**
 * The one redactor. Everything that leaves the transport (traffic records and their excerpts,
 * transport events, error messages, the messages handed to the session engine and from there
 * to windows, exports, CLI output) passes through it, so a credential never reaches the
 * traffic log, the renderer, an export, a --traffic file or an error message.
 *
 * It masks:
 * - header values by name: conventional credential headers (and any name that says token,
 *   secret, key, password, auth or session) plus the endpoint's own secret headers;
 * - every secret value the app holds (secret header values, MCP server env and header values),
 *   in its full form and its bare form (`Bearer abc` → also `abc`; Basic → also the password),
 *   wherever it is echoed;
 * - credentials that look like credentials even when we do not know them: `Bearer …`/`Basic …`
 *   tokens, secret-named URL query parameters (`?api_key=…`) and `user:password@` in URLs.
 */
const ALWAYS_SECRET = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-goog-api-key',
  'private-token',
  'x-access-token',
  'x-csrf-token',
  'x-amz-security-token',
  'ocp-apim-subscription-key',
]);

/** Keys whose object value is a name → value map of headers or environment variables. */
const MAP_KEYS = new Set(['headers', 'env', 'environment', 'requestHeaders', 'responseHeaders']);

/** Header and parameter names that carry credentials by their wording. */
const SECRET_NAME = /token|secret|passw|api[-_]?key|apikey|auth|credential|session[-_]?key|signature/i;

/** Query parameters whose value is masked in any URL or text. */
const SECRET_PARAM_NAME = String.raw`[?&;](?:[\w.-]*(?:token|secret|passw|api[-_]?key|apikey|auth|credential|signature)[\w.-]*|key|sig|code)=`;
const SECRET_PARAM = new RegExp(`(${SECRET_PARAM_NAME})([^&#\\s"'<>]+)`, 'gi');

/**
 * `Bearer <token>` / `Basic <b64>` / `Token <token>` anywhere in a text; the token must look
 * like one (a digit or a token punctuation mark), so prose such as "Basic functionality" stays.
 */
const SCHEME_TOKEN = /\b(Bearer|Basic|Token)(\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/g;

/** `scheme://user:password@host` → the user info masked. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/:@"'<>\\]*:[^\s/@"'<>\\]*(@)/gi;

export const REDACTED = '[redacted]';

/**
 * Necessary conditions, on the JSON text of a value, for `json()` to change it (see
 * `mayMaskJson`). Each is a substring the matched string must contain, as JSON.stringify
 * writes it: `?&;=.-_` letters, digits, `:`, `/` and `@` are never escaped; a non-word character
 * before `Bearer` may be written `\n` or `\u0009` (a letter or digit then precedes it).
 */
const SCHEME_WORDS = ['Bearer', 'Basic', 'Token'];
const WORD_CHAR = /\w/;
const HEX4 = /^[\dA-Fa-f]{4}$/;
/** After the scheme word: whitespace, as is or escaped (`\n`, `\u000b`). */
const SPACE_OR_ESCAPE = /[\s\\]/;
const SECRET_PARAM_IN_JSON = new RegExp(SECRET_PARAM_NAME, 'i');
/** A key whose value is masked by name: a header/env map, or a `{name, value}` pair (any JSON spacing). */
const BY_NAME_KEY_IN_JSON = new RegExp(`"(?:${[...MAP_KEYS, 'name'].join('|')})"\\s*:`);
/**
 * A value starting with a low or ending with a high surrogate may pair with its neighbour in a
 * string, which JSON.stringify then writes as is rather than escaped: such a value always walks.
 */
const EDGE_SURROGATE = /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/;

/** The forms in which a secret value can show up: whole, and without its auth scheme. */
export function secretForms(value: string): string[] {
  const forms = [value];
  const m = /^\s*(bearer|token|basic)\s+(\S+)\s*$/i.exec(value);
  if (m) {
    forms.push(m[2]!);
    if (m[1]!.toLowerCase() === 'basic') {
      try {
        const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0) forms.push(decoded, decoded.slice(colon + 1));
      } catch {
        // not base64: the bare form is enough
      }
    }
  }
  return forms.map((f) => f.trim()).filter((f) => f.length >= 4);
}

/**
 * Whether `json` holds `Bearer`/`Basic`/`Token` where SCHEME_TOKEN could match the string it
 * came from: at a word start (after a non-word character, or an escape such as `\n` or
 * `\u0009`, which ends in a letter or digit) and before whitespace (as is, or escaped).
 */
function schemeWordIn(json: string): boolean {
  for (const word of SCHEME_WORDS)
    for (let i = json.indexOf(word); i !== -1; i = json.indexOf(word, i + 1)) {
      const before = i === 0 ? '' : json[i - 1]!;
      const wordStart =
        before === '' ||
        !WORD_CHAR.test(before) ||
        json[i - 2] === '\\' ||
        (json[i - 6] === '\\' && json[i - 5] === 'u' && HEX4.test(json.slice(i - 4, i)));
      const after = json[i + word.length];
      if (wordStart && after !== undefined && SPACE_OR_ESCAPE.test(after)) return true;
    }
  return false;
}

/**
 * Whether a JSON text (valid, e.g. a message as received) writes no character as `\u…` or
 * `\/`. Then each of its strings is escaped exactly as JSON.stringify escapes it (JSON has
 * no other choices: `\"`, `\\` and the short forms of `\b\f\n\r\t` are the only escapes
 * left, and a control character cannot appear unescaped), so `Redactor.mayMaskJson` may
 * check it in place of JSON.stringify's text, whatever its spacing and key order.
 */
export function isPlainJsonText(json: string): boolean {
  return !json.includes('\\u') && !json.includes('\\/');
}

export function isSecretHeaderName(name: string): boolean {
  const n = name.toLowerCase();
  return ALWAYS_SECRET.has(n) || SECRET_NAME.test(n);
}

/** What a Redactor masks, as plain data: to build the same redactor on another thread. */
export interface RedactorSpec {
  readonly names: readonly string[];
  /** The value forms, longest first (as `secretForms` made them). */
  readonly values: readonly string[];
}

export class Redactor {
  readonly #names: Set<string>;
  readonly #values: string[];
  #version = 0;
  /** Each value's form inside a JSON string ('' for EDGE_SURROGATE: always walk). */
  readonly #escaped = new Map<string, string>();

  constructor(secretHeaderNames: readonly string[] = [], secretValues: readonly string[] = []) {
    this.#names = new Set(secretHeaderNames.map((n) => n.toLowerCase()));
    // Longest first, so a value containing another is masked whole; ignore trivially short ones.
    this.#values = [...new Set(secretValues.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  }

  /** A secret learned while the connection lives (a refreshed OAuth token), masked from now on. */
  addValue(value: string): void {
    const fresh = secretForms(value).filter((f) => !this.#values.includes(f));
    if (!fresh.length) return;
    this.#values.push(...fresh);
    this.#values.sort((a, b) => b.length - a.length);
    this.#version++;
  }

  /** Bumped whenever a value is added: a copy made from `spec()` before then is out of date. */
  get version(): number {
    return this.#version;
  }

  spec(): RedactorSpec {
    return { names: [...this.#names], values: [...this.#values] };
  }

  /** The redactor `spec()` describes, masking exactly what the original does. */
  static fromSpec(spec: RedactorSpec): Redactor {
    const r = new Redactor(spec.names);
    r.#values.push(...spec.values);
    r.#values.sort((a, b) => b.length - a.length);
    return r;
  }

  isSecretName(name: string): boolean {
    return this.#names.has(name.toLowerCase()) || isSecretHeaderName(name);
  }

  headers(h: Readonly<Record<string, string>> | Headers | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!h) return out;
    const entries: Iterable<[string, string]> = h instanceof Headers ? h.entries() : Object.entries(h);
    for (const [k, v] of entries) out[k.toLowerCase()] = this.isSecretName(k) ? REDACTED : this.text(v);
    return out;
  }

  /** Known secret values masked, plus anything shaped like a credential. */
  text(s: string): string {
    let out = this.known(s);
    if (out.includes('=')) out = out.replace(SECRET_PARAM, `$1${REDACTED}`);
    if (out.includes('://')) out = out.replace(URL_PASSWORD, `$1${REDACTED}$2`);
    return out.replace(SCHEME_TOKEN, `$1$2${REDACTED}`);
  }

  /** Only the secret values the app holds masked (for agent content shown as chat). */
  known(s: string): string {
    let out = s;
    for (const v of this.#values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  /**
   * A JSON value with every string masked, copied only where something changed (so the common
   * case, nothing secret, costs one walk and no allocation). Object keys named like secrets in
   * a `headers`/`env` shape keep their key and lose their value.
   */
  json<T>(value: T, mode: 'all' | 'known' = 'all'): T {
    if (mode === 'known' && this.#values.length === 0) return value;
    const all = mode === 'all';
    return this.#walk(value, 0, all ? (s) => this.text(s) : (s) => this.known(s), false, all) as T;
  }

  /**
   * `inMap`: `value` is a header or environment map (`headers`, `env`, … as an object), whose
   * secret-named entries lose their value (e.g. `providers/set`'s `{ "x-api-key": "sk-…" }`).
   */
  #walk(value: unknown, depth: number, mask: (s: string) => string, inMap: boolean, byName: boolean): unknown {
    if (typeof value === 'string') return mask(value);
    if (depth > 512 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = this.#walk(value[i], depth + 1, mask, false, byName);
        if (v !== value[i]) (copy ??= value.slice())[i] = v;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    // A {name, value} pair naming a secret (MCP headers/env in session/new) loses its value.
    const pairSecret = typeof record.name === 'string' && 'value' in record && this.isSecretName(record.name);
    for (const k of Object.keys(record)) {
      const before = record[k];
      const secret =
        typeof before === 'string' && ((pairSecret && k === 'value') || (byName && inMap && this.isSecretName(k)));
      const v = secret ? REDACTED : this.#walk(before, depth + 1, mask, MAP_KEYS.has(k), byName);
      if (v !== before) (copy ??= { ...record })[k] = v;
    }
    return copy ?? value;
  }

  /**
   * A cheap pre-check for `json()`: false proves that `json(value)` returns `value` itself
   * (nothing masked), where `json` is `JSON.stringify(value)` and `value` is JSON data (plain
   * objects, arrays and primitives, e.g. what JSON.parse returns). True means "walk it".
   *
   * Why it is sound: JSON.stringify escapes a string character by character, so a substring
   * of a string in `value` appears in `json` as its own escaped form. Every mask needs a
   * substring that survives that: a held secret value (searched in its escaped form; one that
   * could pair a surrogate with its neighbour always walks), `[?&;]name=` for query parameters,
   * `://` and `@` for URL user info, `Bearer`/`Basic`/`Token` at a word start before a space
   * for scheme tokens, and a `headers`/`env`/… or `name` key for masking by name.
   */
  mayMaskJson(json: string): boolean {
    // Also sound on any JSON text of the value that `isPlainJsonText` accepts (a message as it
    // was on the wire): spacing between tokens changes no string, and its strings are escaped
    // exactly as JSON.stringify escapes them.
    for (const v of this.#values) {
      let e = this.#escaped.get(v);
      if (e === undefined) this.#escaped.set(v, (e = EDGE_SURROGATE.test(v) ? '' : JSON.stringify(v).slice(1, -1)));
      if (e === '' || json.includes(e)) return true;
    }
    return (
      schemeWordIn(json) ||
      (json.includes('://') && json.includes('@')) ||
      (json.includes('=') && SECRET_PARAM_IN_JSON.test(json)) ||
      BY_NAME_KEY_IN_JSON.test(json)
    );
  }

  /** Whether a text contains a known secret value. */
  mentionsSecret(text: string): boolean {
    return this.#values.some((v) => text.includes(v));
  }
}
