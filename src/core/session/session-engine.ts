/**
 * The ACP client of the app: sessions across endpoints, each an event log that is persisted,
 * pushed to windows in batches, and folded by the shared reducer. Connections are opened
 * lazily per endpoint and shared by its sessions. Everything a host (Electron main or
 * `acp-desk web`) needs goes through this class; it knows nothing of IPC.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import {
  methods,
  type ContentBlock,
  type ListSessionsRequest,
  type ListSessionsResponse,
  type SetSessionConfigOptionRequest,
  type SetSessionConfigOptionResponse,
} from '@agentclientprotocol/sdk';
import type { EndpointStatus, SessionEventBatch, SessionSnapshot, SessionSummary } from '../../shared/domain/history';
import type { PermissionOutcome, SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import type { ElicitationAnswer } from '../../shared/elicitation/schema';
import type { TransportEvent } from '../../shared/domain/traffic';
import type { Redactor } from '../transport/redact';
import type { TrafficFeed } from '../transport/tap';
import { AppError } from '../../shared/util/result';
import type { EndpointRepository, ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { TransportAuth } from '../transport/transport-options';
import { EndpointCookies } from '../transport/cookies';
import type { FetchLike, WebSocketFactory } from '../transport/link';
import { Batcher } from './batcher';
import { EndpointConnection, type Arrival } from './endpoint-connection';
import { AUTH_REQUIRED, rpcErrorOf, toAppError } from './errors';
import type { InboxTimers } from './ordered-inbox';
import { applyArrival, checkPromptCapabilities, routeTransportEvent } from './arrivals';
import { reattach } from './reattach';
import { SessionRuntime } from './session-runtime';
import { SessionOps } from './session-ops';
import { summarize, type TranscriptPort, type TranscriptSummaryLike } from './summaries';

export interface EngineEvents {
  sessionEvents(batches: SessionEventBatch[]): void;
  sessionsChanged(list: SessionSummary[]): void;
  endpointStatus(status: EndpointStatus): void;
  /**
   * Where a connection of the endpoint feeds its traffic records, in order and before
   * redaction: the host's traffic log, which redacts them with `redactor` (the connection
   * transport's) on its worker before it keeps them.
   */
  trafficFeed(endpointId: string, redactor: Redactor): TrafficFeed;
}

export interface EngineDeps {
  readonly endpoints: EndpointRepository;
  readonly transcripts: TranscriptPort;
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  readonly events: EngineEvents;
  readonly timers?: InboxTimers;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /** OAuth sign-in (issue 15): the bearer of each new connection, and what a refused connect says. */
  readonly auth?: EngineAuth;
}

export interface EngineAuth {
  /** Credentials for a new connection of this endpoint; undefined = only its headers. */
  transportAuth(endpoint: ResolvedEndpoint): TransportAuth | undefined;
  /** The error a failed connect is shown as (e.g. with the offer to sign in). */
  explain(endpointId: string, error: AppError): AppError;
}

const ORPHAN_LIMIT = 2000;

export class SessionEngine {
  readonly #d: EngineDeps;
  readonly #timers: InboxTimers;
  readonly #now: () => number;
  readonly #connections = new Map<string, EndpointConnection>();
  readonly #connecting = new Map<string, Promise<EndpointConnection>>();
  readonly #cookies = new Map<string, EndpointCookies>();
  readonly #runtimes = new Map<string, SessionRuntime>();
  readonly #history = new Map<string, TranscriptSummaryLike>();
  readonly #orphans = new Map<string, Arrival[]>();
  readonly #events: Batcher<SessionEventEnvelope>;
  #lastSummaries = '';
  /** Fork, rename, archive, delete, status, logout, providers (issue 14), where advertised. */
  readonly ops: SessionOps;

