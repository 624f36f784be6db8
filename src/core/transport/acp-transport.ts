/**
 * One ACP connection to a remote agent, as the SDK's `Stream` ({ readable, writable } of
 * JSON-RPC messages), that survives what the wire does to it:
 *
 * 1. A stream that drops is re-opened on the same connection (sse-lane.ts), with a gap event.
 * 2. A connection the server no longer knows (404/410, a stream whose retry budget is spent,
 *    a closed WebSocket) is rebuilt: `initialize` again on the same cookie jar, then each open
 *    session is re-attached with `session/resume` if the agent advertises it, else
 *    `session/load`, else it is reported detached. Requests the lost connection had accepted
 *    end with an error (a prompt ends "interrupted"); messages it never accepted wait, visibly,
 *    and go out on the new one.
 * 3. An outage longer than the fast retry budget goes offline: a rebuild every
 *    `offlineRetryMs`, or at once on retryNow(); nothing is failed for being down.
 * 4. 401/403, a redirect, or a server that is not ACP stops everything and says so; with
 *    dynamic credentials (options.auth, credentials.ts) a 401 first refreshes them, once.
 *
 * The lifecycle is one state machine (lifecycle.ts) applied by #go; the wire's outcomes map to
 * actions in wire-policy.ts; the ways a request can end are request-endings.ts. What the SDK
 * writes goes out through outgoing.ts, what the agent sends is routed by incoming.ts, and
 * `initialize` per profile is handshake.ts; this class owns the state they share. Every request
 * ends: with its response, a synthesized JSON-RPC error, or a timeout. close() ends it all.
 */
import type { Stream } from '@agentclientprotocol/sdk';
import {
  sessionOfLane,
  type ConnectionState,
  type Lane,
  type TrafficRecord,
  type TransportEvent,
} from '../../shared/domain/traffic';
import { runRecovery } from './recovery';
import { RequestEndings } from './request-endings';
import { InternalRequests } from './internal-requests';
import { SessionRegistry } from './session-registry';
import { routeIncoming, type IncomingDeps } from './incoming';
import { routeOutgoing, type OutgoingDeps } from './outgoing';
import { connect, startConnection, type HandshakeDeps } from './handshake';
import { watchAfterGap } from './gap-watchdog';
import { TimerScope } from './timer-scope';
import * as life from './lifecycle';
import { DEFAULT_LIMITS, GAP_STALL_MS, realTimers } from './defaults';
import { EndpointCookies } from './cookies';
import { DynamicCredentials } from './credentials';
import { HttpLink } from './http-link';
import type { AnyMessage, AnyRequest } from './jsonrpc';
import { LinkError, type Link, type LinkHost, type TransportLimits } from './link';
import { OutputQueue } from './output-queue';
import { PendingTable } from './pending';
import { Redactor } from './redact';
import { TrafficTap, type TrafficFeed } from './tap';
import { WsLink } from './ws-link';

import type { AcpTransportOptions } from './transport-options';

export type { AcpTransportOptions, TransportProfileChoice } from './transport-options';

