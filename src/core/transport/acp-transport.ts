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
import { DEFAULT_BACKOFF, RetryCounter } from './backoff';
import { EndpointCookies } from './cookies';
import { HttpLink } from './http-link';
import {
  ATTACH_METHODS,
  errorResponse,
  isRecord,
  isRequest,
  isResponse,
  resultOf,
  sessionIdOfParams,
  sessionScopeOf,
  TRANSPORT_ERROR,
  type AnyMessage,
  type AnyRequest,
  type AnyResponse,
  type JsonRpcId,
} from './jsonrpc';
import { LinkError, sleep, type FetchLike, type Link, type LinkHost, type Timers, type TransportLimits, type WebSocketFactory } from './link';
import { OutputQueue } from './output-queue';
import { PendingTable, type PendingRequest } from './pending';
import { Redactor } from './redact';
import { TrafficTap } from './tap';
import { WsLink } from './ws-link';

export type TransportProfileChoice = 'auto' | 'http' | 'ws';

export interface AcpTransportOptions {
  readonly url: string;
  readonly profile?: TransportProfileChoice;
  /** For `auto`: the profile that worked last time, tried first. */
  readonly preferred?: 'http' | 'ws';
  readonly headers?: Readonly<Record<string, string>>;
  readonly secretHeaderNames?: readonly string[];
  readonly secretValues?: readonly string[];
  /** Shared per endpoint so cookies (load-balancer affinity) outlive connections. */
  readonly cookies?: EndpointCookies;
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly limits?: Partial<TransportLimits>;
  /** Per-method request timeouts in ms; `null` = none. Defaults: prompt none, load 10 min, others 2 min. */
  readonly requestTimeoutMs?: Readonly<Record<string, number | null>>;
  readonly onProfile?: (profile: 'http' | 'ws') => void;
  /** Sees each incoming message as the SDK takes it, in order; returns it (or a copy), or null to swallow it. */
  readonly inspect?: (message: AnyMessage) => AnyMessage | null;
}

export const DEFAULT_LIMITS: TransportLimits = {
  maxMessageBytes: 32 * 1024 * 1024,
  maxRequestBytes: 16 * 1024 * 1024,
  idleTimeoutMs: 45_000,
  postTimeoutMs: 75_000,
  connectTimeoutMs: 30_000,
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  deleteTimeoutMs: 2_000,
  backoff: DEFAULT_BACKOFF,
};

const DEFAULT_TIMEOUTS: Record<string, number | null> = {
  [methods.agent.session.prompt]: null,
  [methods.agent.session.load]: 10 * 60_000,
  '*': 2 * 60_000,
};

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

interface SessionRecord {
  readonly cwd: string;
  readonly mcpServers: unknown[];
  readonly additionalDirectories?: unknown;
}

export class AcpTransport {
  readonly stream: Stream;
  readonly cookies: EndpointCookies;
  readonly #o: AcpTransportOptions;
  readonly #limits: TransportLimits;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #redactor: Redactor;
  readonly #tap: TrafficTap;
  readonly #out: OutputQueue;
  readonly #pending: PendingTable;
  readonly #eventListeners = new Set<(e: TransportEvent) => void>();
  readonly #sessions = new Map<string, SessionRecord>();
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

  constructor(options: AcpTransportOptions) {
    this.#o = options;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#timers = options.timers ?? realTimers;
    this.#random = options.random ?? Math.random;
    this.#redactor = new Redactor(options.secretHeaderNames, options.secretValues);
    this.#tap = new TrafficTap(() => this.#timers.now());
    this.#out = new OutputQueue((e) => this.#emit(e), options.inspect);
    this.#pending = new PendingTable(this.#timers);
    this.cookies = options.cookies ?? new EndpointCookies();
    this.#resetReady();
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

  #emit(e: TransportEvent): void {
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
      if (isRequest(message)) this.#out.push(errorResponse(message.id, TRANSPORT_ERROR.internal, 'The connection is closed.'));
      return;
    }
    if (isResponse(message)) return void this.#sendResponse(message);
    if (isRequest(message) && message.method === methods.agent.initialize && !this.#init) return void this.#start(message);
    const sessionId = sessionScopeOf(message);
    if (isRequest(message)) this.#track(message, sessionId);
    if (isRequest(message) && ATTACH_METHODS.has(message.method) && sessionId) this.#remember(sessionId, message.params);
    void this.#sendWhenReady(message, sessionId);
  }

