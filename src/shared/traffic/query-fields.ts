/**
 * The fields of the traffic query language and the flat, cached view of a record they are
 * evaluated against (see query.ts for the parser and `QUERY_HELP` for the syntax).
 */
import type { TrafficRecord } from '../domain/traffic';
import { laneOf, laneSession, messageInfo, sizeOf } from './message-info';
import type { Exchange, PairingLookup } from './pairing';
import { jsonIfKept, lowerText, metaOf } from './record-meta';

export interface QueryContext {
  /** Needed for `latency:` on responses, `method:` of responses and `has:unanswered|unmatched|pending`. */
  readonly pairing?: PairingLookup;
}

export type Matcher = (r: TrafficRecord, v: FlatView, ctx: QueryContext) => boolean;

/** The fields a record is queried by; computed once per record and cached. */
export interface FlatView {
  readonly kinds: readonly string[];
  readonly method?: string | undefined;
  readonly dir?: string | undefined;
  readonly lane?: string | undefined;
  readonly status?: number | undefined;
  readonly size: number;
  readonly session?: string | undefined;
  readonly id?: string | undefined;
  /** The tool call a message is about (see `toolcall:`). */
  readonly toolCall?: string | undefined;
  readonly error: boolean;
  /** Own latency (HTTP duration / time to first byte); responses get theirs from the pairing. */
  readonly latency?: number | undefined;
}

export function viewOf(r: TrafficRecord): FlatView {
  const meta = metaOf(r);
  return (meta.view ??= derive(r));
}

function lower(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.toLowerCase();
}

function derive(r: TrafficRecord): FlatView {
  const lane = lower(laneOf(r));
  const size = sizeOf(r);
  switch (r.kind) {
    case 'message': {
      const info = messageInfo(r);
      const kinds = ['message', info.shape];
      if (info.shape === 'error') kinds.push('response');
      if (info.updateKind) kinds.push(info.updateKind.toLowerCase());
      return {
        kinds,
        method: lower(info.method),
        dir: r.direction,
        lane,
        size,
        session: lower(info.sessionId),
        id: info.id === undefined ? undefined : String(info.id).toLowerCase(),
        toolCall: lower(info.toolCallId),
        error: info.shape === 'error',
      };
    }
    case 'http':
      return {
        kinds: ['http'],
        method: r.method.toLowerCase(),
        dir: 'out',
        lane,
        status: r.status,
        size,
        session: lower(laneSession(r.lane)),
        error: r.error !== undefined || (r.status !== undefined && r.status >= 400),
        latency: r.durationMs ?? r.ttfbMs,
      };
    case 'stream':
      return {
        kinds: ['stream', r.phase],
        lane,
        status: r.status,
        size,
        session: lower(laneSession(r.lane)),
        error: r.phase === 'error' || r.phase === 'given-up' || r.phase === 'conflict' || r.phase === 'gap',
        latency: r.delayMs,
      };
    case 'websocket':
      return {
        kinds: ['websocket', r.phase],
        lane: 'websocket',
        size,
        error: r.phase === 'error' || r.phase === 'ping-timeout',
      };
    case 'error':
      return { kinds: ['error'], lane, size, session: lower(laneSession(r.lane)), error: true };
  }
}

/** The record's JSON text, lower-cased (free text matches it). */
export function textOf(r: TrafficRecord): string {
  return lowerText(r);
}

const ASCII = /^[\x00-\x7f]*$/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
/** The only characters whose lower case holds ASCII: `İ` → `i̇` and the Kelvin sign → `k`. */
const LOWERS_TO_ASCII = '\u0130\u212a';

/**
 * A free-text test: does the record's lower-cased JSON text contain `needle` (lower case)?
 * For an ASCII needle that is exactly a case-insensitive ASCII search of the text as it is
 * (every ASCII character of the lower-cased text comes from an ASCII one, but for the two of
 * LOWERS_TO_ASCII), so the scan makes no lower-cased copy of 100k records (the cold scan's
 * cost, in time and memory). One regex finds the needle or one of those two; only a record
 * holding them is looked at again in its lower-cased form.
 */
