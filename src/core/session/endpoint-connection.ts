/**
 * One live ACP connection to a saved endpoint: the transport, the SDK's client connection on
 * it, and the `initialize` result. Opened lazily by the engine on first use and shared by
 * every session of that endpoint. It turns what arrives into ordered `Arrival`s (see
 * ordered-inbox.ts) and answers agent requests it does not support with JSON-RPC errors
 * (the SDK answers unregistered methods with -32601, so fs/terminal are refused, never left
 * unanswered). Elicitations (issue 14) are handled in elicitation-arrivals.ts.
 */
import {
  client,
  methods,
  PROTOCOL_VERSION,
  type ClientCapabilities,
  type ClientConnection,
  type ClientContext,
  type CreateElicitationResponse,
  type InitializeResponse,
  type RequestPermissionRequest,
  type RequestPermissionResponse,
  type SessionUpdate,
} from '@agentclientprotocol/sdk';
import type { EndpointStatus } from '../../shared/domain/history';
import type { TransportEvent } from '../../shared/domain/traffic';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import { createAcpTransport, type AcpTransport } from '../transport/acp-transport';
import { CLIENT_INFO } from '../transport/client-info';
import type { EndpointCookies } from '../transport/cookies';
import { isRecord, type AnyMessage } from '../transport/jsonrpc';
import type { FetchLike, WebSocketFactory } from '../transport/link';
import type { Redactor } from '../transport/redact';
import type { TrafficFeed } from '../transport/tap';
import type { TransportAuth } from '../transport/transport-options';
import { networkDeps } from '../transport/net-config';
import { ElicitationRouter, type ElicitationArrival } from './elicitation-arrivals';
import { EndpointElicitations } from './endpoint-elicitations';
import { ARRIVAL_META_KEY, isKnownUpdateKind } from './known-updates';
import { OrderedInbox, type InboxTimers } from './ordered-inbox';

/** Everything that reaches sessions from one connection, in wire order. */
export type Arrival =
  | { kind: 'update'; sessionId: string; update: SessionUpdate }
  | { kind: 'unknown'; sessionId: string; raw: unknown; why: string }
  | {
      kind: 'permission';
      sessionId: string;
      params: RequestPermissionRequest;
      signal: AbortSignal;
      answer: (r: RequestPermissionResponse) => void;
    }
  | ElicitationArrival
  | { kind: 'transport'; event: TransportEvent };

/**
 * Session-scoped elicitations are shown in the chat (a form, or a URL to open) and answered
 * by the person; the CLI answers them by policy. While this is false the capability is not
 * advertised and every request is declined at once (never a wait nobody can see).
 */
export const ELICITATION_SHOWN = true;

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  // No fs or terminal: a remote agent gets no access to this machine.
  session: { notices: {}, configOptions: { boolean: {} } },
  // Form and URL elicitations: session-scoped in the chat, request-scoped as an endpoint dialog.
  ...(ELICITATION_SHOWN ? { elicitation: { form: {}, url: {} } } : {}),
};

export interface ConnectionDeps {
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  readonly cookies: EndpointCookies;
  readonly timers: InboxTimers;
  readonly rememberTransport: (profile: 'http' | 'ws') => void;
  /** Dynamic credentials (OAuth, issue 15): the bearer is asked for before each request. */
  readonly auth?: TransportAuth;
}

export interface ConnectionSink {
  arrive(a: Arrival): void;
  /** Where the transport's traffic goes, before redaction (see `EngineEvents.trafficFeed`). */
  trafficFeed(redactor: Redactor): TrafficFeed;
  status(s: EndpointStatus): void;
}