  constructor(deps: EngineDeps) {
    this.#d = deps;
    this.#timers = deps.timers ?? {
      setTimeout: (f, ms) => setTimeout(f, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.#now = deps.now ?? Date.now;
    this.#events = new Batcher((b) => this.#flushEvents(b), this.#timers);
    this.ops = new SessionOps({
      ready: (id) => this.#ready(id),
      runtimes: this.#runtimes,
      history: this.#history,
      transcripts: deps.transcripts,
      adopt: (id, endpointId, history) =>
        this.#adopt(new SessionRuntime(id, endpointId, this.#sink(), this.#now, history)),
      releaseOrphans: (rt) => this.#releaseOrphans(rt),
      publish: () => this.#publishSummaries(true),
      flushEvents: () => this.#events.flush(),
      log: (message) => this.#d.log?.(message),
    });
  }

  /** Loads the history list from the transcripts on disk. */
  async init(): Promise<readonly string[]> {
    const { summaries, problems } = await this.#d.transcripts.list();
    for (const s of summaries) this.#history.set(s.sessionId, s);
    return problems;
  }

  // ---- queries ----------------------------------------------------------------------------

  listSessions(): SessionSummary[] {
    const names = new Map(this.#d.endpoints.list().endpoints.map((e) => [e.id, e.name]));
    const rows = new Map<string, SessionSummary>();
    for (const h of this.#history.values()) rows.set(h.sessionId, summarize(h, undefined, names));
    for (const rt of this.#runtimes.values()) rows.set(rt.sessionId, summarize(undefined, rt, names));
    return [...rows.values()].sort((a, b) => b.lastActivity - a.lastActivity);
  }

  snapshot(sessionId: string): SessionSnapshot {
    const rt = this.#runtime(sessionId);
    return { state: rt.state, lastSeq: rt.state.lastSeq };
  }

  liveStates(): Map<string, SessionState> {
    return new Map([...this.#runtimes].map(([id, rt]) => [id, rt.state]));
  }

  endpointStatuses(): EndpointStatus[] {
    return [...this.#connections.values()].map((c) => c.status);
  }

  // ---- connections ------------------------------------------------------------------------

  /** One connection per endpoint, even when several sessions ask for it at the same moment. */
  #connection(endpointId: string): Promise<EndpointConnection> {
    const existing = this.#connecting.get(endpointId);
    if (existing) return existing;
    const created = this.#createConnection(endpointId);
    this.#connecting.set(endpointId, created);
    created.catch(() => this.#connecting.delete(endpointId));
    return created;
  }

  async #createConnection(endpointId: string): Promise<EndpointConnection> {
    const endpoint = await this.#d.endpoints.resolve(endpointId);
    let cookies = this.#cookies.get(endpointId);
    if (!cookies) this.#cookies.set(endpointId, (cookies = new EndpointCookies()));
    const auth = this.#d.auth?.transportAuth(endpoint);
    const conn = new EndpointConnection(
      endpoint,
      {
        fetch: this.#d.fetch,
        webSocket: this.#d.webSocket,
        cookies,
        timers: this.#timers,
        // Only a hint for the next connect (auto tries this profile first): a failed save is logged.
        rememberTransport: (p) =>
          void this.#d.endpoints
            .rememberTransport(endpointId, p)
            .catch((e: unknown) => this.#d.log?.(`could not remember ${p} for endpoint ${endpointId}: ${String(e)}`)),
        ...(auth ? { auth } : {}),
      },
      {
        arrive: (a) => this.#arrive(endpointId, a),
        trafficFeed: (redactor) => this.#d.events.trafficFeed(endpointId, redactor),
        status: (s) => this.#d.events.endpointStatus(s),
      },
    );
    this.#connections.set(endpointId, conn);
    return conn;
  }

  /** Connects (if needed) and returns the SDK context, turning failures into sentences. */
  async #ready(endpointId: string) {
    let conn = await this.#connection(endpointId);
    if (conn.transport.state === 'failed' || conn.transport.state === 'closed') {
      // A connection that stopped for good (auth refused, agent gone) is rebuilt on next use.
      await this.closeEndpoint(endpointId);
      conn = await this.#connection(endpointId);
    }
    try {
      return { conn, ctx: await conn.ready() };
    } catch (e) {
      const error = toAppError(e, `Connecting to ${conn.endpoint.name}`);
      throw this.#d.auth ? this.#d.auth.explain(endpointId, error) : error;
    }
  }

  async connectEndpoint(endpointId: string): Promise<EndpointStatus> {
    const { conn } = await this.#ready(endpointId);
    return conn.status;
  }

  async authenticate(endpointId: string, methodId: string): Promise<void> {
    const { conn, ctx } = await this.#ready(endpointId);
    try {
      await ctx.request(methods.agent.authenticate, { methodId });
    } catch (e) {
      throw toAppError(e, 'Signing in');
    }
    conn.markAuthRequired(false);
  }

  /** Forgets an endpoint's cookies; the next connection starts without affinity. */
  async clearCookies(endpointId: string): Promise<number> {
    const jar = this.#cookies.get(endpointId);
    const count = jar ? await jar.count() : 0;
    jar?.clear();
    return count;
  }

  /** Retry now on an offline endpoint; false when it has no connection or is not offline. */
  retryEndpoint(endpointId: string): boolean {
    return this.#connections.get(endpointId)?.retryNow() ?? false;
  }

  async closeEndpoint(endpointId: string): Promise<void> {
    const conn = this.#connections.get(endpointId);
    this.#connecting.delete(endpointId);
    if (!conn) return;
    this.#connections.delete(endpointId);
    for (const rt of this.#runtimes.values()) {
      if (rt.endpointId !== endpointId) continue;
      rt.cancelAllPermissions('connection');
      rt.detach();
    }
    await conn.close();
    this.#publishSummaries(true);
  }

  // ---- sessions ---------------------------------------------------------------------------

  async newSession(endpointId: string, cwd?: string): Promise<{ sessionId: string }> {
    const { conn, ctx } = await this.#ready(endpointId);
    const dir = cwd || conn.endpoint.cwd || os.homedir();
    let created;
    try {
      created = await ctx.request(methods.agent.session.new, { cwd: dir, mcpServers: [...conn.endpoint.mcpServers] });
    } catch (e) {
      if (rpcErrorOf(e).code === AUTH_REQUIRED) conn.markAuthRequired(true);
      throw toAppError(e, 'Starting a session');
    }
    const existing = this.#runtimes.get(created.sessionId);
    if (existing && existing.endpointId !== endpointId)
      throw new AppError('conflict', `Another endpoint already has a session with id ${created.sessionId}.`);
    const rt = this.#adopt(new SessionRuntime(created.sessionId, endpointId, this.#sink(), this.#now));
    await this.#d.transcripts.create(created.sessionId, endpointId);
    rt.attach();
    rt.append({ type: 'session_opened', endpointId, cwd: dir, via: 'new' });
    rt.append({ type: 'session_state', modes: created.modes ?? null, configOptions: created.configOptions ?? null });
    this.#releaseOrphans(rt);
    this.#publishSummaries(true);
    return { sessionId: created.sessionId };
  }

  /** Shows the local transcript at once, then re-attaches in the background when it can. */
  async openSession(sessionId: string): Promise<SessionSnapshot> {
    let rt = this.#runtimes.get(sessionId);
    if (!rt) {
      const t = await this.#d.transcripts.read(sessionId);
      if (!t) throw new AppError('not_found', 'There is no transcript of that session.');
      for (const p of t.problems) this.#d.log?.(`transcript ${sessionId}: ${p}`);
      const endpointId = t.endpointId ?? this.#history.get(sessionId)?.endpointId ?? '';
      rt = this.#adopt(new SessionRuntime(sessionId, endpointId, this.#sink(), this.#now, t.envelopes));
    }
    if (!rt.live && !rt.attaching) {
      const target = rt;
      target.attaching = reattach(target, {
        endpoints: this.#d.endpoints,
        ready: (id) => this.#ready(id),
        release: () => this.#releaseOrphans(target),
      }).finally(() => {
        target.attaching = undefined;
        this.#publishSummaries(true);
      });
    }
    return { state: rt.state, lastSeq: rt.state.lastSeq };
  }

  async prompt(sessionId: string, prompt: readonly ContentBlock[]): Promise<{ turnId: string }> {
    const rt = this.#live(sessionId);
    if (rt.state.turn.status !== 'idle')
      throw new AppError('conflict', 'A turn is already running in this session. Wait for it or cancel it (Esc).');
    const { conn, ctx } = await this.#ready(rt.endpointId);
    checkPromptCapabilities(prompt, conn.init?.agentCapabilities?.promptCapabilities ?? {});
    const turnId = randomUUID();
    rt.append({ type: 'prompt_sent', turnId, prompt: [...prompt] });
    ctx.request(methods.agent.session.prompt, { sessionId, prompt: [...prompt] }).then(
      async (r) => {
        await conn.drained();
        rt.append({ type: 'turn_ended', turnId, stopReason: r.stopReason });
      },
      async (e: unknown) => {
        await conn.drained();
        rt.cancelAllPermissions('connection');
        rt.append({ type: 'turn_ended', turnId, error: rpcErrorOf(e) });
      },
    );
    return { turnId };
  }

  async cancel(sessionId: string): Promise<void> {
    const rt = this.#live(sessionId);
    if (rt.state.turn.status === 'idle') return;
    const { ctx } = await this.#ready(rt.endpointId);
    rt.append({ type: 'cancel_requested', ...(rt.state.turn.turnId ? { turnId: rt.state.turn.turnId } : {}) });
    rt.cancelAllPermissions('cancel');
    await ctx.notify(methods.agent.session.cancel, { sessionId });
  }

  resolvePermission(sessionId: string, requestId: string, outcome: PermissionOutcome): void {
    const rt = this.#runtime(sessionId);
    if (!rt.resolvePermission(requestId, outcome, 'user'))
      throw new AppError('not_found', 'That permission request is no longer waiting for an answer.');
  }

  resolveElicitation(sessionId: string, requestId: string, answer: ElicitationAnswer): void {
    if (!this.#runtime(sessionId).elicitations.resolve(requestId, answer, 'user'))
      throw new AppError('not_found', 'That request for input is no longer waiting for an answer.');
  }

  /** A request-scoped elicitation (no session), answered from the endpoint's dialog. */
  resolveEndpointElicitation(endpointId: string, requestId: string, answer: ElicitationAnswer): void {
    if (!this.#connections.get(endpointId)?.endpointElicitations.resolve(requestId, answer))
      throw new AppError('not_found', 'That request for input is no longer waiting for an answer.');
  }

  async setMode(sessionId: string, modeId: string): Promise<void> {
    const rt = this.#live(sessionId);
    const { ctx } = await this.#ready(rt.endpointId);
    try {
      await ctx.request(methods.agent.session.setMode, { sessionId, modeId });
    } catch (e) {
      throw toAppError(e, 'Switching mode');
    }
    const modes = rt.state.modes;
    if (modes && modes.currentModeId !== modeId)
      rt.append({ type: 'session_state', modes: { ...modes, currentModeId: modeId } });
  }

  async setConfigOption(sessionId: string, configId: string, value: string | boolean): Promise<void> {
    const rt = this.#live(sessionId);
    const { ctx } = await this.#ready(rt.endpointId);
    try {
      const params: SetSessionConfigOptionRequest =
        typeof value === 'boolean' ? { sessionId, configId, type: 'boolean', value } : { sessionId, configId, value };
      const r: SetSessionConfigOptionResponse = await ctx.request(methods.agent.session.setConfigOption, params);
      rt.append({ type: 'session_state', configOptions: r.configOptions });
    } catch (e) {
      throw toAppError(e, 'Changing the option');
    }
  }

  async closeSession(sessionId: string): Promise<void> {
    const rt = this.#runtime(sessionId);
    if (!rt.live) return;
    const conn = this.#connections.get(rt.endpointId);
    rt.cancelAllPermissions('cancel');
    rt.detach();
    if (conn?.init?.agentCapabilities?.sessionCapabilities?.close) {
      await conn
        .ready()
        .then((ctx) => ctx.request(methods.agent.session.close, { sessionId }))
        // The session is closed here either way; the agent not closing it is worth a line.
        .catch((e: unknown) => this.#d.log?.(`session/close ${sessionId} failed: ${String(e)}`));
    } else conn?.transport.releaseSession(sessionId);
    this.#publishSummaries(true);
  }

  async remoteSessions(endpointId: string) {
    const { conn, ctx } = await this.#ready(endpointId);
    if (!conn.init?.agentCapabilities?.sessionCapabilities?.list) return [];
    const out = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const params: ListSessionsRequest = cursor ? { cursor } : {};
      const r: ListSessionsResponse = await ctx.request(methods.agent.session.list, params).catch((e: unknown) => {
        throw toAppError(e, 'Listing the agent sessions');
      });
      out.push(...r.sessions);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    return out;
  }

  async dispose(): Promise<void> {
    this.#events.flush();
    await Promise.all([...this.#connections.keys()].map((id) => this.closeEndpoint(id)));
    await this.#d.transcripts.flush();
  }

  // ---- internals --------------------------------------------------------------------------

  #adopt(rt: SessionRuntime): SessionRuntime {
    this.#runtimes.set(rt.sessionId, rt);
    return rt;
  }

  #runtime(sessionId: string): SessionRuntime {
    const rt = this.#runtimes.get(sessionId);
    if (!rt) throw new AppError('not_found', 'That session is not open. Open it from the history first.');
    return rt;
  }

  #live(sessionId: string): SessionRuntime {
    const rt = this.#runtime(sessionId);
    if (rt.readOnly) throw new AppError('conflict', rt.readOnly);
    if (!rt.live)
      throw new AppError(
        'unavailable',
        'This session is not connected yet; it re-attaches when the agent is reachable.',
      );
    return rt;
  }

  #sink() {
    return { appended: (env: SessionEventEnvelope) => this.#events.push(env.sessionId, env) };
  }

  #flushEvents(batches: ReadonlyMap<string, SessionEventEnvelope[]>): void {
    const out: SessionEventBatch[] = [];
    for (const [sessionId, events] of batches) {
      out.push({ sessionId, events });
      void this.#d.transcripts
        .append(sessionId, events)
        .catch((e: unknown) => this.#d.log?.(`could not save ${sessionId}: ${String(e)}`));
    }
    this.#d.events.sessionEvents(out);
    this.#publishSummaries(false);
  }

  /** Pushes the history list when something a person sees in it changed. */
  #publishSummaries(force: boolean): void {
    const list = this.listSessions();
    const key = JSON.stringify(
      list.map((s) => [s.sessionId, s.title, s.live, s.readOnly, s.turnRunning, s.waitingFor]),
    );
    if (!force && key === this.#lastSummaries) return;
    this.#lastSummaries = key;
    this.#d.events.sessionsChanged(list);
  }

  #arrive(endpointId: string, a: Arrival): void {
    if (a.kind === 'transport') return this.#routeTransport(endpointId, a.event);
    const rt = this.#runtimes.get(a.sessionId);
    if (!rt || rt.endpointId !== endpointId || (!rt.live && !rt.attaching)) return this.#orphan(a);
    applyArrival(rt, a);
  }

  /** Updates for a session we do not hold yet (e.g. right after session/new) wait for it. */
  #orphan(a: Exclude<Arrival, { kind: 'transport' }>): void {
    // (transport arrivals never get here: they are routed by #routeTransport)
    if (a.kind === 'permission') return a.answer({ outcome: { outcome: 'cancelled' } });
    if (a.kind === 'elicitation') return a.answer({ action: 'cancel' });
    const list = this.#orphans.get(a.sessionId) ?? [];
    if (list.length >= ORPHAN_LIMIT) return;
    list.push(a);
    this.#orphans.set(a.sessionId, list);
    if (list.length === 1) this.#timers.setTimeout(() => this.#orphans.delete(a.sessionId), 10_000);
  }

  #releaseOrphans(rt: SessionRuntime): void {
    const list = this.#orphans.get(rt.sessionId);
    this.#orphans.delete(rt.sessionId);
    for (const a of list ?? []) if (a.kind !== 'transport') applyArrival(rt, a);
  }

  #routeTransport(endpointId: string, e: TransportEvent): void {
    const sessions = [...this.#runtimes.values()].filter(
      (rt) => rt.endpointId === endpointId && (rt.live || rt.attaching),
    );
    if (routeTransportEvent(sessions, e)) this.#publishSummaries(true);
  }
}
