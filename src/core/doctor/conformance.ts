/**
 * Conformance checks against the transport RFD, tiered like the official ACP test kit:
 * MANDATORY (a MUST), ADVISORY (a SHOULD or a robustness expectation), INFORMATIONAL (what the
 * server does where the RFD is silent or real peers disagree). Each check is one or two small
 * requests with a short deadline; the checks share one connection (and one session) that is
 * DELETEd at the end (that DELETE is itself the last check), plus whatever a check creates
 * by accident on a broken server (deleted at once).
 */
import { SPECS as S } from './conformance-specs';
import { summarizeAgent } from './http-steps';
import type { AgentSummary, Check, Reachability } from './report';
import { CheckRunner, type CheckBody, type CheckSpec, type Progress } from './steps';
import {
  CONNECTION_ID,
  SESSION_ID,
  initializeBody,
  isObject,
  openSse,
  parseJson,
  postJson,
  responseTo,
  rpc,
  send,
  type SseStream,
  type Wire,
} from './wire';
import { probeWebSocket } from './ws-probe';
import type { Agent } from 'node:http';

export interface ConformanceOptions {
  readonly wire: Wire;
  readonly wsUrl: string;
  readonly transport: 'auto' | 'http' | 'ws';
  /** How long to watch the connection stream for keep-alive comments. */
  readonly keepAliveWindowMs: number;
  readonly progress?: Progress;
  /** The WebSocket upgrade's agent for the endpoint's network settings, when they are not direct. */
  readonly wsAgent?: Agent;
}

export interface ConformanceResult {
  readonly checks: Check[];
  readonly agent: AgentSummary | null;
  readonly reach: Reachability;
}

const NOTIFY = JSON.stringify({ jsonrpc: '2.0', method: '$/cancel_request', params: { requestId: 424242 } });

/** The state the checks share: one connection, its stream, one session, its cookies. */
class Ctx {
  readonly created: string[] = [];
  readonly streams: SseStream[] = [];
  agent: AgentSummary | null = null;
  reach: Reachability = { kind: 'ok' };
  connectionId: string | null = null;
  sessionId: string | null = null;
  connStream: SseStream | null = null;
  cookies: string[] = [];
  deleted = false;
  constructor(readonly o: ConformanceOptions) {}

  get wire(): Wire {
    return this.o.wire;
  }
  get cookieHeader(): Record<string, string> {
    const own = Object.keys(this.wire.headers).some((h) => h.toLowerCase() === 'cookie');
    return this.cookies.length && !own ? { cookie: this.cookies.join('; ') } : {};
  }
  conn(): Record<string, string> {
    return { ...this.cookieHeader, [CONNECTION_ID]: this.connectionId! };
  }
  get httpSkip(): string | null {
    return this.o.transport === 'ws' ? 'skipped: --transport ws' : null;
  }
  get noConn(): string | null {
    return this.httpSkip ?? (this.connectionId ? null : 'skipped: initialize did not open a connection');
  }
  get noStream(): string | null {
    return this.connStream ? null : 'skipped: no connection stream';
  }
}

async function initialize(x: Ctx): Promise<void> {
  const a = await postJson(x.wire, initializeBody(1)).catch(() => null);
  const body = a ? parseJson(a.body) : undefined;
  x.connectionId = a?.headers.get(CONNECTION_ID) ?? null;
  if (x.connectionId) x.created.push(x.connectionId);
  if (a && isObject(body) && isObject(body.result) && x.connectionId) {
    x.agent = summarizeAgent(body.result, x.connectionId);
    x.cookies = a.headers
      .getSetCookie()
      .map((s) => s.split(';')[0]!.trim())
      .filter(Boolean);
  } else if (a && (a.status === 401 || a.status === 403)) {
    x.reach = {
      kind: 'auth',
      sentence: `The endpoint refused the credentials (HTTP ${a.status}); conformance could not be checked.`,
    };
  } else {
    x.reach = a
      ? {
          kind: 'not-acp',
          sentence: `${x.wire.url} is not an ACP endpoint: POST initialize answered HTTP ${a.status} without an ACP connection.`,
        }
      : { kind: 'unreachable', sentence: `${x.wire.url} is unreachable: POST initialize got no answer.` };
  }
}

