/**
 * The doctor's HTTP and WebSocket steps: POST initialize, the connection stream, session/new,
 * the session stream, the optional prompt round trip, the WebSocket upgrade and DELETE. They
 * share one connection (an `HttpCtx`); `runHttpSteps` cleans it up whatever happens.
 */
import type { AgentSummary, Evidence, Reachability } from './report';
import type { UrlFacts } from './network';
import { errorText, type StepBody, type StepRunner } from './steps';
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
  type WireAnswer,
} from './wire';
import { probeWebSocket } from './ws-probe';
import { isRedirect, redirectMessage } from '../transport/redirects';
import type { DoctorOptions } from './doctor';

const SESSION_RESPONSE_MS = 5_000;
const PROMPT_MS = 60_000;

export function summarizeAgent(result: Record<string, unknown>, connectionId: string | null): AgentSummary {
  const pv = result.protocolVersion;
  return {
    protocolVersion: typeof pv === 'number' || typeof pv === 'string' ? pv : null,
    agentInfo: isObject(result.agentInfo) ? result.agentInfo : null,
    agentCapabilities: isObject(result.agentCapabilities) ? result.agentCapabilities : {},
    authMethods: Array.isArray(result.authMethods) ? result.authMethods : [],
    connectionId,
  };
}

/** What the HTTP steps share. */
export class HttpCtx {
  readonly wire: Wire;
  readonly httpWanted: boolean;
  connectionId: string | null = null;
  sessionId: string | null = null;
  deleted = false;
  httpAcp = false;
  wsAcp = false;
  httpFailure: Reachability = { kind: 'ok' };
  readonly streams: SseStream[] = [];
  connStream: SseStream | null = null;
  sessStream: SseStream | null = null;
  /** Cookies the server sets on initialize go back on every later request (RFD: clients MUST). */
  cookie: Record<string, string> = {};
  agent: AgentSummary | null = null;
  sessionCaps: Record<string, unknown> = {};

  constructor(
    readonly o: DoctorOptions,
    readonly facts: UrlFacts,
  ) {
    this.wire = {
      url: facts.httpUrl,
      headers: o.headers,
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      ...(o.traffic ? { traffic: o.traffic } : {}),
    };
    this.httpWanted = o.transport !== 'ws';
  }

  conn(): Record<string, string> {
    return { ...this.cookie, [CONNECTION_ID]: this.connectionId! };
  }
}

type HttpStep = (x: HttpCtx) => Promise<StepBody>;

/** An initialize answer that is not a JSON-RPC response: a redirect, 401/403, or not ACP. */
function refusedInitialize(x: HttpCtx, a: WireAnswer, evidence: Evidence): StepBody | null {
  if (isRedirect(a.status)) {
    const sentence = redirectMessage(a.status, a.headers.get('location'), x.wire.url);
    x.httpFailure = { kind: 'not-acp', sentence };
    return {
      verdict: 'fail',
      explanation: sentence,
      fix: 'Change the endpoint URL to the redirect target if it is right.',
      evidence,
    };
  }
  if (a.status === 401 || a.status === 403) {
    evidence.wwwAuthenticate = a.headers.get('www-authenticate');
    x.httpFailure = {
      kind: 'auth',
      sentence: `The endpoint refused the credentials (HTTP ${a.status}); nothing beyond initialize could be checked.`,
    };
    return {
      verdict: 'fail',
      explanation: `HTTP ${a.status}${evidence.wwwAuthenticate ? `; the server asks for: ${String(evidence.wwwAuthenticate)}` : ''}.`,
      fix: 'Add the credentials the server expects, e.g. --header "Authorization: Bearer …".',
      evidence,
    };
  }
  const body = parseJson(a.body);
  if (a.status !== 200 || !isObject(body) || body.jsonrpc !== '2.0') {
    x.httpFailure = {
      kind: 'not-acp',
      sentence: `${x.wire.url} is not an ACP endpoint: POST initialize answered HTTP ${a.status} ${a.headers.get('content-type') ?? ''} without a JSON-RPC response.`,
    };
    return {
      verdict: 'fail',
      explanation: `HTTP ${a.status}, not a JSON-RPC initialize response${a.body ? `: ${a.body.slice(0, 120)}` : ''}.`,
      fix: 'Check the URL path (often /acp) and that the server speaks ACP over Streamable HTTP.',
      evidence,
    };
  }
  return null;
}