  #track(request: AnyRequest, sessionId: string | undefined): void {
    const p = this.#pending.addClient(request, sessionId, this.#generation);
    const table = { ...DEFAULT_TIMEOUTS, ...this.#o.requestTimeoutMs };
    const timeout = request.method in table ? table[request.method] : table['*'];
    if (timeout) p.timer = this.#timers.setTimeout(() => this.#timeOut(request.id), timeout);
  }

  #timeOut(id: JsonRpcId): void {
    const p = this.#pending.takeClient(id);
    if (!p) return;
    const secs = Math.round((this.#timers.now() - p.sentAt) / 1000);
    const reason = `No response to ${p.method} after ${secs} s.`;
    this.#emit({ type: 'request-failed', method: p.method, ...(p.id !== null ? { id: p.id } : {}), reason });
    this.#out.push(errorResponse(p.id, TRANSPORT_ERROR.internal, reason, { kind: 'timeout' }));
  }

  async #sendWhenReady(message: AnyMessage, sessionId: string | undefined): Promise<void> {
    for (;;) {
      try {
        await this.#ready;
      } catch (e) {
        return this.#failOutgoing(message, e instanceof LinkError ? e : new LinkError('closed', String(e)));
      }
      const link = this.#link!;
      const generation = this.#generation;
      try {
        await link.send(message, sessionId);
        return;
      } catch (e) {
        const err = e instanceof LinkError ? e : new LinkError('network', String(e));
        const willRecover = this.#recovering || this.#generation !== generation;
        // A request already ended by #failInFlight (the loss was found while it waited to be
        // sent, e.g. its own POST got 404) must not go out on the new connection: the caller
        // was told it failed, and a re-sent prompt would run a turn nobody is waiting for.
        if (err.kind === 'not-sent' && isRequest(message) && !this.#pending.hasClient(message.id)) return;
        if (err.kind === 'not-sent' && willRecover && !this.#closed) continue;
        return this.#failOutgoing(message, err);
      }
    }
  }

  #failOutgoing(message: AnyMessage, err: LinkError): void {
    const method = 'method' in message ? message.method : 'response';
    if (isRequest(message)) {
      if (!this.#pending.takeClient(message.id)) return;
      const code = err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal;
      const data = { kind: err.kind, ...(err.status ? { status: err.status } : {}), ...(err.body !== undefined ? { body: err.body } : {}) };
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
      this.#record({ kind: 'error', message: `answer to ${entry.method} dropped: it came from a connection that is gone` });
      return;
    }
    try {
      await this.#link.send({ ...message, id: entry.originalId } as AnyResponse, entry.sessionId);
    } catch (e) {
      this.#emit({ type: 'request-failed', method: `answer to ${entry.method}`, reason: e instanceof Error ? e.message : String(e) });
    }
  }

  // ---- incoming ------------------------------------------------------------------------

  #deliver(generation: number, message: AnyMessage, lane: Lane, size: number): void {
    if (generation !== this.#generation || this.#closed) return;
    this.#record({ kind: 'message', direction: 'in', lane, size, message: this.#redactor.json(message) });
    if (isResponse(message)) return this.#onResponse(message, lane);
    if (isRequest(message)) {
      const sessionId = lane.startsWith('session:') ? lane.slice(8) : sessionIdOfParams(message);
      const entry = this.#pending.addAgent(message.id, message.method, generation, lane === 'connection' ? undefined : sessionId);
      this.#out.push({ ...message, id: entry.localId });
      return;
    }
    if (message.method === methods.protocol.cancelRequest) {
      const requestId = isRecord(message.params) ? (message.params.requestId as JsonRpcId) : undefined;
      const entry = requestId !== undefined ? this.#pending.findAgent(requestId, generation) : undefined;
      if (entry) this.#out.push({ ...message, params: { ...(message.params as object), requestId: entry.localId } });
      return;
    }
    this.#out.push(message);
  }

  #onResponse(message: AnyResponse, lane: Lane): void {
    const internal = typeof message.id === 'string' ? this.#internal.get(message.id) : undefined;
    if (internal) return internal(message);
    const p = this.#pending.takeClient(message.id);
    if (!p) {
      this.#record({ kind: 'error', lane, message: `response to unknown or timed-out request ${String(message.id)} (dropped)` });
      return;
    }
    const result = resultOf(message);
    if (p.method === methods.agent.session.new && typeof result?.sessionId === 'string') {
      this.#remember(result.sessionId, p.params);
      this.#link?.openSession(result.sessionId).catch(() => undefined);
    }
    if (ATTACH_METHODS.has(p.method) && p.sessionId && 'error' in message) this.#forget(p.sessionId);
    // The answer to session/close travels on the session's own stream: release it only now.
    if (p.method === methods.agent.session.close && p.sessionId) this.#forget(p.sessionId);
    if (p.method === methods.agent.session.load && p.sessionId && lane !== `session:${p.sessionId}`) {
      // The load response may overtake the last replayed updates (different streams): hold it
      // until the session stream has gone quiet, so history is complete when the caller resumes.
      void this.#link?.settle(p.sessionId).then(() => this.#out.push(message));
      return;
    }
    this.#out.push(message);
  }

  #responseLost(generation: number, id: string | number, reason: string): void {
    if (generation !== this.#generation) return;
    const p = this.#pending.takeClient(id);
    if (!p) return;
    this.#out.push(errorResponse(p.id, TRANSPORT_ERROR.internal, `The response to ${p.method} was lost: ${reason}`, { kind: 'too-large' }));
  }

  #remember(sessionId: string, params: unknown): void {
    const p = isRecord(params) ? params : {};
    this.#sessions.set(sessionId, {
      cwd: typeof p.cwd === 'string' ? p.cwd : '/',
      mcpServers: Array.isArray(p.mcpServers) ? p.mcpServers : [],
      ...(p.additionalDirectories !== undefined ? { additionalDirectories: p.additionalDirectories } : {}),
    });
  }

  #forget(sessionId: string): void {
    this.#sessions.delete(sessionId);
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
      event: (e) => (e.type === 'gap' ? this.#out.pushEvent(e) : this.#emit(e)),
      responseLost: (id, reason) => this.#responseLost(generation, id, reason),
      lost: (reason, kind) => this.#onLost(generation, reason, kind),
    };
  }

  #profiles(): Array<'http' | 'ws'> {
    const profile = this.#o.profile ?? 'auto';
    if (profile !== 'auto') return [profile];
    if (/^wss?:/i.test(this.#o.url)) return ['ws'];
    return this.#o.preferred === 'ws' ? ['ws', 'http'] : ['http', 'ws'];
  }

  /** Builds a link and runs `initialize` on it, trying the next profile when one is refused. */
  async #connect(initialize: AnyRequest): Promise<AnyResponse> {
    const profiles = this.#profiles();
    const errors: LinkError[] = [];
    for (const kind of profiles) {
      const generation = ++this.#generation;
      const host = this.#host(generation);
      const link: Link = kind === 'http' ? new HttpLink(host, (lane) => this.#pending.dueOn(lane)) : new WsLink(host);
      this.#link = link;
      this.#established = false;
      try {
        const response = await link.handshake(initialize);
        if ('result' in response) {
          this.#established = true;
          this.#agentCapabilities = isRecord(response.result) && isRecord(response.result.agentCapabilities) ? response.result.agentCapabilities : {};
          if ((this.#o.profile ?? 'auto') === 'auto') this.#emit({ type: 'profile', profile: kind, reason: errors.length ? errors[0]!.message : 'first choice' });
          this.#o.onProfile?.(kind);
        }
        return response;
      } catch (e) {
        await link.close({ terminate: true });
        const err = e instanceof LinkError ? e : new LinkError('network', String(e));
        errors.push(err);
        const next = profiles.indexOf(kind) < profiles.length - 1;
        if (!(next && (err.kind === 'refused-profile' || err.kind === 'network'))) throw combine(errors);
      }
    }
    throw combine(errors);
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
      this.#out.push(errorResponse(initialize.id, err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal, err.message, { kind: err.kind, ...(err.status ? { status: err.status } : {}) }));
      this.#fail(err);
    }
  }

  #internalId(): string {
    return `acp-desk:${++this.#internalSeq}`;
  }

  #onLost(generation: number, reason: string, kind: 'gone' | 'auth' | 'fatal'): void {
    if (generation !== this.#generation || !this.#established || this.#recovering || this.#closed || this.#failure) return;
    if (kind === 'auth') {
      this.#emit({ type: 'auth-required', status: 401, detail: reason });
      return this.#fail(new LinkError('auth', `The server refused the credentials: ${reason}`));
    }
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
      if (p.generation > generation) continue;
      this.#pending.takeClient(p.id);
      this.#out.push(lostResponse(p, reason));
    }
    for (const e of this.#pending.dropAgentBefore(generation + 1)) {
      this.#out.push({ jsonrpc: '2.0', method: methods.protocol.cancelRequest, params: { requestId: e.localId } });
    }
  }

  async #recover(reason: string): Promise<void> {
    const retries = new RetryCounter(this.#limits.backoff);
    for (;;) {
      if (this.#closed) return;
      try {
        const response = await this.#connect({ ...this.#init!, id: this.#internalId() });
        if ('error' in response) throw new LinkError('http', `initialize failed: ${response.error.message}`);
        break;
      } catch (e) {
        const err = e instanceof LinkError ? e : new LinkError('network', String(e));
        if (err.kind === 'auth' || err.kind === 'not-acp') return this.#fail(err);
        const delay = retries.next(this.#random);
        if (delay === null) return this.#fail(new LinkError(err.kind, `Could not reconnect after ${retries.attempt} attempts (${reason}); last error: ${err.message}`));
        this.#setState('reconnecting', err.message);
        this.#emit({ type: 'reconnect', lane: 'connection', attempt: retries.attempt, delayMs: delay, reason: err.message });
        await sleep(this.#timers, delay);
      }
    }
    await this.#reattachSessions();
    this.#recovering = false;
    this.#setState('connected');
    this.#resolveReady();
  }

  async #reattachSessions(): Promise<void> {
    const caps = this.#agentCapabilities;
    const sc = isRecord(caps.sessionCapabilities) ? caps.sessionCapabilities : {};
    const via = isRecord(sc.resume) ? methods.agent.session.resume : caps.loadSession === true ? methods.agent.session.load : undefined;
    for (const [sessionId, s] of [...this.#sessions]) {
      if (!via) {
        this.#sessions.delete(sessionId);
        this.#out.pushEvent({ type: 'detached', sessionId, reason: 'The agent can neither resume nor load sessions, so this session cannot continue on the new connection.' });
        continue;
      }
      this.#out.pushEvent({ type: 'reattaching', sessionId, via });
      const response = await this.#request(via, { sessionId, cwd: s.cwd, mcpServers: s.mcpServers, ...(s.additionalDirectories !== undefined ? { additionalDirectories: s.additionalDirectories } : {}) }, sessionId);
      if ('error' in response) {
        this.#sessions.delete(sessionId);
        this.#out.pushEvent({ type: 'detached', sessionId, reason: `${via} failed: ${response.error.message}` });
        continue;
      }
      if (via === methods.agent.session.load) await this.#link?.settle(sessionId);
      this.#out.pushEvent({ type: 'recovered', sessionId, via });
    }
  }

  /** A request of the transport's own (recovery), never seen by the SDK. */
  #request(method: string, params: Record<string, unknown>, sessionId: string | undefined): Promise<AnyResponse> {
    const id = this.#internalId();
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(() => done(errorResponse(id, TRANSPORT_ERROR.internal, `no answer to ${method}`)), 10 * 60_000);
      const done = (r: AnyResponse) => {
        this.#timers.clearTimeout(timer);
        this.#internal.delete(id);
        resolve(r);
      };
      this.#internal.set(id, done);
      this.#link!.send({ jsonrpc: '2.0', id, method, params }, sessionId).catch((e: Error) => done(errorResponse(id, TRANSPORT_ERROR.internal, e.message)));
    });
  }

  #fail(err: LinkError): void {
    if (this.#failure) return;
    this.#failure = err;
    this.#recovering = false;
    this.#rejectReady(err);
    for (const p of this.#pending.clientRequests()) {
      this.#pending.takeClient(p.id);
      this.#out.push(errorResponse(p.id, err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal, err.message, { kind: err.kind }));
    }
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectReady(new LinkError('closed', 'The connection is closed.'));
    for (const p of this.#pending.clientRequests()) {
      this.#pending.takeClient(p.id);
      this.#out.push(errorResponse(p.id, TRANSPORT_ERROR.internal, 'The connection was closed.', { kind: 'closed' }));
    }
    await this.#link?.close();
    this.#setState('closed');
    this.#out.close();
  }
}

function lostResponse(p: PendingRequest, reason: string): AnyResponse {
  const interrupted = p.method === methods.agent.session.prompt;
  const message = interrupted
    ? `The turn was interrupted: the connection to the agent was lost (${reason}).`
    : `The connection to the agent was lost before ${p.method} was answered (${reason}).`;
  return errorResponse(p.id, TRANSPORT_ERROR.internal, message, { kind: interrupted ? 'interrupted' : 'connection-lost' });
}

function combine(errors: LinkError[]): LinkError {
  const first = errors[0]!;
  if (errors.length === 1) return first;
  const last = errors[errors.length - 1]!;
  return new LinkError(last.kind === 'auth' ? 'auth' : first.kind, errors.map((e) => e.message).join(' Then: '), first.status, first.body);
}

export function createAcpTransport(options: AcpTransportOptions): AcpTransport {
  return new AcpTransport(options);
}
