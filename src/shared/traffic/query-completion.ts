/**
 * Completion and help for the traffic query box.
 */
import type { TrafficRecord } from '../domain/traffic';
import { messageInfo } from './message-info';
import { FIELDS, QUERY_FIELDS } from './query-fields';

export interface Completion {
  /** What the menu shows. */
  readonly label: string;
  /** Replaces the last token of the prefix (from `from`). */
  readonly insert: string;
  /** Offset in the prefix where the replaced token starts. */
  readonly from: number;
  readonly detail?: string;
}

export interface KnownValues {
  readonly methods?: readonly string[];
  readonly sessions?: readonly string[];
  readonly kinds?: readonly string[];
}

/**
 * The methods, session ids and update kinds seen in `records` (at most `limit` of each, in
 * first-seen order), to feed `completions` with what this traffic actually holds.
 */
export function collectKnownValues(records: Iterable<TrafficRecord>, limit = 200): KnownValues {
  const methods = new Set<string>();
  const sessions = new Set<string>();
  const kinds = new Set<string>();
  const add = (set: Set<string>, v: string | undefined) => {
    if (v !== undefined && set.size < limit) set.add(v);
  };
  for (const r of records) {
    if (r.kind !== 'message') continue;
    const info = messageInfo(r);
    add(methods, info.method);
    add(sessions, info.sessionId);
    add(kinds, info.updateKind);
  }
  return { methods: [...methods], sessions: [...sessions], kinds: [...kinds] };
}

/**
 * Completions for the query box: `prefix` is the text before the caret. Completes field names
 * (`me` → `method:`) and values of a field (`method:session/p` → `method:session/prompt`),
 * with `known` adding values seen in the traffic (methods, session ids, update kinds).
 */
export function completions(prefix: string, known: KnownValues = {}): Completion[] {
  const m = /(-?)([^\s()]*)$/.exec(prefix)!;
  const from = m.index + m[1]!.length;
  const token = m[2]!;
  const colon = token.indexOf(':');
  if (colon < 0) {
    const t = token.toLowerCase();
    return QUERY_FIELDS.filter((f) => f.startsWith(t)).map((f) => ({
      label: `${f}:`,
      insert: `${f}:`,
      from,
      detail: FIELDS[f]!.doc,
    }));
  }
  const name = token.slice(0, colon).toLowerCase();
  const field = FIELDS[name];
  if (!field) return [];
  const partial = token.slice(colon + 1).toLowerCase();
  const extra =
    name === 'method'
      ? (known.methods ?? [])
      : name === 'session'
        ? (known.sessions ?? [])
        : name === 'lane'
          ? (known.sessions ?? []).map((s) => `session:${s}`)
          : name === 'kind'
            ? (known.kinds ?? [])
            : [];
  const seen = new Set<string>();
  const out: Completion[] = [];
  for (const value of [...field.values, ...extra]) {
    const key = value.toLowerCase();
    if (seen.has(key) || !key.startsWith(partial)) continue;
    seen.add(key);
    out.push({ label: `${name}:${value}`, insert: `${name}:${value}`, from, detail: field.doc });
  }
  return out;
}

export const QUERY_HELP = `# Traffic query syntax

Terms are \`field:value\`; terms side by side must all match (AND). Combine with \`AND\`, \`OR\`,
parentheses, and negate with \`-\` or \`NOT\`. Values are case-insensitive; \`*\` and \`?\` are wildcards.

| Field | Matches | Example |
| --- | --- | --- |
| \`method\` | JSON-RPC method (a response matches its request's method) or HTTP method | \`method:session/prompt\`, \`method:terminal/*\` |
| \`kind\` | record kind (\`message\`, \`http\`, \`stream\`, \`websocket\`, \`error\`), JSON-RPC shape (\`request\`, \`response\`, \`notification\`, \`error\`), stream phase, or the \`sessionUpdate\` of \`session/update\` | \`kind:tool_call\` |
| \`dir\` | \`in\` (agent → client) or \`out\` (client → agent) | \`dir:in\` |
| \`lane\` | \`post\` (messages sent by POST and the POSTs), \`connection\`, \`websocket\`, \`session\` (any session stream), \`session:<id prefix>\` | \`lane:session:abc\` |
| \`session\` | session id, by prefix | \`session:abc\` |
| \`id\` | JSON-RPC id | \`id:7\` |
| \`status\` | HTTP status of a POST, a stream's GET, or a stream error | \`status:>=400\`, \`status:[400 TO 499]\` |
| \`latency\` | response latency, HTTP duration, reconnect delay (\`ms\`, \`s\`, \`m\`) | \`latency:>500ms\` |
| \`size\` | wire bytes (\`b\`, \`kb\`, \`mb\` = 1000; \`kib\`, \`mib\` = 1024) | \`size:>10kb\` |
| \`has\` | \`error\` (error records and responses, requests answered with an error, HTTP ≥ 400 or failed, stream errors and gaps), \`latency\`, \`id\`, \`session\`, \`unanswered\` (a request never answered), \`unmatched\` (a response without its request), \`pending\` | \`has:error\` |
| \`seq\`, \`gen\` | record sequence number, connection generation | \`gen:2\` |

Numbers compare with \`:>\`, \`:>=\`, \`:<\`, \`:<=\`, \`:\` (equal) or a range \`[a TO b]\` (\`{a TO b}\` excludes the ends).

Free text: a bare word or a \`"quoted phrase"\` searches the record's JSON text; \`/regex/\` works too.

Example: \`method:session/update kind:tool_call dir:in -session:abc "read_file"\`
`;