/** The connection stream and one session, used by several checks. */
async function openSessionAndStream(x: Ctx): Promise<void> {
  const s = await openSse(x.wire, x.conn()).catch(() => null);
  if (!s) return;
  x.streams.push(s);
  if (s.status !== 200) return;
  x.connStream = s;
  const p = await postJson(x.wire, rpc(2, 'session/new', { cwd: '/', mcpServers: [] }), x.conn()).catch(() => null);
  if (!p || p.status >= 300) return;
  const m = await s.waitFor(responseTo(2), 3_000);
  if (isObject(m) && isObject(m.result) && typeof m.result.sessionId === 'string') x.sessionId = m.result.sessionId;
}

type CheckFn = (x: Ctx) => Promise<CheckBody>;

const contentType415: CheckFn = async (x) => {
  const a = await send(x.wire, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: initializeBody(1) });
  const stray = a.headers.get(CONNECTION_ID);
  if (stray) x.created.push(stray);
  if (a.status === 415) return { verdict: 'pass', observed: 'HTTP 415.' };
  return {
    verdict: 'fail',
    observed: `HTTP ${a.status} for Content-Type: text/plain${stray ? ' (and it opened a connection)' : ''}.`,
    fix: 'Check the media type of Content-Type before parsing; answer 415 unless it is application/json.',
  };
};

const accept406: CheckFn = async (x) => {
  const s = await openSse(x.wire, x.conn(), 'application/json');
  s.close();
  if (s.status === 406) return { verdict: 'pass', observed: 'HTTP 406.' };
  return {
    verdict: 'fail',
    observed: `HTTP ${s.status} ${s.contentType} for Accept: application/json.`,
    fix: 'Answer 406 to a stream GET whose Accept lacks text/event-stream.',
  };
};

const missingConnection400: CheckFn = async (x) => {
  const a = await postJson(x.wire, rpc(5, 'session/new', { cwd: '/', mcpServers: [] }), x.cookieHeader);
  if (a.status === 400) return { verdict: 'pass', observed: 'HTTP 400.' };
  return {
    verdict: 'fail',
    observed: `HTTP ${a.status} for session/new without Acp-Connection-Id.`,
    fix: 'Refuse any non-initialize POST without Acp-Connection-Id with 400.',
  };
};

const unknownConnection404: CheckFn = async (x) => {
  const a = await postJson(x.wire, NOTIFY, {
    ...x.cookieHeader,
    [CONNECTION_ID]: `acp-desk-probe-unknown-${Date.now()}`,
  });
  if (a.status === 404) return { verdict: 'pass', observed: 'HTTP 404.' };
  return {
    verdict: 'fail',
    observed: `HTTP ${a.status} for an Acp-Connection-Id the server never issued.`,
    fix: 'Answer 404 to requests naming an unknown or closed connection.',
  };
};

const missingSession400: CheckFn = async (x) => {
  const sid = x.sessionId ?? 'acp-desk-probe-session';
  const prompt = rpc(6, 'session/prompt', { sessionId: sid, prompt: [{ type: 'text', text: 'acp-desk probe' }] });
  const a = await postJson(x.wire, prompt, x.conn());
  if (a.status === 400) return { verdict: 'pass', observed: 'HTTP 400.' };
  if (a.status < 300) {
    // It started a turn: cancel it.
    const cancel = JSON.stringify({ jsonrpc: '2.0', method: 'session/cancel', params: { sessionId: sid } });
    await postJson(x.wire, cancel, { ...x.conn(), [SESSION_ID]: sid }).catch(() => undefined);
  }
  return {
    verdict: 'fail',
    observed: `HTTP ${a.status} for session/prompt without Acp-Session-Id.`,
    fix: 'Refuse session-scoped POSTs without Acp-Session-Id with 400.',
  };
};

const batchRefused: CheckFn = async (x) => {
  const a = await postJson(x.wire, `[${rpc(7, 'session/list', {})}]`, x.conn());
  if (a.status === 501 || a.status === 400) return { verdict: 'pass', observed: `HTTP ${a.status}.` };
  return {
    verdict: 'fail',
    observed: `HTTP ${a.status} for a JSON-RPC batch.`,
    fix: 'Refuse JSON arrays (batches) with 501 (or 400).',
  };
};

