/**
 * The connection doctor: ordered steps from the URL down to DELETE, each PASS/WARN/FAIL/SKIP
 * with timing, an explanation and a fix. Dependent steps SKIP with the reason; independent
 * ones (the WebSocket upgrade) still run. Everything it creates is cleaned up in `finally`:
 * streams aborted, the session closed (when the agent supports session/close) and the
 * connection DELETEd.
 */
import { checkUrl, connectTcp, inspectTls, proxyStep, resolveHost, type UrlFacts } from './network';
import type { AgentSummary, Reachability, Step } from './report';
import { StepRunner, errorText, type Progress, type StepBody } from './steps';
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
import type { FetchLike } from '../transport/link';
import { redirectMessage, isRedirect } from '../transport/redirects';

export interface DoctorOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly transport: 'auto' | 'http' | 'ws';
  readonly prompt?: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly progress?: Progress;
}

export interface DoctorResult {
  readonly steps: Step[];
  readonly agent: AgentSummary | null;
  readonly reach: Reachability;
  readonly facts: UrlFacts | null;
}

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

export async function runDoctor(o: DoctorOptions): Promise<DoctorResult> {
  const r = new StepRunner(o.progress);
  const t = o.timeoutMs;
  let reach: Reachability = { kind: 'ok' };
  let agent: AgentSummary | null = null;

  const url = checkUrl(o.url);
  await r.run('url', 'URL', null, async () => url.body);
  const facts = url.facts;
  if (!facts)
    return {
      steps: skipRest(r, 'the URL is not usable'),
      agent,
      reach: { kind: 'unreachable', sentence: `The URL is not usable: ${url.body.explanation}` },
      facts,
    };

  let addresses: string[] = [];
  await r.run('dns', 'DNS', null, async () => {
    const d = await resolveHost(facts.hostname, t);
    addresses = d.addresses;
    return d.body;
  });
  const tcp = await r.run('tcp', 'TCP connect', addresses.length ? null : 'skipped: the host did not resolve', () =>
    connectTcp(addresses[0]!, facts.port, t),
  );
  let tlsTrusted = !facts.secure;
  await r.run(
    'tls',
    'TLS',
    !facts.secure ? 'skipped: cleartext URL (no TLS)' : tcp.verdict !== 'pass' ? 'skipped: no TCP connection' : null,
    async () => {
      const tls = await inspectTls(addresses[0]!, facts.hostname, facts.port, t);
      tlsTrusted = tls.facts?.trusted ?? false;
      return tls.body;
    },
  );
  await r.run('proxy', 'Proxy', null, async () => proxyStep(o.env));

  if (tcp.verdict !== 'pass') {
    const sentence =
      addresses.length === 0
        ? `${facts.hostname} does not resolve, so the endpoint is unreachable.`
        : `The endpoint is unreachable: ${tcp.explanation}`;
    return { steps: skipRest(r, `skipped: ${sentence}`), agent, reach: { kind: 'unreachable', sentence }, facts };
  }
  if (!tlsTrusted) {
    const sentence = 'The endpoint is unreachable: its TLS certificate is not trusted, so no HTTP request was sent.';
    return {
      steps: skipRest(r, 'skipped: the TLS certificate is not trusted'),
      agent,
      reach: { kind: 'unreachable', sentence },
      facts,
    };
  }

  const wire: Wire = { url: facts.httpUrl, headers: o.headers, fetch: o.fetch, timeoutMs: t };
  const httpWanted = o.transport !== 'ws';
  let connectionId: string | null = null;
  let sessionId: string | null = null;
  let deleted = false;
  let httpAcp = false;
  let wsAcp = false;
  let httpFailure = { kind: 'ok' } as Reachability;
  const streams: SseStream[] = [];
  let connStream: SseStream | null = null;
  let sessStream: SseStream | null = null;
  // Cookies the server sets on initialize go back on every later request (RFD: clients MUST).
  let cookie: Record<string, string> = {};
  const conn = (): Record<string, string> => ({ ...cookie, [CONNECTION_ID]: connectionId! });

  try {
    await r.run('initialize', 'POST initialize', httpWanted ? null : 'skipped: --transport ws', async () => {
      const started = performance.now();
      let a;
      try {
        a = await postJson(wire, initializeBody(1));
      } catch (e) {
        httpFailure = { kind: 'unreachable', sentence: `POST initialize got no answer: ${errorText(e)}.` };
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
      if (isRedirect(a.status)) {
        const sentence = redirectMessage(a.status, a.headers.get('location'), wire.url);
        httpFailure = { kind: 'not-acp', sentence };
        return {
          verdict: 'fail',
          explanation: sentence,
          fix: 'Change the endpoint URL to the redirect target if it is right.',
          evidence,
        };
      }
      if (a.status === 401 || a.status === 403) {
        evidence.wwwAuthenticate = a.headers.get('www-authenticate');
        httpFailure = {
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
      const result = isObject(body) && isObject(body.result) ? body.result : null;
      if (a.status !== 200 || !isObject(body) || body.jsonrpc !== '2.0') {
        httpFailure = {
          kind: 'not-acp',
          sentence: `${wire.url} is not an ACP endpoint: POST initialize answered HTTP ${a.status} ${a.headers.get('content-type') ?? ''} without a JSON-RPC response.`,
        };
        return {
          verdict: 'fail',
          explanation: `HTTP ${a.status}, not a JSON-RPC initialize response${a.body ? `: ${a.body.slice(0, 120)}` : ''}.`,
          fix: 'Check the URL path (often /acp) and that the server speaks ACP over Streamable HTTP.',
          evidence,
        };
      }
      connectionId = a.headers.get(CONNECTION_ID);
      const jar = a.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!.trim())
        .filter(Boolean);
      if (jar.length && !Object.keys(o.headers).some((h) => h.toLowerCase() === 'cookie'))
        cookie = { cookie: jar.join('; ') };
      if (!result) {
        httpFailure = { kind: 'not-acp', sentence: `initialize failed: ${JSON.stringify(body.error).slice(0, 200)}` };
        return {
          verdict: 'fail',
          explanation: `initialize answered with a JSON-RPC error: ${JSON.stringify(body.error).slice(0, 200)}.`,
          fix: "Read the agent's error; check the protocol version and the agent's logs.",
          evidence,
        };
      }
      agent = summarizeAgent(result, connectionId);
      evidence.protocolVersion = agent.protocolVersion;
      evidence.agent = agent.agentInfo
        ? `${String(agent.agentInfo.name)} ${String(agent.agentInfo.version ?? '')}`.trim()
        : null;
      evidence.capabilities = Object.keys(agent.agentCapabilities).join(', ') || null;
      evidence.authMethods = agent.authMethods.length;
      if (!connectionId) {
        httpFailure = {
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
      httpAcp = true;
      if (agent.protocolVersion !== 1)
        return {
          verdict: 'warn',
          explanation: `initialize succeeded but the agent speaks protocol version ${String(agent.protocolVersion)}; ACP Desk speaks 1.`,
          fix: 'Use an agent build that speaks ACP protocol version 1.',
          evidence,
        };
      return { verdict: 'pass', explanation: `Connection ${connectionId} opened; protocol version 1.`, evidence };
    });

    const noConn = !httpWanted
      ? 'skipped: --transport ws'
      : connectionId
        ? null
        : 'skipped: initialize did not open a connection';
    await r.run('connection-stream', 'Connection stream (GET)', noConn, async () => {
      const s = await openSse(wire, conn());
      streams.push(s);
      const evidence = { status: s.status, contentType: s.contentType, headersMs: Math.round(s.headersMs) };
      if (s.status === 200 && s.contentType.includes('text/event-stream')) {
        connStream = s;
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
    });

    let sessionCaps: Record<string, unknown> = {};
    await r.run(
      'session-new',
      'session/new',
      connStream ? null : 'skipped: no connection stream to receive the response',
      async () => {
        const s = connStream!;
        const started = performance.now();
        const a = await postJson(wire, rpc(2, 'session/new', { cwd: '/', mcpServers: [] }), conn());
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
          const authy = agent?.authMethods.length
            ? ' The agent advertises auth methods: it may need authenticate first.'
            : '';
          return {
            verdict: 'warn',
            explanation: `session/new answered an error: ${JSON.stringify(m.error).slice(0, 200)}.${authy}`,
            fix: authy
              ? 'Authenticate (acp-desk chat --auth METHOD) before creating sessions.'
              : "Read the agent's error.",
            evidence,
          };
        }
        const res = isObject(m.result) ? m.result : {};
        sessionId = typeof res.sessionId === 'string' ? res.sessionId : null;
        sessionCaps = isObject(agent?.agentCapabilities.sessionCapabilities)
          ? agent.agentCapabilities.sessionCapabilities
          : {};
        if (!sessionId)
          return {
            verdict: 'fail',
            explanation: 'session/new answered without a sessionId.',
            fix: 'The session/new result must carry a sessionId.',
            evidence,
          };
        return {
          verdict: 'pass',
          explanation: `Session ${sessionId} created; the connection stream's first byte came after ${evidence.streamFirstByteMs ?? '?'} ms.`,
          evidence: { ...evidence, sessionId },
        };
      },
    );

    await r.run('session-stream', 'Session stream (GET)', sessionId ? null : 'skipped: no session', async () => {
      const s = await openSse(wire, { ...conn(), [SESSION_ID]: sessionId! });
      streams.push(s);
      const evidence = { status: s.status, contentType: s.contentType, headersMs: Math.round(s.headersMs) };
      if (s.status === 200 && s.contentType.includes('text/event-stream')) {
        sessStream = s;
        return { verdict: 'pass', explanation: `Opened (${s.contentType}).`, evidence };
      }
      return {
        verdict: 'fail',
        explanation: `The session stream answered HTTP ${s.status}.`,
        fix: 'GET with Acp-Connection-Id and Acp-Session-Id must answer 200 text/event-stream.',
        evidence,
      };
    });

    await r.run(
      'prompt',
      'Prompt round trip',
      o.prompt === undefined
        ? 'skipped: not asked (use --prompt TEXT)'
        : sessStream
          ? null
          : 'skipped: no session stream',
      () => promptRoundTrip(wire, sessStream!, conn(), sessionId!, o.prompt!),
    );

    await r.run(
      'websocket',
      'WebSocket upgrade',
      o.transport === 'http' ? 'skipped: --transport http' : null,
      async () => {
        const w = await probeWebSocket(facts.wsUrl, { ...o.headers }, t);
        const evidence = {
          status: w.status,
          connectionId: w.connectionId,
          upgradeMs: w.upgradeMs,
          initialized: w.initialized,
        };
        if (w.initialized) {
          wsAcp = true;
          if (!agent && w.result) agent = summarizeAgent(w.result, w.connectionId);
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
          verdict: o.transport === 'ws' ? 'fail' : 'warn',
          explanation: `No WebSocket on this URL: ${w.error ?? 'refused'}.`,
          fix:
            o.transport === 'ws'
              ? 'Use --transport http, or enable WebSocket on the server.'
              : 'Optional: ACP Desk uses Streamable HTTP here.',
          evidence,
        };
      },
    );

    await r.run('delete', 'DELETE connection', connectionId ? null : 'skipped: no HTTP connection', async () => {
      const closed = await closeSession(wire, sessStream ?? connStream, conn(), sessionId, sessionCaps);
      for (const s of streams) s.close();
      const a = await send(wire, { method: 'DELETE', headers: conn() });
      deleted = a.status >= 200 && a.status < 300;
      const after = await postJson(
        wire,
        JSON.stringify({ jsonrpc: '2.0', method: '$/cancel_request', params: { requestId: 424242 } }),
        conn(),
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
    });
  } finally {
    for (const s of streams) s.close();
    if (connectionId && !deleted)
      await send(wire, { method: 'DELETE', headers: conn(), timeoutMs: 2_000 }).catch(() => undefined);
  }

  if (!httpAcp && !wsAcp)
    reach =
      httpFailure.kind !== 'ok'
        ? httpFailure
        : { kind: 'not-acp', sentence: `${facts.httpUrl} did not complete an ACP initialize over HTTP or WebSocket.` };
  else if (!httpAcp && httpWanted && httpFailure.kind === 'auth') reach = httpFailure;
  return { steps: r.steps, agent, reach, facts };
}

function skipRest(r: StepRunner, reason: string): Step[] {
  const ids: Array<[string, string]> = [
    ['dns', 'DNS'],
    ['tcp', 'TCP connect'],
    ['tls', 'TLS'],
    ['proxy', 'Proxy'],
    ['initialize', 'POST initialize'],
    ['connection-stream', 'Connection stream (GET)'],
    ['session-new', 'session/new'],
    ['session-stream', 'Session stream (GET)'],
    ['prompt', 'Prompt round trip'],
    ['websocket', 'WebSocket upgrade'],
    ['delete', 'DELETE connection'],
  ];
  const done = new Set(r.steps.map((s) => s.id));
  for (const [id, title] of ids) if (!done.has(id)) r.skip(id, title, reason);
  return r.steps;
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
    explanation: `The turn ended with ${stop}; first update after ${firstUpdateMs ?? '?'} ms.`,
    evidence: { ...evidence, stopReason: stop },
  };
}