export class AcpTransport {
  readonly stream: Stream;
  readonly cookies: EndpointCookies;
  readonly #o: AcpTransportOptions;
  readonly #limits: TransportLimits;
  readonly #timers: TimerScope;
  readonly #random: () => number;
  readonly #redactor: Redactor;
  /** Dynamic credentials (options.auth), shared by every link this transport builds. */
  readonly #credentials: DynamicCredentials | undefined;
  readonly #tap: TrafficTap;
  readonly #out: OutputQueue;
  readonly #pending: PendingTable;
  readonly #end: RequestEndings;
  readonly #eventListeners = new Set<(e: TransportEvent) => void>();
  readonly #sessions = new SessionRegistry();
  readonly #internal = new InternalRequests(() => this.#timers);
  #link: Link | undefined;
  #generation = 0;
  /** The one lifecycle state (lifecycle.ts); every transition goes through #go. */
  #life: life.Phase = { name: 'idle' };
  /** Bumped when the phase changes; a loop a phase started ends when it differs. */
  #phaseId = 0;
  /** Timers and waits owned by the current phase, ended when it is left. */
  #phaseTimers: TimerScope;
  #phaseEnd = new AbortController();
  /** Aborted by close(): in-flight requests of every link end with it. */
  readonly #stopped = new AbortController();
  readonly #lanes = new life.LaneHealth();
  /** Connections lost soon after they were (re)built, in a row (rebuild rate limit). */
  #quickLosses = 0;
  #state: ConnectionState = 'idle';
  #init: AnyRequest | undefined;
  #agentCapabilities: Record<string, unknown> = {};
  #ready!: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (e: Error) => void;
  #failure: LinkError | undefined;
  readonly #incoming: IncomingDeps;
  readonly #outgoing: OutgoingDeps;
  readonly #handshake: HandshakeDeps;

