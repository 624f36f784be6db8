/**
 * Conformance checks against the transport RFD, tiered like the official ACP test kit:
 * MANDATORY (a MUST), ADVISORY (a SHOULD or a robustness expectation), INFORMATIONAL (what the
 * server does where the RFD is silent or real peers disagree). Each check is one or two small
 * requests with a short deadline; the checks share one connection (and one session) that is
 * DELETEd at the end (that DELETE is itself the last check), plus whatever a check creates
 * by accident on a broken server (deleted at once).
 */
import type { AgentSummary, Check, Reachability } from './report';
import { CheckRunner, missed, type CheckSpec, type Progress } from './steps';
import { summarizeAgent } from './doctor';
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

export interface ConformanceOptions {
  readonly wire: Wire;
  readonly wsUrl: string;
  readonly transport: 'auto' | 'http' | 'ws';
  /** How long to watch the connection stream for keep-alive comments. */
  readonly keepAliveWindowMs: number;
  readonly progress?: Progress;
}

export interface ConformanceResult {
  readonly checks: Check[];
  readonly agent: AgentSummary | null;
  readonly reach: Reachability;
}

const S = {
  contentType: {
    id: 'content-type-415',
    title: 'Wrong Content-Type refused with 415',
    tier: 'MANDATORY',
    rfd: 'A POST whose Content-Type is not application/json is refused with 415 Unsupported Media Type.',
    copes: 'Not affected: ACP Desk always sends Content-Type: application/json.',
  },
  accept: {
    id: 'accept-406',
    title: 'Stream GET without Accept: text/event-stream refused with 406',
    tier: 'MANDATORY',
    rfd: 'A GET whose Accept does not include text/event-stream is refused with 406 Not Acceptable.',
    copes: 'Not affected: ACP Desk always sends Accept: text/event-stream on stream GETs.',
  },
  missingConnection: {
    id: 'missing-connection-400',
    title: 'POST without Acp-Connection-Id refused with 400',
    tier: 'MANDATORY',
    rfd: 'Every request after initialize carries Acp-Connection-Id; without it the server answers 400.',
    copes: 'Not affected: ACP Desk puts the connection id on every request after initialize.',
  },
  unknownConnection: {
    id: 'unknown-connection-404',
    title: 'Unknown connection id answered 404',
    tier: 'MANDATORY',
    rfd: 'An unknown or closed Acp-Connection-Id is answered 404, so the client knows to re-initialize.',
    copes:
      'Needed: ACP Desk rebuilds a connection on 404; without it a lost connection is not noticed and requests vanish.',
  },
  missingSession: {
    id: 'missing-session-400',
    title: 'Session-scoped POST without Acp-Session-Id refused with 400',
    tier: 'MANDATORY',
    rfd: 'Session-scoped requests (session/prompt and the like) carry Acp-Session-Id; without it the server answers 400.',
    copes: 'Not affected: ACP Desk sends Acp-Session-Id on every session-scoped POST.',
  },
  batch: {
    id: 'batch-refused',
    title: 'JSON-RPC batch refused (501 or 400)',
    tier: 'MANDATORY',
    rfd: 'Batch JSON-RPC requests are not supported: the RFD says 501; the TS SDK answers 400 with a -32600 body.',
    copes: 'Not affected: ACP Desk never sends batches.',
  },
  secondReader: {
    id: 'second-reader',
    title: 'A second reader on one stream',
    tier: 'INFORMATIONAL',
    rfd: 'Silent; the TS and Rust SDK servers allow one reader per stream (409), Go fans out to every reader.',
    copes: 'Yes: ACP Desk opens one reader per stream and retries a 409 (a stale lease) with backoff.',
  },
  unknownSessionStream: {
    id: 'unknown-session-stream-404',
    title: 'Stream GET for an unknown session answered 404',
    tier: 'ADVISORY',
    rfd: 'A GET for a session the connection does not know is answered 404; the TS and Go servers open a stream for any id (200).',
    copes: 'Yes: ACP Desk only opens streams for sessions it created or loaded.',
  },
  keepAlive: {
    id: 'keep-alive',
    title: 'Keep-alive comments on an idle stream',
    tier: 'INFORMATIONAL',
    rfd: 'v1 defines no keep-alive; the TS and Rust servers send ":" every 15 s, Go sends none.',
    copes:
      'Yes: ACP Desk treats a stream as dead only after its idle timeout (45 s by default); a server without keep-alives behind an idle-closing proxy may be cut off.',
  },
  eventIds: {
    id: 'event-ids',
    title: 'SSE id: fields and Last-Event-ID on re-open',
    tier: 'INFORMATIONAL',
    rfd: 'v1 has no resumability: no event ids, Last-Event-ID ignored (deferred to v2).',
    copes:
      'Yes: ACP Desk does not rely on ids; after a reconnect it re-attaches sessions with session/load or session/resume.',
  },
  cookies: {
    id: 'cookies',
    title: 'Cookies set and honoured',
    tier: 'INFORMATIONAL',
    rfd: 'Clients MUST accept, store and return cookies for the connection (load balancer affinity).',
    copes: 'Yes: ACP Desk stores cookies per endpoint and returns them on every request and the WebSocket upgrade.',
  },
  websocket: {
    id: 'websocket-same-endpoint',
    title: 'WebSocket on the same endpoint',
    tier: 'ADVISORY',
    rfd: 'The same endpoint serves WebSocket (GET + Upgrade); the 101 carries Acp-Connection-Id.',
    copes: 'Yes: with transport auto ACP Desk falls back to Streamable HTTP.',
  },
  resumable: {
    id: 'transport-resumable',
    title: 'Resumability advertised (transport.resumable)',
    tier: 'INFORMATIONAL',
    rfd: 'Not in v1; the durable-transport proposal adds transport.resumable to the capabilities.',
    copes: 'ACP Desk does not use resumption yet; it re-attaches sessions after a reconnect.',
  },
  deleteThen404: {
    id: 'delete-then-404',
    title: 'DELETE answered 202, then the old id gets 404',
    tier: 'MANDATORY',
    rfd: 'DELETE with Acp-Connection-Id terminates the connection (202); afterwards the id is unknown (404).',
    copes: 'Needed: ACP Desk DELETEs connections it closes; a server that keeps them leaks agents.',
  },
} satisfies Record<string, CheckSpec>;