export function containsText(needle: string): (r: TrafficRecord) => boolean {
  if (!ASCII.test(needle)) return (r) => textOf(r).includes(needle);
  const literal = needle.replace(REGEX_SPECIAL, '\\$&');
  const exact = new RegExp(literal, 'i');
  const candidate = new RegExp(`${literal}|[${LOWERS_TO_ASCII}]`, 'i');
  return (r) => {
    const json = jsonIfKept(r);
    if (json === undefined) return textOf(r).includes(needle);
    return candidate.test(json) && (exact.test(json) || textOf(r).includes(needle));
  };
}

// ---- fields -------------------------------------------------------------------------------

export type NumberUnit = 'ms' | 'bytes' | 'plain';

interface StringField {
  readonly type: 'string';
  readonly doc: string;
  readonly values: readonly string[];
  /** Only `values` are accepted (anything else is a query error). */
  readonly closed?: boolean;
  /** Builds the test for one (lower-cased) value. */
  test(value: ValueTest): Matcher;
}
interface NumberField {
  readonly type: 'number';
  readonly doc: string;
  readonly unit: NumberUnit;
  readonly values: readonly string[];
  get(r: TrafficRecord, v: FlatView, ctx: QueryContext): number | undefined;
}
export type Field = StringField | NumberField;

/** A compiled value test: exact (case-insensitive), wildcard or regex. */
export type ValueTest = (s: string | undefined) => boolean;

export const ACP_METHODS = [
  'initialize',
  'authenticate',
  'session/new',
  'session/load',
  'session/resume',
  'session/list',
  'session/prompt',
  'session/cancel',
  'session/update',
  'session/set_mode',
  'session/set_config_option',
  'session/request_permission',
  'fs/read_text_file',
  'fs/write_text_file',
  'terminal/create',
  'terminal/output',
  'terminal/wait_for_exit',
  'terminal/kill',
  'terminal/release',
] as const;

export const SESSION_UPDATE_KINDS = [
  'agent_message_chunk',
  'agent_thought_chunk',
  'user_message_chunk',
  'tool_call',
  'tool_call_update',
  'plan',
  'available_commands_update',
  'current_mode_update',
  'config_option_update',
  'session_info_update',
  'usage_update',
] as const;

const RECORD_KINDS = ['message', 'request', 'response', 'notification', 'error', 'http', 'stream', 'websocket'];