const initializeStep: HttpStep = async (x) => {
  const started = performance.now();
  let a;
  try {
    a = await postJson(x.wire, initializeBody(1));
  } catch (e) {
    x.httpFailure = { kind: 'unreachable', sentence: `POST initialize got no answer: ${errorText(e)}.` };
    return {
      verdict: 'fail',
      explanation: `No answer to POST initialize: ${errorText(e)}.`,
      fix: 'Check that the agent serves HTTP at this URL.',
    };
  }
  const evidence: Record<string, string | number | boolean | null> = {
    status: a.status,
    contentType: a.headers.get('content-type'),
    connectionId: a.headers.get(CONNECTION_ID),
    ms: Math.round(performance.now() - started),
  };
  const refused = refusedInitialize(x, a, evidence);
  if (refused) return refused;
  const body = parseJson(a.body) as Record<string, unknown>;
  const result = isObject(body.result) ? body.result : null;
  x.connectionId = a.headers.get(CONNECTION_ID);
  const jar = a.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!.trim())
    .filter(Boolean);
  if (jar.length && !Object.keys(x.o.headers).some((h) => h.toLowerCase() === 'cookie'))
    x.cookie = { cookie: jar.join('; ') };
  if (!result) {
    x.httpFailure = { kind: 'not-acp', sentence: `initialize failed: ${JSON.stringify(body.error).slice(0, 200)}` };
    return {
      verdict: 'fail',
      explanation: `initialize answered with a JSON-RPC error: ${JSON.stringify(body.error).slice(0, 200)}.`,
      fix: "Read the agent's error; check the protocol version and the agent's logs.",
      evidence,
    };
  }
  x.agent = summarizeAgent(result, x.connectionId);
  evidence.protocolVersion = x.agent.protocolVersion;
  evidence.agent = x.agent.agentInfo
    ? `${String(x.agent.agentInfo.name)} ${String(x.agent.agentInfo.version ?? '')}`.trim()
    : null;
  evidence.capabilities = Object.keys(x.agent.agentCapabilities).join(', ') || null;
  evidence.authMethods = x.agent.authMethods.length;
  if (!x.connectionId) {
    x.httpFailure = {
      kind: 'not-acp',
      sentence:
        'initialize answered, but without an Acp-Connection-Id header, so the Streamable HTTP profile cannot be used.',
    };
    return {
      verdict: 'fail',
      explanation: 'The initialize response has no Acp-Connection-Id header.',
      fix: 'The server must mint a connection id and return it in the Acp-Connection-Id response header.',
      evidence,
    };
  }
  x.httpAcp = true;
  if (x.agent.protocolVersion !== 1)
    return {
      verdict: 'warn',
      explanation: `initialize succeeded but the agent speaks protocol version ${String(x.agent.protocolVersion)}; ACP Desk speaks 1.`,
      fix: 'Use an agent build that speaks ACP protocol version 1.',
      evidence,
    };
  return { verdict: 'pass', explanation: `Connection ${x.connectionId} opened; protocol version 1.`, evidence };
};

const connectionStreamStep: HttpStep = async (x) => {
  const s = await openSse(x.wire, x.conn());
  x.streams.push(s);
  const evidence = { status: s.status, contentType: s.contentType, headersMs: Math.round(s.headersMs) };
  if (s.status === 200 && s.contentType.includes('text/event-stream')) {
    x.connStream = s;
    return {
      verdict: 'pass',
      explanation: `Opened (${s.contentType}); headers after ${Math.round(s.headersMs)} ms.`,
      evidence,
    };
  }
  return {
    verdict: 'fail',
    explanation: `The connection stream answered HTTP ${s.status} ${s.contentType || '(no content type)'}.`,
    fix: 'GET with Accept: text/event-stream and Acp-Connection-Id must answer 200 text/event-stream.',
    evidence,
  };
};

const sessionNewStep: HttpStep = async (x) => {
  const s = x.connStream!;
  const started = performance.now();
  const a = await postJson(x.wire, rpc(2, 'session/new', { cwd: '/', mcpServers: [] }), x.conn());
  if (a.status !== 202 && a.status !== 200)
    return {
      verdict: 'fail',
      explanation: `POST session/new answered HTTP ${a.status}.`,
      fix: 'A POST with a valid connection id must be accepted (202).',
      evidence: { status: a.status },
    };
  const m = await s.waitFor(responseTo(2), SESSION_RESPONSE_MS);
  const evidence = {
    status: a.status,
    responseMs: Math.round(performance.now() - started),
    streamFirstByteMs: s.firstByteMs() === null ? null : Math.round(s.firstByteMs()!),
  };
  if (!isObject(m))
    return {
      verdict: 'fail',
      explanation: `No session/new response on the connection stream within ${SESSION_RESPONSE_MS / 1000} s.`,
      fix: 'Responses to connection-level requests must arrive on the connection stream.',
      evidence,
    };
  if (isObject(m.error)) {
    const authy = x.agent?.authMethods.length
      ? ' The agent advertises auth methods: it may need authenticate first.'
      : '';
    return {
      verdict: 'warn',
      explanation: `session/new answered an error: ${JSON.stringify(m.error).slice(0, 200)}.${authy}`,
      fix: authy ? 'Authenticate (acp-desk chat --auth METHOD) before creating sessions.' : "Read the agent's error.",
      evidence,
    };
  }
  const res = isObject(m.result) ? m.result : {};
  x.sessionId = typeof res.sessionId === 'string' ? res.sessionId : null;
  x.sessionCaps = isObject(x.agent?.agentCapabilities.sessionCapabilities)
    ? x.agent.agentCapabilities.sessionCapabilities
    : {};
  if (!x.sessionId)
    return {
      verdict: 'fail',
      explanation: 'session/new answered without a sessionId.',
      fix: 'The session/new result must carry a sessionId.',
      evidence,
    };
  return {
    verdict: 'pass',
    explanation: `Session ${x.sessionId} created; the connection stream's first byte came after ${evidence.streamFirstByteMs ?? '?'} ms.`,
    evidence: { ...evidence, sessionId: x.sessionId },
  };
};