const secondReader: CheckFn = async (x) => {
  const s = await openSse(x.wire, x.conn());
  s.close();
  if (s.status === 409) return { verdict: 'info', observed: 'HTTP 409: one reader per stream.' };
  if (s.status === 200)
    return { verdict: 'info', observed: 'HTTP 200: a second reader is tolerated (fan-out or takeover).' };
  return { verdict: 'info', observed: `HTTP ${s.status}.` };
};

const unknownSessionStream: CheckFn = async (x) => {
  const s = await openSse(x.wire, { ...x.conn(), [SESSION_ID]: 'acp-desk-probe-no-such-session' });
  s.close();
  if (s.status === 404) return { verdict: 'pass', observed: 'HTTP 404.' };
  return {
    verdict: 'warn',
    observed: `HTTP ${s.status} for a session the server never created.`,
    fix: 'Answer 404 to a stream GET for an unknown session.',
  };
};

const keepAlive: CheckFn = async (x) => {
  const s = x.connStream!;
  const windowMs = x.o.keepAliveWindowMs;
  await s.ended(windowMs);
  const seconds = Math.round(windowMs / 100) / 10;
  if (s.comments.length === 0)
    return {
      verdict: 'info',
      observed: `No keep-alive comments in ${seconds} s of watching (the TS server sends one every 15 s).`,
    };
  const gaps = s.comments.slice(1).map((t, i) => t - s.comments[i]!);
  const every = gaps.length ? `, about every ${Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length)} ms` : '';
  return { verdict: 'info', observed: `${s.comments.length} keep-alive comment(s) in ${seconds} s${every}.` };
};

const eventIds: CheckFn = async (x) => {
  const s = x.connStream!;
  const ids = s.events.map((e) => e.id).filter((id): id is string => !!id);
  if (ids.length === 0)
    return {
      verdict: 'info',
      observed: `No id: fields on ${s.events.length} event(s); nothing to resume from (as v1 says).`,
    };
  s.close();
  const last = ids[ids.length - 1]!;
  const again = await openSse(x.wire, { ...x.conn(), 'last-event-id': last });
  x.streams.push(again);
  x.connStream = again.status === 200 ? again : null;
  return {
    verdict: 'info',
    observed: `Events carry id: fields (last ${last}); re-open with Last-Event-ID answered HTTP ${again.status}.`,
  };
};

const cookies: CheckFn = async (x) => {
  if (x.cookies.length === 0) return { verdict: 'info', observed: 'initialize set no cookies.' };
  const names = x.cookies.map((k) => k.split('=')[0]).join(', ');
  return {
    verdict: 'info',
    observed: `initialize set ${x.cookies.length} cookie(s) (${names}); they were sent back on every later request and the server kept answering.`,
  };
};

const websocket: CheckFn = async (x) => {
  const w = await probeWebSocket(x.o.wsUrl, { ...x.wire.headers }, x.wire.timeoutMs, x.o.wsAgent, x.wire.traffic);
  if (w.initialized && w.connectionId) {
    if (!x.agent && w.result) x.agent = summarizeAgent(w.result, w.connectionId);
    if (x.reach.kind !== 'ok' && x.o.transport === 'ws') x.reach = { kind: 'ok' };
    return { verdict: 'pass', observed: `101 with Acp-Connection-Id; initialize answered over the socket.` };
  }
  if (w.initialized)
    return {
      verdict: 'warn',
      observed: '101 without Acp-Connection-Id; initialize answered.',
      fix: 'Put Acp-Connection-Id on the 101 response.',
    };
  if (x.o.transport === 'ws' && x.reach.kind === 'ok')
    x.reach = {
      kind: 'not-acp',
      sentence: `${x.o.wsUrl} is not an ACP WebSocket endpoint: ${w.error ?? 'no answer'}.`,
    };
  return {
    verdict: 'warn',
    observed: `No ACP WebSocket here: ${w.error ?? 'no answer'}.`,
    fix: 'Serve WebSocket upgrades on the same endpoint.',
  };
};

const resumable: CheckFn = async (x) => {
  const caps = x.agent!.agentCapabilities;
  const meta = isObject(caps._meta) && isObject(caps._meta.transport) ? caps._meta.transport : null;
  const transport = isObject(caps.transport) ? caps.transport : meta;
  if (transport && 'resumable' in transport)
    return { verdict: 'info', observed: `transport.resumable = ${JSON.stringify(transport.resumable)}.` };
  return { verdict: 'info', observed: 'Not advertised (as expected in v1).' };
};

