/**
 * One ACP connection to a remote agent, as the SDK's `Stream` ({ readable, writable } of
 * JSON-RPC messages), that survives what the wire does to it:
 *
 * 1. A stream that drops is re-opened on the same connection (sse-lane.ts), with a gap event.
 * 2. A connection the server no longer knows (404/410, a stream whose retry budget is spent,
 *    a closed WebSocket) is rebuilt: `initialize` again on the same cookie jar, then each open
 *    session is re-attached with `session/resume` if the agent advertises it, else
 *    `session/load`, else it is reported detached. Requests in flight on the lost connection
 *    end with an error (a prompt ends "interrupted"); unsent messages go out on the new one.
 * 3. 401/403 stops everything and says so: credentials are the user's to fix.
 *
 * Every request ends: with its response, a synthesized JSON-RPC error, or a timeout.
 */
import type { Stream } from '@agentclientprotocol/sdk';
import { methods } from '@agentclientprotocol/sdk';
import type { ConnectionState, Lane, TrafficRecord, TransportEvent } from '../../shared/domain/traffic';
import { backoffDelay, retryWithBackoff } from './backoff';
import { SessionRegistry } from './session-registry';
import { routeIncoming, type IncomingDeps } from './incoming';
import { handshakeWithFallback, profileOrder } from './profiles';
import { watchAfterGap } from './gap-watchdog';
import { TimerScope } from './timer-scope';
import { DEFAULT_LIMITS, realTimers, requestTimeout } from './defaults';
import { lostResponse } from './transport-errors';
import { EndpointCookies } from './cookies';
import { HttpLink } from './http-link';
import {
  ATTACH_METHODS,
  errorResponse,
  isRecord,
  isRequest,
  isResponse,
  sessionScopeOf,
  TRANSPORT_ERROR,
  type AnyMessage,
  type AnyRequest,
  type AnyResponse,
} from './jsonrpc';
import { LinkError, sleep, type Link, type LinkHost, type TransportLimits } from './link';
import { OutputQueue } from './output-queue';
import { isRedirect } from './redirects';
import { PendingTable } from './pending';
import { Redactor } from './redact';
import { TrafficTap } from './tap';
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
  readonly #tap: TrafficTap;
  readonly #out: OutputQueue;
  readonly #pending: PendingTable;
  readonly #eventListeners = new Set<(e: TransportEvent) => void>();
  readonly #sessions = new SessionRegistry();
  readonly #internal = new Map<string, (r: AnyResponse) => void>();
  #link: Link | undefined;
  #established = false;
  #generation = 0;
  #state: ConnectionState = 'idle';
  #init: AnyRequest | undefined;
  #agentCapabilities: Record<string, unknown> = {};
  #ready!: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (e: Error) => void;
  #recovering = false;
  #failure: LinkError | undefined;
  #closed = false;
  #internalSeq = 0;
  readonly #incoming: IncomingDeps;

  constructor(options: AcpTransportOptions) {
    this.#o = options;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#timers = new TimerScope(options.timers ?? realTimers);
    this.#random = options.random ?? Math.random;
    this.#redactor = new Redactor(options.secretHeaderNames, options.secretValues);
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
    this.cookies = options.cookies ?? new EndpointCookies();
    this.#resetReady();
    this.#incoming = {
      pending: this.#pending,
      out: this.#out,
      internal: this.#internal,
      link: () => this.#link,
      remember: (id, params) => this.#remember(id, params),
      forget: (id) => this.#forget(id),
      record: (input) => this.#record(input),
    };
    const writable = new WritableStream<AnyMessage>({
      write: (m) => this.#onOutgoing(m),
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

  #setState(state: ConnectionState, detail?: string): void {
    if (this.#state === state && !detail) return;
    this.#state = state;
    this.#emit(detail ? { type: 'state', state, detail } : { type: 'state', state });
  }

  #resetReady(): void {
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => undefined);
  }

  // ---- outgoing ------------------------------------------------------------------------

  #onOutgoing(message: AnyMessage): void {
    if (this.#closed) {
      if (isRequest(message))
        this.#out.push(errorResponse(message.id, TRANSPORT_ERROR.internal, 'The connection is closed.'));
      return;
    }
    if (isResponse(message)) return void this.#sendResponse(message);
    if (isRequest(message) && message.method === methods.agent.initialize && !this.#init)
      return void this.#start(message);
    const sessionId = sessionScopeOf(message);
    const detached =
      sessionId !== undefined && !(isRequest(message) && ATTACH_METHODS.has(message.method))
        ? this.#sessions.detachedReason(sessionId)
        : undefined;
    if (detached !== undefined) {
      if (isRequest(message))
        this.#out.push(
          errorResponse(message.id, TRANSPORT_ERROR.internal, `Session ${sessionId} is detached: ${detached}`, {
            kind: 'detached',
          }),
        );
      return;
    }
    if (!isRequest(message) && 'method' in message && message.method === methods.agent.session.cancel && sessionId)
      this.#cancelUnsent(sessionId);
    if (isRequest(message)) this.#track(message, sessionId);
    if (isRequest(message) && ATTACH_METHODS.has(message.method) && sessionId)
      this.#remember(sessionId, message.params);
    void this.#sendWhenReady(message, sessionId);
  }

  /** A prompt still waiting to be sent ends `cancelled` here: the agent never saw it. */
  #cancelUnsent(sessionId: string): void {
    for (const p of this.#pending.clientRequests()) {
      if (p.sessionId !== sessionId || p.accepted || p.method !== methods.agent.session.prompt) continue;
      this.#pending.takeClient(p.id);
      this.#out.push({ jsonrpc: '2.0', id: p.id, result: { stopReason: 'cancelled' } });
    }
  }

  #track(request: AnyRequest, sessionId: string | undefined): void {
    const timeout = requestTimeout(request.method, this.#o.requestTimeoutMs);
    this.#pending.addClient(request, sessionId, this.#generation, timeout, (p) => {
      const reason = `No response to ${p.method} after ${Math.round((this.#timers.now() - p.sentAt) / 1000)} s.`;
      this.#emit({ type: 'request-failed', method: p.method, ...(p.id !== null ? { id: p.id } : {}), reason });
      this.#out.push(errorResponse(p.id, TRANSPORT_ERROR.internal, reason, { kind: 'timeout' }));
    });
  }

  async #sendWhenReady(message: AnyMessage, sessionId: string | undefined): Promise<void> {
    for (let waits = 0; ;) {
      try {
        await this.#ready;
      } catch (e) {
        return this.#failOutgoing(message, e instanceof LinkError ? e : new LinkError('closed', String(e)));
      }
      const link = this.#link!;
      const generation = this.#generation;
      try {
        await link.send(message, sessionId);
        if (isRequest(message)) this.#pending.markAccepted(message.id);
        return;
      } catch (e) {
        const err = e instanceof LinkError ? e : new LinkError('network', String(e));
        // A request ended meanwhile (its timeout, or the transport failing) is not re-sent:
        // the caller was told it failed, and a re-sent prompt would run a turn nobody awaits.
        if (isRequest(message) && !this.#pending.hasClient(message.id)) return;
        if (err.kind !== 'not-sent' || this.#closed) return this.#failOutgoing(message, err);
        // Never accepted by the server: nothing is lost, it waits (visibly) and goes out on
        // the rebuilt connection once its session is re-attached.
        const method = 'method' in message ? message.method : 'response';
        this.#emit({ type: 'waiting', method, reason: err.message });
        if (this.#recovering || this.#generation !== generation) continue;
        await sleep(this.#timers, backoffDelay(waits++, this.#limits.backoff, this.#random));
      }
    }
  }

  #failOutgoing(message: AnyMessage, err: LinkError): void {
    const method = 'method' in message ? message.method : 'response';
    if (isRequest(message)) {
      if (!this.#pending.takeClient(message.id)) return;
      const code = err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal;
      const data = {
        kind: err.kind,
        ...(err.status ? { status: err.status } : {}),
        ...(err.body !== undefined ? { body: err.body } : {}),
      };
      this.#out.push(errorResponse(message.id, code, err.message, data));
    }
    const id = 'id' in message && message.id !== null && message.id !== undefined ? message.id : undefined;
    this.#emit({ type: 'request-failed', method, ...(id !== undefined ? { id } : {}), reason: err.message });
  }

  async #sendResponse(message: AnyResponse): Promise<void> {
    const entry = this.#pending.takeAgent(message.id);
    if (!entry) {
      this.#record({ kind: 'error', message: `answer to unknown agent request ${String(message.id)} dropped` });
      return;
    }
    if (entry.generation !== this.#generation || !this.#link) {
      this.#record({
        kind: 'error',
        message: `answer to ${entry.method} dropped: it came from a connection that is gone`,
      });
      return;
    }
    try {
      await this.#link.send({ ...message, id: entry.originalId } as AnyResponse, entry.sessionId);
    } catch (e) {
      this.#emit({
        type: 'request-failed',
        method: `answer to ${entry.method}`,
        reason: e instanceof Error ? e.message : String(e),
      });
    }
  }

  // ---- incoming ------------------------------------------------------------------------

  #deliver(generation: number, message: AnyMessage, lane: Lane, size: number): void {
    if (generation !== this.#generation || this.#closed) return;
    if (lane.startsWith('session:')) this.#sessions.touch(lane.slice(8), this.#timers.now());
    this.#record({ kind: 'message', direction: 'in', lane, size, message });
    routeIncoming(this.#incoming, generation, message, lane);
  }

  #watchAfterGap(generation: number, sessionId: string): void {
    watchAfterGap({
      timers: this.#timers,
      stallMs: this.#o.gapStallMs ?? 90_000,
      stillCurrent: () => generation === this.#generation && !this.#closed,
      waitingPrompts: () =>
        this.#pending
          .clientRequests()
          .filter((p) => p.sessionId === sessionId && p.method === methods.agent.session.prompt),
      lastActivity: () => this.#sessions.lastActivity(sessionId),
      interrupt: (p, reason) => {
        this.#pending.takeClient(p.id);
        this.#emit({ type: 'request-failed', method: p.method, ...(p.id !== null ? { id: p.id } : {}), reason });
        this.#out.push(
          errorResponse(p.id, TRANSPORT_ERROR.internal, `The turn was interrupted: ${reason}.`, {
            kind: 'interrupted',
          }),
        );
      },
    });
  }

  #responseLost(generation: number, id: string | number, reason: string): void {
    if (generation !== this.#generation) return;
    const p = this.#pending.takeClient(id);
    if (!p) return;
    this.#out.push(
      errorResponse(p.id, TRANSPORT_ERROR.internal, `The response to ${p.method} was lost: ${reason}`, {
        kind: 'too-large',
      }),
    );
  }

  #remember(sessionId: string, params: unknown): void {
    this.#sessions.remember(sessionId, params);
  }

  #forget(sessionId: string): void {
    this.#sessions.forget(sessionId);
    this.#link?.closeSession(sessionId);
  }

  #record(input: Parameters<TrafficTap['record']>[0]): void {
    if (this.#tap.enabled) this.#tap.record(input, this.#generation, this.#link?.connectionId);
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
      record: (input, connectionId) => {
        if (this.#tap.enabled) this.#tap.record(input, generation, connectionId ?? this.#link?.connectionId);
      },
      deliver: (m, lane, size) => this.#deliver(generation, m, lane, size),
      event: (e) => {
        if (e.type !== 'gap') return this.#emit(e);
        this.#out.pushEvent(e);
        if (e.sessionId) this.#watchAfterGap(generation, e.sessionId);
      },
      responseLost: (id, reason) => this.#responseLost(generation, id, reason),
      lost: (reason, kind) => this.#onLost(generation, reason, kind),
    };
  }

  /** Builds a link and runs `initialize` on it, trying the next profile when one is refused. */
  /** Builds a link per profile and runs `initialize`, trying the next profile when one is refused. */
  async #connect(initialize: AnyRequest): Promise<AnyResponse> {
    const profiles = profileOrder(this.#o.profile ?? 'auto', this.#o.url, this.#o.preferred);
    const { response, kind, fallbackReason } = await handshakeWithFallback(profiles, initialize, (kind) => {
      if (this.#closed) throw new LinkError('closed', 'The connection is closed.');
      const host = this.#host(++this.#generation);
      this.#link = kind === 'http' ? new HttpLink(host, (lane) => this.#pending.dueOn(lane)) : new WsLink(host);
      this.#established = false;
      return this.#link;
    });
    if ('result' in response) {
      this.#established = true;
      const result = isRecord(response.result) ? response.result : {};
      this.#agentCapabilities = isRecord(result.agentCapabilities) ? result.agentCapabilities : {};
      if ((this.#o.profile ?? 'auto') === 'auto')
        this.#emit({ type: 'profile', profile: kind, reason: fallbackReason ?? 'first choice' });
      this.#o.onProfile?.(kind);
    }
    return response;
  }

  async #start(initialize: AnyRequest): Promise<void> {
    this.#init = initialize;
    this.#setState('connecting');
    try {
      const response = await this.#connect(initialize);
      this.#out.push(response);
      if ('error' in response) {
        this.#fail(new LinkError('http', `initialize failed: ${response.error.message}`));
        return;
      }
      this.#setState('connected');
      this.#resolveReady();
    } catch (e) {
      const err = e instanceof LinkError ? e : new LinkError('network', String(e));
      this.#out.push(
        errorResponse(
          initialize.id,
          err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal,
          err.message,
          { kind: err.kind, ...(err.status ? { status: err.status } : {}) },
        ),
      );
      this.#fail(err);
    }
  }

  #internalId(): string {
    return `acp-desk:${++this.#internalSeq}`;
  }

  #onLost(generation: number, reason: string, kind: 'gone' | 'auth' | 'fatal'): void {
    if (generation !== this.#generation || !this.#established || this.#recovering || this.#closed || this.#failure)
      return;
    if (kind === 'auth') {
      this.#emit({ type: 'auth-required', status: 401, detail: reason });
      return this.#fail(new LinkError('auth', `The server refused the credentials: ${reason}`));
    }
    // The server will not serve us as configured (a redirect, another 4xx on a stream):
    // rebuilding would meet the same answer, so stop and say what to change.
    if (kind === 'fatal') return this.#fail(new LinkError('http', reason));
    this.#recovering = true;
    this.#resetReady();
    this.#out.pushEvent({ type: 'connection-lost', reason });
    this.#setState('recovering', reason);
    const old = this.#link;
    void old?.close();
    this.#failInFlight(generation, reason);
    void this.#recover(reason);
  }

  /** Requests sent on a lost connection can no longer be answered: end them now. */
  #failInFlight(generation: number, reason: string): void {
    for (const p of this.#pending.clientRequests()) {
      // Not yet accepted: still in the send loop, it goes out again on the new connection.
      if (p.generation > generation || !p.accepted) continue;
      this.#pending.takeClient(p.id);
      this.#out.push(lostResponse(p, reason));
    }
    for (const e of this.#pending.dropAgentBefore(generation + 1)) {
      this.#out.push({ jsonrpc: '2.0', method: methods.protocol.cancelRequest, params: { requestId: e.localId } });
    }
  }

  async #recover(reason: string): Promise<void> {
    const failure = await retryWithBackoff<LinkError>({
      policy: this.#limits.backoff,
      random: this.#random,
      sleep: (ms) => sleep(this.#timers, ms),
      stopped: () => this.#closed,
      attempt: async () => {
        const response = await this.#connect({ ...this.#init!, id: this.#internalId() });
        if ('error' in response) throw new LinkError('http', `initialize failed: ${response.error.message}`);
      },
      asError: (e) => (e instanceof LinkError ? e : new LinkError('network', String(e))),
      isFatal: (err) => err.kind === 'auth' || err.kind === 'not-acp' || isRedirect(err.status ?? 0),
      spent: (err, n) =>
        new LinkError(err.kind, `Could not reconnect after ${n} attempts (${reason}); last error: ${err.message}`),
      onRetry: (attempt, delayMs, err) => {
        this.#setState('reconnecting', err.message);
        this.#emit({ type: 'reconnect', lane: 'connection', attempt, delayMs, reason: err.message });
      },
    });
    if (failure === 'stopped' || this.#closed) return void this.#link?.close();
    if (failure) return this.#fail(failure);
    await this.#reattachSessions();
    if (this.#closed) return;
    this.#recovering = false;
    this.#setState('connected');
    this.#resolveReady();
  }

  #reattachSessions(): Promise<void> {
    return this.#sessions.reattachAll({
      capabilities: this.#agentCapabilities,
      request: (method, params, sessionId) => this.#request(method, params, sessionId),
      settle: (sessionId) => this.#link?.settle(sessionId) ?? Promise.resolve(),
      event: (e) => this.#out.pushEvent(e),
    });
  }

  /** A request of the transport's own (recovery), never seen by the SDK. */
  #request(method: string, params: Record<string, unknown>, sessionId: string | undefined): Promise<AnyResponse> {
    const id = this.#internalId();
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(
        () => done(errorResponse(id, TRANSPORT_ERROR.internal, `no answer to ${method}`)),
        10 * 60_000,
      );
      const done = (r: AnyResponse) => {
        this.#timers.clearTimeout(timer);
        this.#internal.delete(id);
        resolve(r);
      };
      this.#internal.set(id, done);
      this.#link!.send({ jsonrpc: '2.0', id, method, params }, sessionId).catch((e: Error) =>
        done(errorResponse(id, TRANSPORT_ERROR.internal, e.message)),
      );
    });
  }

  #fail(err: LinkError): void {
    if (this.#failure) return;
    this.#failure = err;
    this.#recovering = false;
    this.#rejectReady(err);
    this.#endAllPending(err.message, err.kind);
    // The failure itself is the `failed` state's detail; `error` events are for non-fatal problems.
    this.#setState('failed', err.message);
    void this.#link?.close();
  }

  /**
   * Stops receiving a session's messages without `session/close` (for agents that cannot
   * close sessions): the HTTP session stream is released; nothing is sent to the agent.
   */
  releaseSession(sessionId: string): void {
    this.#forget(sessionId);
  }

  /** The reason the transport stopped for good, if it did. */
  get failure(): LinkError | undefined {
    return this.#failure;
  }

  /** Ends every request still waiting with the same error (the transport stopped for good). */
  #endAllPending(message: string, kind: string): void {
    const code = kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal;
    for (const p of this.#pending.clientRequests()) {
      this.#pending.takeClient(p.id);
      this.#out.push(errorResponse(p.id, code, message, { kind }));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectReady(new LinkError('closed', 'The connection is closed.'));
    this.#endAllPending('The connection was closed.', 'closed');
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

export function createAcpTransport(options: AcpTransportOptions): AcpTransport {
  return new AcpTransport(options);
}