const sessionStreamStep: HttpStep = async (x) => {
  const s = await openSse(x.wire, { ...x.conn(), [SESSION_ID]: x.sessionId! });
  x.streams.push(s);
  const evidence = { status: s.status, contentType: s.contentType, headersMs: Math.round(s.headersMs) };
  if (s.status === 200 && s.contentType.includes('text/event-stream')) {
    x.sessStream = s;
    return { verdict: 'pass', explanation: `Opened (${s.contentType}).`, evidence };
  }
  return {
    verdict: 'fail',
    explanation: `The session stream answered HTTP ${s.status}.`,
    fix: 'GET with Acp-Connection-Id and Acp-Session-Id must answer 200 text/event-stream.',
    evidence,
  };
};

const websocketStep: HttpStep = async (x) => {
  const w = await probeWebSocket(x.facts.wsUrl, { ...x.o.headers }, x.o.timeoutMs, x.o.wsAgent, x.o.traffic);
  const evidence = {
    status: w.status,
    connectionId: w.connectionId,
    upgradeMs: w.upgradeMs,
    initialized: w.initialized,
  };
  if (w.initialized) {
    x.wsAcp = true;
    if (!x.agent && w.result) x.agent = summarizeAgent(w.result, w.connectionId);
    if (!w.connectionId)
      return {
        verdict: 'warn',
        explanation: 'Upgraded and initialized, but the 101 had no Acp-Connection-Id header.',
        fix: 'The server should put Acp-Connection-Id on the 101 response.',
        evidence,
      };
    return {
      verdict: 'pass',
      explanation: `101 with connection ${w.connectionId}; initialize answered over the socket.`,
      evidence,
    };
  }
  if (w.status === 101)
    return {
      verdict: 'fail',
      explanation: `Upgraded, but initialize over the socket failed: ${w.error ?? 'no answer'}.`,
      fix: 'The first frame is initialize; the server must answer it.',
      evidence,
    };
  return {
    verdict: x.o.transport === 'ws' ? 'fail' : 'warn',
    explanation: `No WebSocket on this URL: ${w.error ?? 'refused'}.`,
    fix:
      x.o.transport === 'ws'
        ? 'Use --transport http, or enable WebSocket on the server.'
        : 'Optional: ACP Desk uses Streamable HTTP here.',
    evidence,
  };
};

const deleteStep: HttpStep = async (x) => {
  const closed = await closeSession(x.wire, x.sessStream ?? x.connStream, x.conn(), x.sessionId, x.sessionCaps);
  for (const s of x.streams) s.close();
  const a = await send(x.wire, { method: 'DELETE', headers: x.conn() });
  x.deleted = a.status >= 200 && a.status < 300;
  const after = await postJson(
    x.wire,
    JSON.stringify({ jsonrpc: '2.0', method: '$/cancel_request', params: { requestId: 424242 } }),
    x.conn(),
  );
  const evidence = { status: a.status, sessionClosed: closed, afterStatus: after.status };
  if (a.status !== 202 && a.status !== 200 && a.status !== 204)
    return {
      verdict: 'fail',
      explanation: `DELETE answered HTTP ${a.status}.`,
      fix: 'DELETE with Acp-Connection-Id must terminate the connection (202).',
      evidence,
    };
  if (after.status !== 404)
    return {
      verdict: 'warn',
      explanation: `DELETE answered ${a.status}, but a POST with the old id then got HTTP ${after.status}, not 404.`,
      fix: 'After DELETE, the connection id must be unknown (404).',
      evidence,
    };
  return {
    verdict: 'pass',
    explanation: `DELETE answered ${a.status}; the old connection id now gets 404.`,
    evidence,
  };
};

const promptStep: HttpStep = (x) => promptRoundTrip(x.wire, x.sessStream!, x.conn(), x.sessionId!, x.o.prompt!);