const loadRoute: CheckFn = async (x) => {
  if (x.agent?.agentCapabilities.loadSession !== true)
    return { verdict: 'info', observed: 'The agent does not advertise loadSession.' };
  const sid = x.sessionId!;
  const headers = { ...x.conn(), [SESSION_ID]: sid };
  const sess = await openSse(x.wire, headers);
  x.streams.push(sess);
  if (sess.status !== 200) return { verdict: 'info', observed: `The session stream answered HTTP ${sess.status}.` };
  const a = await postJson(x.wire, rpc(8, 'session/load', { sessionId: sid, cwd: '/', mcpServers: [] }), headers);
  if (a.status >= 300) return { verdict: 'info', observed: `POST session/load answered HTTP ${a.status}.` };
  const conn = x.connStream!;
  const where = await Promise.race([
    conn.waitFor(responseTo(8), 2_000).then((m) => (m ? 'the connection stream' : null)),
    sess.waitFor(responseTo(8), 2_000).then((m) => (m ? 'the session stream' : null)),
  ]);
  sess.close();
  if (!where) return { verdict: 'info', observed: 'No session/load response on either stream within 2 s.' };
  return { verdict: 'info', observed: `The session/load response arrived on ${where}.` };
};

const deleteThen404: CheckFn = async (x) => {
  for (const s of x.streams) s.close();
  const d = await send(x.wire, { method: 'DELETE', headers: x.conn() });
  x.deleted = d.status < 300;
  const after = await postJson(x.wire, NOTIFY, x.conn());
  if ((d.status === 202 || d.status === 200 || d.status === 204) && after.status === 404)
    return { verdict: 'pass', observed: `DELETE ${d.status}, then HTTP 404.` };
  return {
    verdict: 'fail',
    observed: `DELETE answered HTTP ${d.status}; a POST with the old id then got HTTP ${after.status}.`,
    fix: 'DELETE must terminate the connection (202) and the id must then be unknown (404).',
  };
};

/** In order; the skip reason is computed when the check's turn comes. */
const CHECKS: ReadonlyArray<[CheckSpec, (x: Ctx) => string | null, CheckFn]> = [
  [S.contentType, (x) => x.httpSkip, contentType415],
  [S.accept, (x) => x.noConn, accept406],
  [S.missingConnection, (x) => x.noConn, missingConnection400],
  [S.unknownConnection, (x) => x.httpSkip, unknownConnection404],
  [S.missingSession, (x) => x.noConn, missingSession400],
  [S.batch, (x) => x.noConn, batchRefused],
  [S.secondReader, (x) => x.noStream, secondReader],
  [S.unknownSessionStream, (x) => x.noConn, unknownSessionStream],
  [S.keepAlive, (x) => x.noStream, keepAlive],
  [S.eventIds, (x) => x.noStream, eventIds],
  [S.cookies, (x) => x.noConn, cookies],
  [S.websocket, (x) => (x.o.transport === 'http' ? 'skipped: --transport http' : null), websocket],
  [S.resumable, (x) => (x.agent ? null : 'skipped: no initialize result'), resumable],
  [S.loadRoute, (x) => x.noStream ?? (x.sessionId ? null : 'skipped: no session'), loadRoute],
  [S.deleteThen404, (x) => x.noConn, deleteThen404],
];

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  const c = new CheckRunner(o.progress, o.wire.traffic);
  const x = new Ctx(o);
  try {
    if (!x.httpSkip) await initialize(x);
    if (!x.noConn) await openSessionAndStream(x);
    for (const [spec, skip, fn] of CHECKS) await c.run(spec, skip(x), () => fn(x));
  } finally {
    for (const s of x.streams) s.close();
    for (const id of x.created)
      if (id !== x.connectionId || !x.deleted)
        await send(x.wire, { method: 'DELETE', headers: { [CONNECTION_ID]: id }, timeoutMs: 2_000 }).catch(
          () => undefined,
        );
  }
  return { checks: c.checks, agent: x.agent, reach: x.reach };
}