const NOTIFY = JSON.stringify({ jsonrpc: '2.0', method: '$/cancel_request', params: { requestId: 424242 } });

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  const c = new CheckRunner(o.progress);
  const wire = o.wire;
  const created: string[] = [];
  const streams: SseStream[] = [];
  let agent: AgentSummary | null = null;
  let reach: Reachability = { kind: 'ok' };
  let connectionId: string | null = null;
  let sessionId: string | null = null;
  let connStream: SseStream | null = null;
  let cookies: string[] = [];
  let deleted = false;
  const httpSkip = o.transport === 'ws' ? 'skipped: --transport ws' : null;

  try {
    if (!httpSkip) {
      const a = await postJson(wire, initializeBody(1)).catch(() => null);
      const body = a ? parseJson(a.body) : undefined;
      connectionId = a?.headers.get(CONNECTION_ID) ?? null;
      if (connectionId) created.push(connectionId);
      if (a && isObject(body) && isObject(body.result) && connectionId) {
        agent = summarizeAgent(body.result, connectionId);
        cookies = a.headers
          .getSetCookie()
          .map((s) => s.split(';')[0]!.trim())
          .filter(Boolean);
      } else if (a && (a.status === 401 || a.status === 403)) {
        reach = {
          kind: 'auth',
          sentence: `The endpoint refused the credentials (HTTP ${a.status}); conformance could not be checked.`,
        };
      } else {
        reach = a
          ? {
              kind: 'not-acp',
              sentence: `${wire.url} is not an ACP endpoint: POST initialize answered HTTP ${a.status} without an ACP connection.`,
            }
          : { kind: 'unreachable', sentence: `${wire.url} is unreachable: POST initialize got no answer.` };
      }
    }
    const cookieHeader: Record<string, string> =
      cookies.length && !Object.keys(wire.headers).some((h) => h.toLowerCase() === 'cookie')
        ? { cookie: cookies.join('; ') }
        : {};
    const conn = (): Record<string, string> => ({ ...cookieHeader, [CONNECTION_ID]: connectionId! });
    const noConn = httpSkip ?? (connectionId ? null : 'skipped: initialize did not open a connection');

    // Set up: the connection stream and one session, used by several checks.
    if (!noConn) {
      const s = await openSse(wire, conn()).catch(() => null);
      if (s) streams.push(s);
      if (s && s.status === 200) {
        connStream = s;
        const p = await postJson(wire, rpc(2, 'session/new', { cwd: '/', mcpServers: [] }), conn()).catch(() => null);
        if (p && p.status < 300) {
          const m = await s.waitFor(responseTo(2), 3_000);
          if (isObject(m) && isObject(m.result) && typeof m.result.sessionId === 'string')
            sessionId = m.result.sessionId;
        }
      }
    }

    await c.run(S.contentType, httpSkip, async () => {
      const a = await send(wire, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: initializeBody(1),
      });
      const stray = a.headers.get(CONNECTION_ID);
      if (stray) created.push(stray);
      if (a.status === 415) return { verdict: 'pass', observed: 'HTTP 415.' };
      return {
        verdict: missed('MANDATORY'),
        observed: `HTTP ${a.status} for Content-Type: text/plain${stray ? ' (and it opened a connection)' : ''}.`,
        fix: 'Check the media type of Content-Type before parsing; answer 415 unless it is application/json.',
      };
    });

    await c.run(S.accept, noConn, async () => {
      const s = await openSse(wire, conn(), 'application/json');
      s.close();
      if (s.status === 406) return { verdict: 'pass', observed: 'HTTP 406.' };
      return {
        verdict: 'fail',
        observed: `HTTP ${s.status} ${s.contentType} for Accept: application/json.`,
        fix: 'Answer 406 to a stream GET whose Accept lacks text/event-stream.',
      };
    });

    await c.run(S.missingConnection, noConn, async () => {
      const a = await postJson(wire, rpc(5, 'session/new', { cwd: '/', mcpServers: [] }), cookieHeader);
      if (a.status === 400) return { verdict: 'pass', observed: 'HTTP 400.' };
      return {
        verdict: 'fail',
        observed: `HTTP ${a.status} for session/new without Acp-Connection-Id.`,
        fix: 'Refuse any non-initialize POST without Acp-Connection-Id with 400.',
      };
    });

    await c.run(S.unknownConnection, httpSkip, async () => {
      const a = await postJson(wire, NOTIFY, {
        ...cookieHeader,
        [CONNECTION_ID]: `acp-desk-probe-unknown-${Date.now()}`,
      });
      if (a.status === 404) return { verdict: 'pass', observed: 'HTTP 404.' };
      return {
        verdict: 'fail',
        observed: `HTTP ${a.status} for an Acp-Connection-Id the server never issued.`,
        fix: 'Answer 404 to requests naming an unknown or closed connection.',
      };
    });

    await c.run(S.missingSession, noConn, async () => {
      const sid = sessionId ?? 'acp-desk-probe-session';
      const a = await postJson(
        wire,
        rpc(6, 'session/prompt', { sessionId: sid, prompt: [{ type: 'text', text: 'acp-desk probe' }] }),
        conn(),
      );
      if (a.status === 400) return { verdict: 'pass', observed: 'HTTP 400.' };
      if (a.status < 300)
        await postJson(wire, JSON.stringify({ jsonrpc: '2.0', method: 'session/cancel', params: { sessionId: sid } }), {
          ...conn(),
          [SESSION_ID]: sid,
        }).catch(() => undefined);
      return {
        verdict: 'fail',
        observed: `HTTP ${a.status} for session/prompt without Acp-Session-Id.`,
        fix: 'Refuse session-scoped POSTs without Acp-Session-Id with 400.',
      };
    });

    await c.run(S.batch, noConn, async () => {
      const a = await postJson(wire, `[${rpc(7, 'session/list', {})}]`, conn());
      if (a.status === 501 || a.status === 400) return { verdict: 'pass', observed: `HTTP ${a.status}.` };
      return {
        verdict: 'fail',
        observed: `HTTP ${a.status} for a JSON-RPC batch.`,
        fix: 'Refuse JSON arrays (batches) with 501 (or 400).',
      };
    });

    await c.run(S.secondReader, connStream ? null : 'skipped: no connection stream', async () => {
      const s = await openSse(wire, conn());
      s.close();
      if (s.status === 409) return { verdict: 'info', observed: 'HTTP 409: one reader per stream.' };
      if (s.status === 200)
        return { verdict: 'info', observed: 'HTTP 200: a second reader is tolerated (fan-out or takeover).' };
      return { verdict: 'info', observed: `HTTP ${s.status}.` };
    });

    await c.run(S.unknownSessionStream, noConn, async () => {
      const s = await openSse(wire, { ...conn(), [SESSION_ID]: 'acp-desk-probe-no-such-session' });
      s.close();
      if (s.status === 404) return { verdict: 'pass', observed: 'HTTP 404.' };
      return {
        verdict: 'warn',
        observed: `HTTP ${s.status} for a session the server never created.`,
        fix: 'Answer 404 to a stream GET for an unknown session.',
      };
    });

    await c.run(S.keepAlive, connStream ? null : 'skipped: no connection stream', async () => {
      const s = connStream!;
      await s.ended(o.keepAliveWindowMs);
      const seconds = Math.round(o.keepAliveWindowMs / 100) / 10;
      if (s.comments.length === 0)
        return {
          verdict: 'info',
          observed: `No keep-alive comments in ${seconds} s of watching (the TS server sends one every 15 s).`,
        };
      const gaps = s.comments.slice(1).map((t, i) => t - s.comments[i]!);
      return {
        verdict: 'info',
        observed: `${s.comments.length} keep-alive comment(s) in ${seconds} s${gaps.length ? `, about every ${Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length)} ms` : ''}.`,
      };
    });

    await c.run(S.eventIds, connStream ? null : 'skipped: no connection stream', async () => {
      const s = connStream!;
      const ids = s.events.map((e) => e.id).filter((id): id is string => !!id);
      if (ids.length === 0)
        return {
          verdict: 'info',
          observed: `No id: fields on ${s.events.length} event(s); nothing to resume from (as v1 says).`,
        };
      s.close();
      const again = await openSse(wire, { ...conn(), 'last-event-id': ids[ids.length - 1]! });
      streams.push(again);
      connStream = again.status === 200 ? again : null;
      return {
        verdict: 'info',
        observed: `Events carry id: fields (last ${ids[ids.length - 1]}); re-open with Last-Event-ID answered HTTP ${again.status}.`,
      };
    });

    await c.run(S.cookies, noConn, async () => {
      if (cookies.length === 0) return { verdict: 'info', observed: 'initialize set no cookies.' };
      return {
        verdict: 'info',
        observed: `initialize set ${cookies.length} cookie(s) (${cookies.map((k) => k.split('=')[0]).join(', ')}); they were sent back on every later request and the server kept answering.`,
      };
    });

    await c.run(S.websocket, o.transport === 'http' ? 'skipped: --transport http' : null, async () => {
      const w = await probeWebSocket(o.wsUrl, { ...wire.headers }, wire.timeoutMs);
      if (w.initialized && w.connectionId) {
        if (!agent && w.result) agent = summarizeAgent(w.result, w.connectionId);
        if (reach.kind !== 'ok' && o.transport === 'ws') reach = { kind: 'ok' };
        return { verdict: 'pass', observed: `101 with Acp-Connection-Id; initialize answered over the socket.` };
      }
      if (w.initialized)
        return {
          verdict: 'warn',
          observed: '101 without Acp-Connection-Id; initialize answered.',
          fix: 'Put Acp-Connection-Id on the 101 response.',
        };
      if (o.transport === 'ws' && reach.kind === 'ok')
        reach = {
          kind: 'not-acp',
          sentence: `${o.wsUrl} is not an ACP WebSocket endpoint: ${w.error ?? 'no answer'}.`,
        };
      return {
        verdict: 'warn',
        observed: `No ACP WebSocket here: ${w.error ?? 'no answer'}.`,
        fix: 'Serve WebSocket upgrades on the same endpoint.',
      };
    });

    await c.run(S.resumable, agent ? null : 'skipped: no initialize result', async () => {
      const caps = agent!.agentCapabilities;
      const transport = isObject(caps.transport)
        ? caps.transport
        : isObject(caps._meta) && isObject(caps._meta.transport)
          ? caps._meta.transport
          : null;
      if (transport && 'resumable' in transport)
        return { verdict: 'info', observed: `transport.resumable = ${JSON.stringify(transport.resumable)}.` };
      return { verdict: 'info', observed: 'Not advertised (as expected in v1).' };
    });

    await c.run(S.deleteThen404, noConn, async () => {
      for (const s of streams) s.close();
      const d = await send(wire, { method: 'DELETE', headers: conn() });
      deleted = d.status < 300;
      const after = await postJson(wire, NOTIFY, conn());
      if ((d.status === 202 || d.status === 200 || d.status === 204) && after.status === 404)
        return { verdict: 'pass', observed: `DELETE ${d.status}, then HTTP 404.` };
      return {
        verdict: 'fail',
        observed: `DELETE answered HTTP ${d.status}; a POST with the old id then got HTTP ${after.status}.`,
        fix: 'DELETE must terminate the connection (202) and the id must then be unknown (404).',
      };
    });
  } finally {
    for (const s of streams) s.close();
    for (const id of created)
      if (id !== connectionId || !deleted)
        await send(wire, { method: 'DELETE', headers: { [CONNECTION_ID]: id }, timeoutMs: 2_000 }).catch(
          () => undefined,
        );
  }
  return { checks: c.checks, agent, reach };
}