export class EndpointConnection {
  readonly transport: AcpTransport;
  readonly #inbox: OrderedInbox<Arrival>;
  #conn: ClientConnection | undefined;
  #ready: Promise<ClientContext> | undefined;
  #init: InitializeResponse | undefined;
  #status: EndpointStatus;
  #authRequired = false;
  /** Request-scoped elicitations (no sessionId), shown through the endpoint's status. */
  readonly endpointElicitations = new EndpointElicitations((list) =>
    this.#setStatus({ elicitations: list.length ? list : undefined }),
  );
  readonly #elicitations = new ElicitationRouter(ELICITATION_SHOWN, (r, signal, answer) =>
    this.endpointElicitations.add(r, signal, answer),
  );

  constructor(
    readonly endpoint: ResolvedEndpoint,
    deps: ConnectionDeps,
    private readonly sink: ConnectionSink,
  ) {
    this.#status = { endpointId: endpoint.id, state: 'idle' };
    this.#inbox = new OrderedInbox<Arrival>(
      (a) => sink.arrive(a),
      (raw) => this.#dropped(raw),
      deps.timers,
    );
    this.transport = createAcpTransport({
      url: endpoint.url,
      profile: endpoint.transport,
      ...(endpoint.lastWorkingTransport ? { preferred: endpoint.lastWorkingTransport } : {}),
      headers: endpoint.headers,
      secretHeaderNames: endpoint.secretHeaderNames,
      secretValues: endpoint.secretValues,
      cookies: deps.cookies,
      ...(deps.auth ? { auth: deps.auth } : {}),
      // The endpoint's proxy and TLS settings pick the dispatcher and WebSocket agent.
      ...networkDeps(deps, endpoint.network),
      ...(endpoint.idleTimeoutSec ? { limits: { idleTimeoutMs: endpoint.idleTimeoutSec * 1000 } } : {}),
      onProfile: deps.rememberTransport,
      inspect: (m) => this.#inspect(m),
    });
    this.transport.onEvent((e) => this.#onTransportEvent(e));
    this.transport.feedTraffic((redactor) => sink.trafficFeed(redactor));
  }

  get status(): EndpointStatus {
    return this.#status;
  }

  get init(): InitializeResponse | undefined {
    return this.#init;
  }

  /** Connects and initializes once; a failed attempt is forgotten so the next call retries. */
  ready(): Promise<ClientContext> {
    this.#ready ??= this.#connect().catch((e: unknown) => {
      this.#ready = undefined;
      throw e;
    });
    return this.#ready;
  }

  async #connect(): Promise<ClientContext> {
    const app = client({ name: CLIENT_INFO.name })
      .onNotification(methods.client.session.update, ({ params }) => {
        this.#inbox.fill(arrivalOf(params), { kind: 'update', sessionId: params.sessionId, update: params.update });
      })
      .onRequest(
        methods.client.session.requestPermission,
        ({ params, signal }) =>
          new Promise<RequestPermissionResponse>((answer) => {
            this.#inbox.fill(arrivalOf(params), {
              kind: 'permission',
              sessionId: params.sessionId,
              params,
              signal,
              answer,
            });
          }),
      )
      .onRequest(
        methods.client.elicitation.create,
        ({ params, signal }) =>
          new Promise<CreateElicitationResponse>((answer) => {
            const a = this.#elicitations.request(params, signal, answer);
            if (a) this.#inbox.fill(arrivalOf(params), a);
          }),
      )
      .onNotification(methods.client.elicitation.complete, ({ params }) => {
        const a = this.#elicitations.complete(params);
        if (a) this.#inbox.push(a);
        else this.endpointElicitations.complete(params.elicitationId);
      });
    this.#conn = app.connect(this.transport.stream);
    const init = await this.#conn.agent.request(methods.agent.initialize, {
      protocolVersion: PROTOCOL_VERSION,
      clientCapabilities: CLIENT_CAPABILITIES,
      clientInfo: CLIENT_INFO,
    });
    if (init.protocolVersion !== PROTOCOL_VERSION) {
      await this.close();
      throw new Error(
        `The agent speaks ACP protocol version ${init.protocolVersion}; ACP Desk speaks ${PROTOCOL_VERSION}.`,
      );
    }
    this.#init = init;
    this.#setStatus({
      agentInfo: init.agentInfo ?? null,
      agentCapabilities: init.agentCapabilities ?? {},
      authMethods: init.authMethods ?? [],
      ...(this.transport.profile ? { transport: this.transport.profile } : {}),
    });
    return this.#conn.agent;
  }

  /** Resolves once everything that arrived so far has reached the sessions. */
  drained(): Promise<void> {
    return this.#inbox.whenDrained();
  }

  markAuthRequired(required: boolean): void {
    this.#authRequired = required;
    this.#setStatus({ authRequired: required });
  }

  get authRequired(): boolean {
    return this.#authRequired;
  }

  /**
   * Numbers session updates and agent requests in wire order (the number rides in a copy of
   * the params' `_meta`, so traffic records keep the original), and diverts update kinds the
   * SDK does not know, which it would otherwise drop.
   */
  #inspect(m: AnyMessage): AnyMessage | null {
    if (!('method' in m) || !isRecord(m.params)) return m;
    const params = m.params;
    const sessionId = typeof params.sessionId === 'string' ? params.sessionId : undefined;
    if (m.method === methods.client.session.update && sessionId) {
      const kind = isRecord(params.update) ? params.update.sessionUpdate : undefined;
      if (!isKnownUpdateKind(kind)) {
        this.#inbox.push({
          kind: 'unknown',
          sessionId,
          raw: params.update,
          why: `unknown update kind ${String(kind)}`,
        });
        return null;
      }
    } else if (
      (m.method !== methods.client.session.requestPermission && m.method !== methods.client.elicitation.create) ||
      !sessionId
    ) {
      return m;
    }
    const n = this.#inbox.expect({ sessionId, raw: 'update' in params ? params.update : params });
    const meta = { ...(isRecord(params._meta) ? params._meta : {}), [ARRIVAL_META_KEY]: n };
    return { ...m, params: { ...params, _meta: meta } };
  }

  #dropped(raw: unknown): void {
    const r = raw as { sessionId?: string; raw?: unknown };
    if (r.sessionId)
      this.sink.arrive({ kind: 'unknown', sessionId: r.sessionId, raw: r.raw, why: 'failed schema validation' });
  }

  #onTransportEvent(e: TransportEvent): void {
    if (e.type === 'state')
      this.#setStatus({
        state: e.state,
        detail: e.detail,
        retryEveryMs: e.retryEveryMs,
        ...(e.state === 'connected' ? { attempt: 0 } : {}),
      });
    else if (e.type === 'reconnect' && e.lane === 'connection')
      this.#setStatus({ state: 'reconnecting', attempt: e.attempt, detail: e.reason });
    else if (e.type === 'profile') this.#setStatus({ transport: e.profile });
    // An answer to a request of the lost connection can no longer reach the agent.
    if (e.type === 'connection-lost' || (e.type === 'state' && (e.state === 'failed' || e.state === 'closed')))
      this.endpointElicitations.cancelAll();
    this.#inbox.push({ kind: 'transport', event: e });
  }

  /** Offline: rebuild the connection now. False when it is not offline. */
  retryNow(): boolean {
    return this.transport.retryNow();
  }

  /** Fields patched to undefined are removed (a detail or offline interval that no longer holds). */
  #setStatus(patch: { [K in keyof EndpointStatus]?: EndpointStatus[K] | undefined }): void {
    const next: Record<string, unknown> = { ...this.#status, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    this.#status = next as unknown as EndpointStatus;
    this.sink.status(this.#status);
  }

  async close(): Promise<void> {
    this.endpointElicitations.cancelAll();
    this.#inbox.dispose();
    this.#conn?.close();
    await this.transport.close();
  }
}

function arrivalOf(params: { _meta?: Record<string, unknown> | null }): number | undefined {
  const meta = params._meta;
  const n = meta ? meta[ARRIVAL_META_KEY] : undefined;
  if (meta) delete meta[ARRIVAL_META_KEY];
  return typeof n === 'number' ? n : undefined;
}