  constructor(options: AcpTransportOptions) {
    this.#o = options;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#timers = new TimerScope(options.timers ?? realTimers);
    this.#phaseTimers = new TimerScope(this.#timers);
    this.#random = options.random ?? Math.random;
    this.#redactor = new Redactor(options.secretHeaderNames, options.secretValues);
    this.#credentials = options.auth && new DynamicCredentials(options.auth, this.#redactor, this.#stopped.signal);
    this.#tap = new TrafficTap(() => this.#timers.now(), this.#redactor);
    // What the session engine (and from it every window) receives: known secret values masked
    // in agent content; synthesized errors, which quote server bodies, get the full treatment.
    const inspect = options.inspect;
    this.#out = new OutputQueue(
      (e) => this.#emit(e),
      (m) => {
        const safe = this.#redactor.json(m, 'error' in m ? 'all' : 'known');
        return inspect ? inspect(safe) : safe;
      },
    );
    this.#pending = new PendingTable(this.#timers);
    this.#end = new RequestEndings(
      this.#pending,
      this.#out,
      (e) => this.#emit(e),
      () => this.#timers.now(),
    );
    this.cookies = options.cookies ?? new EndpointCookies();
    this.#resetReady();
    this.#incoming = {
      pending: this.#pending,
      out: this.#out,
      internal: this.#internal.waiting,
      link: () => this.#link,
      remember: (id, params) => this.#sessions.remember(id, params),
      forget: (id) => this.#forget(id),
      record: (input) => this.#record(input),
    };
    this.#handshake = {
      options,
      out: this.#out,
      timers: this.#timers,
      closed: () => this.#closed,
      newLink: (kind) => this.#newLink(kind),
      capabilities: (c) => (this.#agentCapabilities = c),
      emit: (e) => this.#emit(e),
      go: (e) => this.#go(e),
      fail: (err) => this.#fail(err),
    };
    this.#outgoing = {
      out: this.#out,
      pending: this.#pending,
      end: this.#end,
      sessions: this.#sessions,
      timers: this.#timers,
      limits: this.#limits,
      random: this.#random,
      requestTimeoutMs: options.requestTimeoutMs,
      closed: () => this.#closed,
      started: () => this.#init !== undefined,
      start: (initialize) => this.#start(initialize),
      phase: () => this.#life,
      ready: () => this.#ready,
      link: () => this.#link,
      generation: () => this.#generation,
      emit: (e) => this.#emit(e),
      record: (input) => this.#record(input),
    };
    const writable = new WritableStream<AnyMessage>({
      write: (m) => routeOutgoing(this.#outgoing, m),
      close: () => this.close(),
      abort: () => this.close(),
    });
    this.stream = { readable: this.#out.readable, writable };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get profile(): 'http' | 'ws' | undefined {
    return this.#link?.kind;
  }

  get connectionId(): string | undefined {
    return this.#link?.connectionId;
  }

  onEvent(listener: (e: TransportEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  onTraffic(listener: (r: TrafficRecord) => void): () => void {
    return this.#tap.subscribe(listener);
  }
  /** The records unredacted, to the feed `make` builds with this transport's redactor (see TrafficTap). */
  feedTraffic(make: (redactor: Redactor) => TrafficFeed): () => void {
    return this.#tap.addFeed(make);
  }

  #emit(event: TransportEvent): void {
    // Reasons and details quote servers (bodies, URLs): they are masked like traffic records.
    const e = this.#redactor.json(event);
    for (const l of this.#eventListeners) {
      try {
        l(e);
      } catch {
        // listeners must not break the transport
      }
    }
  }

  #setState(state: ConnectionState, detail?: string, retryEveryMs?: number): void {
    if (this.#state === state && !detail) return;
    this.#state = state;
    this.#emit({
      type: 'state',
      state,
      ...(detail ? { detail } : {}),
      ...(retryEveryMs !== undefined ? { retryEveryMs } : {}),
    });
  }

  get #closed(): boolean {
    return this.#life.name === 'closed';
  }

  /**
   * The one place the lifecycle moves: asks the pure table (lifecycle.ts) for the next phase,
   * ends what the old phase owned when the phase changes, and runs the new phase's entry.
   * Returns false (and does nothing) when the event means nothing in the current phase.
   */
  #go(event: life.LifeEvent): boolean {
    const from = this.#life;
    const to = life.nextPhase(from, event);
    if (!to) return false;
    this.#life = to;
    if (to.name !== from.name) {
      this.#phaseId++;
      this.#phaseEnd.abort();
      this.#phaseTimers.dispose();
      this.#phaseEnd = new AbortController();
      this.#phaseTimers = new TimerScope(this.#timers);
      this.#enter(from, to);
    }
    if (to.name !== 'closed')
      this.#setState(
        life.connectionStateOf(to),
        life.detailOf(to),
        to.name === 'offline' ? to.retryEveryMs : undefined,
      );
    return true;
  }

  #enter(from: life.Phase, to: life.Phase): void {
    switch (to.name) {
      case 'open':
        return this.#resolveReady();
      case 'recovering': {
        if (from.name === 'open' || from.name === 'reattaching') this.#onConnectionLost(from, to.reason);
        const plan =
          from.name === 'offline'
            ? { delayMs: 0 }
            : life.rebuildPlan(
                this.#quickLosses,
                { ...this.#limits.backoff, maxQuickRebuilds: this.#limits.backoff.maxAttempts },
                this.#random,
              );
        void this.#recover(this.#phaseId, to.reason, plan, from.name === 'offline' ? 'single' : 'fast');
        return;
      }
      case 'offline':
        this.#phaseTimers.setTimeout(() => this.#go({ type: 'retry-now' }), to.retryEveryMs);
        return;
      case 'failed': {
        const err = this.#failure ?? new LinkError('network', to.reason);
        this.#rejectReady(err);
        this.#end.all(err.message, err.kind);
        void this.#link?.close();
        return;
      }
      case 'closed':
        this.#rejectReady(new LinkError('closed', 'The connection is closed.'));
        this.#end.all('The connection was closed.', 'closed');
        return;
      default:
        return;
    }
  }

  #resetReady(): void {
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => undefined);
  }

  // ---- incoming ------------------------------------------------------------------------

  #deliver(generation: number, message: AnyMessage, lane: Lane, size: number, wire?: string): void {
    if (generation !== this.#generation || this.#closed) return;
    const laneSession = sessionOfLane(lane);
    if (laneSession) this.#sessions.touch(laneSession, this.#timers.now());
    this.#record({ kind: 'message', direction: 'in', lane, size, message }, wire);
    routeIncoming(this.#incoming, generation, message, lane);
  }

  #watchAfterGap(generation: number, sessionId: string): void {
    watchAfterGap({
      timers: this.#timers,
      stallMs: this.#o.gapStallMs ?? GAP_STALL_MS,
      stillCurrent: () => generation === this.#generation && !this.#closed,
      waitingPrompts: () => this.#end.promptsOf(sessionId),
      lastActivity: () => this.#sessions.lastActivity(sessionId),
      interrupt: (p, reason) => this.#end.interrupted(p, reason),
    });
  }

  #forget(sessionId: string): void {
    this.#sessions.forget(sessionId);
    this.#link?.closeSession(sessionId);
  }

  #record(input: Parameters<TrafficTap['record']>[0], wire?: string): void {
    if (this.#tap.enabled) this.#tap.record(input, this.#generation, this.#link?.connectionId, wire);
  }

  // ---- connecting and recovery ----------------------------------------------------------

  #host(generation: number): LinkHost {
    return {
      url: this.#o.url,
      headers: this.#o.headers ?? {},
      cookies: this.cookies,
      redactor: this.#redactor,
      limits: this.#limits,
      timers: this.#timers,
      random: this.#random,
      fetch: this.#o.fetch,
      webSocket: this.#o.webSocket,
      generation,
      credentials: this.#credentials,
      stopped: this.#stopped.signal,
      record: (input, connectionId, wire) => {
        if (this.#tap.enabled) this.#tap.record(input, generation, connectionId ?? this.#link?.connectionId, wire);
      },
      deliver: (m, lane, size, wire) => this.#deliver(generation, m, lane, size, wire),
      event: (e) => {
        const shown = generation === this.#generation ? this.#lanes.note(e) : undefined;
        if (shown && this.#life.name === 'open')
          this.#setState(shown.state, 'reason' in shown ? shown.reason : undefined);
        if (e.type !== 'gap') return this.#emit(e);
        this.#out.pushEvent(e);
        if (e.sessionId) this.#watchAfterGap(generation, e.sessionId);
      },
      responseLost: (id, reason) => generation === this.#generation && this.#end.responseLost(id, reason),
      lost: (reason, kind) => this.#onLost(generation, reason, kind),
    };
  }

  /** The link of the next generation for a profile; it is the transport's link from then on. */
  #newLink(kind: 'http' | 'ws'): Link {
    const host = this.#host(++this.#generation);
    this.#link = kind === 'http' ? new HttpLink(host, (lane) => this.#pending.dueOn(lane)) : new WsLink(host);
    return this.#link;
  }

  #start(initialize: AnyRequest): Promise<void> {
    this.#init = initialize;
    return startConnection(this.#handshake, initialize);
  }

  #onLost(generation: number, reason: string, kind: 'gone' | 'auth' | 'fatal'): void {
    // Only an established connection can be lost: during a handshake the handshake itself
    // fails, and a link of an older generation no longer matters.
    const phase = this.#life.name;
    if (generation !== this.#generation || (phase !== 'open' && phase !== 'reattaching')) return;
    if (kind === 'auth') {
      this.#emit({ type: 'auth-required', status: 401, detail: reason });
      return this.#fail(new LinkError('auth', `The server refused the credentials: ${reason}`));
    }
    // The server will not serve us as configured (a redirect, another 4xx on a stream):
    // rebuilding would meet the same answer, so stop and say what to change.
    if (kind === 'fatal') return this.#fail(new LinkError('http', reason));
    this.#go({ type: 'lost', reason });
  }

  /** Entry of `recovering` from a live connection: what was in flight on it ends now. */
  #onConnectionLost(from: life.Phase, reason: string): void {
    const now = this.#timers.now();
    // A connection that died soon after it was (re)built counts toward the rebuild limit.
    this.#quickLosses =
      from.name === 'open' && now - from.since >= this.#limits.backoff.healthyAfterMs ? 0 : this.#quickLosses + 1;
    if (from.name === 'open') this.#resetReady();
    this.#lanes.clear();
    this.#out.pushEvent({ type: 'connection-lost', reason });
    void this.#link?.close();
    this.#end.connectionLost(this.#generation, reason);
  }

  /** The recovering phase's loop (recovery.ts), owned by phase `id`. */
  async #recover(
    id: number,
    reason: string,
    plan: { readonly delayMs: number } | { readonly offline: true },
    budget: 'fast' | 'single',
  ): Promise<void> {
    const alive = () => this.#phaseId === id;
    await runRecovery({
      reason,
      plan,
      budget,
      alive,
      timers: this.#phaseTimers,
      signal: this.#phaseEnd.signal,
      backoff: this.#limits.backoff,
      random: this.#random,
      connect: async () => {
        const response = await connect(this.#handshake, { ...this.#init!, id: this.#internal.nextId() });
        if ('error' in response) throw new LinkError('http', `initialize failed: ${response.error.message}`);
      },
      retrying: (attempt, delayMs, err) => {
        this.#go({ type: 'retry', attempt, error: err.message });
        this.#emit({ type: 'reconnect', lane: 'connection', attempt, delayMs, reason: err.message });
      },
      offline: (why) =>
        this.#go({ type: 'spent', reason: why, retryEveryMs: this.#limits.offlineRetryMs, at: this.#timers.now() }),
      fail: (err) => this.#fail(err),
      rebuilt: () => this.#go({ type: 'rebuilt' }),
      reattach: async () => {
        const reattaching = this.#phaseId;
        await this.#reattachSessions();
        if (this.#phaseId === reattaching) this.#go({ type: 'reattached', at: this.#timers.now() });
      },
    });
  }

  /**
   * Offline (the fast budget is spent): rebuild now instead of at the next slow retry. Returns
   * false when there is nothing to retry (connected, recovering already, closed or failed).
   */
  retryNow(): boolean {
    return this.#go({ type: 'retry-now' });
  }

  #reattachSessions(): Promise<void> {
    return this.#sessions.reattachAll({
      capabilities: this.#agentCapabilities,
      request: (method, params, sessionId) => this.#internal.request(this.#link!, method, params, sessionId),
      settle: (sessionId) => this.#link?.settle(sessionId) ?? Promise.resolve(),
      event: (e) => this.#out.pushEvent(e),
    });
  }

  #fail(err: LinkError): void {
    if (this.#failure || this.#closed) return;
    this.#failure = err;
    // The failure itself is the `failed` state's detail; `error` events are for non-fatal problems.
    this.#go({ type: 'fatal', reason: err.message, kind: err.kind });
  }

  /**
   * Stops receiving a session's messages without `session/close` (for agents that cannot
   * close sessions): the HTTP session stream is released; nothing is sent to the agent.
   */
  releaseSession(sessionId: string): void {
    this.#forget(sessionId);
  }

  /**
   * What the transport still holds: its lifecycle phase, scheduled timers and requests
   * awaiting an answer (for tests, the doctor and leak checks; all zero after close()).
   */
  get diagnostics(): { readonly phase: life.Phase['name']; readonly timers: number; readonly pendingRequests: number } {
    return {
      phase: this.#life.name,
      timers: this.#timers.pending,
      pendingRequests: this.#pending.clientRequests().length,
    };
  }

  /** The reason the transport stopped for good, if it did. */
  get failure(): LinkError | undefined {
    return this.#failure;
  }

  async close(): Promise<void> {
    if (!this.#go({ type: 'close' })) return;
    this.#stopped.abort();
    try {
      await this.#link?.close();
    } finally {
      // Whatever is still scheduled (stream retries, watchdogs, recovery sleeps) ends here.
      this.#timers.dispose();
      this.#setState('closed');
      this.#out.close();
    }
  }
}

export const createAcpTransport = (options: AcpTransportOptions): AcpTransport => new AcpTransport(options);