/** Runs the HTTP and WebSocket steps in order; returns what they learned. */
export async function runHttpSteps(r: StepRunner, x: HttpCtx): Promise<void> {
  const o = x.o;
  try {
    await r.run('initialize', 'POST initialize', x.httpWanted ? null : 'skipped: --transport ws', () =>
      initializeStep(x),
    );
    const noConn = !x.httpWanted
      ? 'skipped: --transport ws'
      : x.connectionId
        ? null
        : 'skipped: initialize did not open a connection';
    await r.run('connection-stream', 'Connection stream (GET)', noConn, () => connectionStreamStep(x));
    const noStream = x.connStream ? null : 'skipped: no connection stream to receive the response';
    await r.run('session-new', 'session/new', noStream, () => sessionNewStep(x));
    await r.run('session-stream', 'Session stream (GET)', x.sessionId ? null : 'skipped: no session', () =>
      sessionStreamStep(x),
    );
    const noPrompt =
      o.prompt === undefined
        ? 'skipped: not asked (use --prompt TEXT)'
        : x.sessStream
          ? null
          : 'skipped: no session stream';
    await r.run('prompt', 'Prompt round trip', noPrompt, () => promptStep(x));
    const noWs = o.transport === 'http' ? 'skipped: --transport http' : null;
    await r.run('websocket', 'WebSocket upgrade', noWs, () => websocketStep(x));
    await r.run('delete', 'DELETE connection', x.connectionId ? null : 'skipped: no HTTP connection', () =>
      deleteStep(x),
    );
  } finally {
    for (const s of x.streams) s.close();
    if (x.connectionId && !x.deleted)
      await send(x.wire, { method: 'DELETE', headers: x.conn(), timeoutMs: 2_000 }).catch(() => undefined);
  }
}

async function closeSession(
  wire: Wire,
  stream: SseStream | null,
  conn: Record<string, string>,
  sessionId: string | null,
  caps: Record<string, unknown>,
): Promise<boolean> {
  if (!sessionId || !stream || !('close' in caps)) return false;
  const a = await postJson(wire, rpc(90, 'session/close', { sessionId }), { ...conn, [SESSION_ID]: sessionId }).catch(
    () => null,
  );
  if (!a || a.status >= 300) return false;
  return (await stream.waitFor(responseTo(90), 2_000)) !== null;
}

async function promptRoundTrip(
  wire: Wire,
  s: SseStream,
  conn: Record<string, string>,
  sessionId: string,
  text: string,
): Promise<StepBody> {
  const headers = { ...conn, [SESSION_ID]: sessionId };
  const answered = new Set<unknown>();
  // Agent requests during the turn get an answer (permissions: cancelled; anything else: an error).
  const answer = (m: unknown) => {
    if (!isObject(m) || typeof m.method !== 'string' || !('id' in m) || answered.has(m.id)) return;
    answered.add(m.id);
    const reply =
      m.method === 'session/request_permission'
        ? { jsonrpc: '2.0', id: m.id, result: { outcome: { outcome: 'cancelled' } } }
        : { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } };
    void postJson(wire, JSON.stringify(reply), headers).catch(() => undefined);
  };
  const started = performance.now();
  const a = await postJson(wire, rpc(3, 'session/prompt', { sessionId, prompt: [{ type: 'text', text }] }), headers);
  if (a.status !== 202 && a.status !== 200)
    return {
      verdict: 'fail',
      explanation: `POST session/prompt answered HTTP ${a.status}.`,
      fix: 'A session-scoped POST with Acp-Session-Id must be accepted (202).',
      evidence: { status: a.status },
    };
  const first = await s.waitFor((m) => {
    answer(m);
    return isObject(m) && m.method === 'session/update';
  }, PROMPT_MS);
  const firstUpdateMs = first ? Math.round(performance.now() - started) : null;
  const done = await s.waitFor((m) => {
    answer(m);
    return responseTo(3)(m);
  }, PROMPT_MS);
  const evidence = { status: a.status, firstUpdateMs, totalMs: Math.round(performance.now() - started) };
  if (!isObject(done))
    return {
      verdict: 'fail',
      explanation: `No session/prompt response on the session stream within ${PROMPT_MS / 1000} s.`,
      fix: 'Responses to session-scoped requests arrive on the session stream.',
      evidence,
    };
  if (isObject(done.error))
    return {
      verdict: 'warn',
      explanation: `The prompt failed: ${JSON.stringify(done.error).slice(0, 200)}.`,
      fix: "Read the agent's error.",
      evidence,
    };
  const stop = isObject(done.result) ? String(done.result.stopReason) : '?';
  return {
    verdict: 'pass',
    explanation: `The turn ended with ${stop}; first update after ${firstUpdateMs ?? '?'} ms${answered.size ? `; ${answered.size} agent request(s) answered (permissions: cancelled)` : ''}.`,
    evidence: { ...evidence, stopReason: stop },
  };
}
