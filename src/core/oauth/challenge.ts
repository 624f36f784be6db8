/**
 * The `Bearer` challenge of a 401's `WWW-Authenticate` (RFC 6750 §3, RFC 9728 §5.1): which
 * protected-resource metadata to read, which scope the resource asks for, and why it refused.
 * Only the Bearer challenge is read; other schemes in the same header are skipped.
 */

export interface BearerChallenge {
  /** RFC 9728: where the resource's metadata is. */
  readonly resourceMetadata?: string;
  readonly scope?: string;
  readonly error?: string;
}

const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const PARAM = new RegExp(`^[\\s,]*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))`);
const SCHEME = new RegExp(`^[\\s,]*(${TOKEN})(?=\\s|,|$)`);
const MAX_HEADER = 8192;

/** Every challenge of the header, scheme lower-cased, parameters by lower-cased name. */
function parseChallenges(header: string): Array<{ scheme: string; params: Map<string, string> }> {
  const out: Array<{ scheme: string; params: Map<string, string> }> = [];
  let rest = header.slice(0, MAX_HEADER);
  let current: { scheme: string; params: Map<string, string> } | undefined;
  while (rest.trim()) {
    const param = PARAM.exec(rest);
    if (param && current) {
      const value = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
      current.params.set(param[1]!.toLowerCase(), value);
      rest = rest.slice(param[0].length);
      continue;
    }
    const scheme = SCHEME.exec(rest);
    if (!scheme) {
      // token68 or garbage: skip to the next comma
      const comma = rest.indexOf(',');
      if (comma < 0) break;
      rest = rest.slice(comma + 1);
      continue;
    }
    current = { scheme: scheme[1]!.toLowerCase(), params: new Map() };
    out.push(current);
    rest = rest.slice(scheme[0].length);
  }
  return out;
}

/** The Bearer challenge of a `WWW-Authenticate` value, or undefined when it has none. */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const bearer = parseChallenges(header).find((c) => c.scheme === 'bearer');
  if (!bearer) return undefined;
  const get = (name: string) => bearer.params.get(name);
  const resourceMetadata = get('resource_metadata');
  const scope = get('scope');
  const error = get('error');
  return {
    ...(resourceMetadata ? { resourceMetadata } : {}),
    ...(scope ? { scope } : {}),
    ...(error ? { error } : {}),
  };
}