export const FIELDS: Readonly<Record<string, Field>> = {
  method: {
    type: 'string',
    doc: 'JSON-RPC method (responses: their request’s, with pairing) or HTTP method',
    values: [...ACP_METHODS, 'POST', 'GET', 'DELETE'],
    test: (t) => (r, v, ctx) => {
      if (t(v.method)) return true;
      if (r.kind !== 'message' || v.method !== undefined) return false;
      const e = ctx.pairing?.exchangeOf(r.seq);
      return e !== undefined && t(e.method.toLowerCase());
    },
  },
  kind: {
    type: 'string',
    doc: 'record kind, JSON-RPC shape, stream/WebSocket phase, or the sessionUpdate kind',
    values: [...RECORD_KINDS, ...SESSION_UPDATE_KINDS],
    test: (t) => (_r, v) => v.kinds.some(t),
  },
  dir: {
    type: 'string',
    doc: 'direction: in (agent → client) or out (client → agent)',
    values: ['in', 'out'],
    closed: true,
    test: (t) => (_r, v) => t(v.dir),
  },
  lane: {
    type: 'string',
    doc: 'post, connection, websocket, session (any session stream) or session:<id prefix>',
    values: ['post', 'connection', 'session', 'websocket'],
    test: (t) => (_r, v) => {
      if (v.lane === undefined) return false;
      if (t(v.lane)) return true;
      if (v.lane.startsWith('session:')) return t('session');
      return false;
    },
  },
  session: {
    type: 'string',
    doc: 'session id (a prefix is enough; responses: their request’s, with pairing)',
    values: [],
    test: (t) => (r, v, ctx) => t(v.session) || t(lower(requestOf(r, v, ctx)?.sessionId)),
  },
  toolcall: {
    type: 'string',
    doc: 'toolCallId: its session/update notifications and its session/request_permission (and, with pairing, the answer)',
    values: [],
    test: (t) => (r, v, ctx) => t(v.toolCall) || t(lower(requestOf(r, v, ctx)?.toolCallId)),
  },
  id: {
    type: 'string',
    doc: 'JSON-RPC id',
    values: [],
    test: (t) => (_r, v) => t(v.id),
  },
  has: {
    type: 'string',
    doc: 'error, latency, id, session, or (with pairing) unanswered, unmatched, pending',
    values: ['error', 'latency', 'id', 'session', 'unanswered', 'unmatched', 'pending'],
    closed: true,
    test: (t) => {
      // The names a value picks are known when the query compiles: test only those per record.
      const picked = HAS.filter(([name]) => t(name)).map(([, f]) => f);
      if (picked.length === 1) return picked[0]!;
      return (r, v, ctx) => {
        for (const f of picked) if (f(r, v, ctx)) return true;
        return false;
      };
    },
  },
  status: {
    type: 'number',
    unit: 'plain',
    doc: 'HTTP status (POSTs, stream opens, stream errors)',
    values: ['200', '202', '>=400', '409'],
    get: (_r, v) => v.status,
  },
  latency: {
    type: 'number',
    unit: 'ms',
    doc: 'response latency (with pairing), HTTP duration, reconnect delay; units ms, s, m',
    values: ['>500ms', '>1s'],
    get: latencyOf,
  },
  size: {
    type: 'number',
    unit: 'bytes',
    doc: 'wire bytes; units b, kb, mb (1000), kib, mib (1024)',
    values: ['>10kb', '>1mb'],
    get: (_r, v) => v.size,
  },
  seq: {
    type: 'number',
    unit: 'plain',
    doc: 'record sequence number',
    values: [],
    get: (r) => r.seq,
  },
  gen: {
    type: 'number',
    unit: 'plain',
    doc: 'connection generation (1, then +1 per rebuild)',
    values: [],
    get: (r) => r.generation,
  },
};

/** The request a response answers (with pairing); undefined for anything else. */
function requestOf(r: TrafficRecord, v: FlatView, ctx: QueryContext): Exchange | undefined {
  if (r.kind !== 'message' || v.method !== undefined) return undefined;
  const e = ctx.pairing?.exchangeOf(r.seq);
  return e?.responseSeq === r.seq ? e : undefined;
}

function latencyOf(r: TrafficRecord, v: FlatView, ctx: QueryContext): number | undefined {
  if (r.kind === 'message') {
    const e = ctx.pairing?.exchangeOf(r.seq);
    return e?.responseSeq === r.seq ? e.latencyMs : undefined;
  }
  return v.latency;
}

const HAS: ReadonlyArray<readonly [string, Matcher]> = [
  ['error', (r, v, ctx) => v.error || (r.kind === 'message' && ctx.pairing?.exchangeOf(r.seq)?.failed === true)],
  ['latency', (r, v, ctx) => latencyOf(r, v, ctx) !== undefined],
  ['id', (_r, v) => v.id !== undefined],
  ['session', (_r, v) => v.session !== undefined],
  ['unanswered', (r, _v, ctx) => ctx.pairing?.exchangeOf(r.seq)?.state === 'unanswered'],
  ['unmatched', (r, _v, ctx) => ctx.pairing?.isUnmatchedResponse(r.seq) === true],
  ['pending', (r, _v, ctx) => ctx.pairing?.exchangeOf(r.seq)?.state === 'pending'],
];

export const QUERY_FIELDS: readonly string[] = Object.keys(FIELDS);
