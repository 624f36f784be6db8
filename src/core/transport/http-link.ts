/**
 * The Streamable HTTP profile of one ACP connection: POST initialize (200 + Acp-Connection-Id),
 * the connection stream opened before anything else is sent, one stream per session opened
 * as soon as its id is known and before any session-scoped POST, per-session POST ordering
 * (each waits for its 202), and a bounded, best-effort DELETE on close. With dynamic
 * credentials each of those asks for the Authorization value first, and a 401 refreshes it
 * once and sends that request again (a refused request was not accepted: no re-send).
 * Reading, parsing and judging an answer's body is http-answer.ts.
 */
import type { Lane } from '../../shared/domain/traffic';
import { isJsonRpcMessage, isRecord, type AnyMessage, type AnyRequest, type AnyResponse } from './jsonrpc';
import { withAuthorization } from './credentials';
import { headerRecord, LinkError, type Link, type LinkHost } from './link';
import {
  answerOf,
  connectionIdInBody,
  parseInitializeBody,
  parseMaybeJson,
  readCapped,
  verdictError,
} from './http-answer';
import { NO_REDIRECTS } from './redirects';
import {
  onCredentialsRefused,
  onHandshakeAnswer,
  onNetworkError,
  onPostAnswer,
  SIGN_IN_AGAIN,
  type Credentials,
  type HttpAnswer,
  type Verdict,
} from './wire-policy';
import { errorText, httpVersionOf, SseLane } from './sse-lane';

const SETTLE_QUIET_MS = 25;
const SETTLE_MAX_MS = 300;

export class HttpLink implements Link {
  readonly kind = 'http' as const;
  #connectionId: string | undefined;
  #protocolVersion: number | undefined;
  #connectionLane: SseLane | undefined;
  readonly #sessionLanes = new Map<string, SseLane>();
  readonly #queues = new Map<string, Promise<void>>();
  #closed = false;
  /** Aborted by close(): a refresh or credentials wait of this link ends with it. */
  readonly #stop = new AbortController();

  /** Requests in flight per lane, for gap reports. */
  readonly inFlightFor: (lane: Lane) => string[];

  constructor(
    private readonly host: LinkHost,
    inFlightFor: (lane: Lane) => string[],
  ) {
    this.inFlightFor = inFlightFor;
  }

  get connectionId(): string | undefined {
    return this.#connectionId;
  }

  async handshake(initialize: AnyRequest): Promise<AnyResponse> {
    const body = JSON.stringify(initialize);
    // Recorded like every other outgoing message, so the inspector pairs initialize too.
    this.host.record({
      kind: 'message',
      direction: 'out',
      lane: 'post',
      size: Buffer.byteLength(body),
      message: initialize,
    });
    const { response, text, verdict } = await this.#postAuthorized(body, undefined, 'connection', true, (a) =>
      onHandshakeAnswer(a, this.host.url),
    );
    if (verdict.action !== 'ok') throw verdictError(verdict, text);
    const message = parseInitializeBody(text);
    this.#connectionId = response.headers.get('acp-connection-id') ?? connectionIdInBody(message);
    this.host.record(
      {
        kind: 'message',
        direction: 'in',
        lane: 'connection',
        size: text.length,
        message,
      },
      this.#connectionId,
    );
    if ('error' in message) {
      if (this.#connectionId) void this.close();
      return message;
    }
    if (!this.#connectionId)
      throw new LinkError(
        'not-acp',
        'The server answered initialize without an Acp-Connection-Id header, so it does not speak the ACP HTTP transport.',
      );
    const version = isRecord(message.result) ? message.result.protocolVersion : undefined;
    if (typeof version === 'number') this.#protocolVersion = version;
    await this.#openConnectionStream();
    return message;
  }

  async #openConnectionStream(): Promise<void> {
    const lane = new SseLane(this.host, 'connection', (signal) =>
      this.#headers({ accept: 'text/event-stream' }, true, signal),
    );
    lane.inFlight = () => this.inFlightFor('connection');
    this.#connectionLane = lane;
    lane.start();
    await lane.ready();
  }

  openSession(sessionId: string): Promise<void> {
    if (this.#closed) return Promise.reject(new LinkError('closed', 'connection closed'));
    let lane = this.#sessionLanes.get(sessionId);
    if (!lane) {
      const laneName: Lane = `session:${sessionId}`;
      lane = new SseLane(
        this.host,
        laneName,
        (signal) => this.#headers({ accept: 'text/event-stream', 'acp-session-id': sessionId }, true, signal),
        sessionId,
      );
      lane.inFlight = () => this.inFlightFor(laneName);
      this.#sessionLanes.set(sessionId, lane);
      lane.start();
    }
    return lane.ready();
  }

  closeSession(sessionId: string): void {
    this.#sessionLanes.get(sessionId)?.stop();
    this.#sessionLanes.delete(sessionId);
  }

  async settle(sessionId: string): Promise<void> {
    const lane = this.#sessionLanes.get(sessionId);
    if (!lane) return;
    const t = this.host.timers;
    const deadline = t.now() + SETTLE_MAX_MS;
    while (t.now() < deadline && t.now() - lane.lastActivity < SETTLE_QUIET_MS) {
      await new Promise<void>((r) => t.setTimeout(r, SETTLE_QUIET_MS));
    }
  }

  send(message: AnyMessage, sessionId: string | undefined): Promise<void> {
    const key = sessionId ?? '';
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#sendNow(message, sessionId));
    const tail = next.catch(() => undefined);
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return next;
  }

  async #sendNow(message: AnyMessage, sessionId: string | undefined): Promise<void> {
    if (this.#closed) throw new LinkError('not-sent', 'connection closed before the message was sent');
    if (sessionId) {
      // The session's stream must be open before its POSTs (or their answers are lost); a
      // stream being re-opened is a wait, and every wait is visible.
      const lane = this.#sessionLanes.get(sessionId);
      if (lane && !lane.isOpen && 'method' in message)
        this.host.event({
          type: 'waiting',
          method: message.method,
          sessionId,
          reason: `the stream of session ${sessionId} is re-opening`,
        });
      try {
        await this.openSession(sessionId);
      } catch {
        throw new LinkError('not-sent', `the stream of session ${sessionId} could not be opened`);
      }
    }
    const body = JSON.stringify(message);
    if (body.length > this.host.limits.maxRequestBytes || Buffer.byteLength(body) > this.host.limits.maxRequestBytes) {
      throw new LinkError(
        'too-large',
        `The message is larger than the ${this.host.limits.maxRequestBytes}-byte request limit and was not sent.`,
      );
    }
    const lane: Lane = sessionId ? `session:${sessionId}` : 'connection';
    this.host.record(
      {
        kind: 'message',
        direction: 'out',
        lane: 'post',
        size: Buffer.byteLength(body),
        message,
      },
      this.#connectionId,
      body,
    );
    const { response, text, verdict } = await this.#postAuthorized(body, sessionId, lane, false, (a) =>
      onPostAnswer(a, this.host.url),
    );
    if (verdict.action === 'wait')
      this.host.lost(`the server no longer knows this connection (HTTP ${response.status} on POST)`, 'gone');
    if (verdict.action === 'auth')
      this.host.lost(
        verdict.reason === SIGN_IN_AGAIN
          ? SIGN_IN_AGAIN
          : `the server refused the credentials (HTTP ${response.status})`,
        'auth',
      );
    if (verdict.action !== 'ok') throw verdictError(verdict, parseMaybeJson(text));
    if (response.status === 200 && text.trim()) this.#deliverInline(text, lane);
  }

  /** Some servers answer a POST inline (200 + JSON) instead of 202 + stream; accept that too. */
  #deliverInline(text: string, lane: Lane): void {
    const parsed = parseMaybeJson(text);
    if (isJsonRpcMessage(parsed)) this.host.deliver(parsed, lane, text.length, text);
  }

  /**
   * POSTs `body` and judges the answer; with dynamic credentials a 401 refreshes them once and
   * POSTs again (the refused POST was not accepted), and a refresh refused ends as `auth`.
   */
  async #postAuthorized(
    body: string,
    sessionId: string | undefined,
    lane: Lane,
    initialize: boolean,
    judge: (a: HttpAnswer) => Verdict,
  ): Promise<{ response: Response; text: string; verdict: Verdict }> {
    const credentials = this.host.credentials;
    let state: Credentials | undefined = credentials ? 'refreshable' : undefined;
    for (;;) {
      const { response, text, sentWith } = await this.#post(body, sessionId, lane, initialize);
      const verdict = judge({ ...answerOf(response, text), ...(state ? { credentials: state } : {}) });
      if (verdict.action !== 'reauthorize' || !credentials) return { response, text, verdict };
      const ok = await credentials.refresh(response.headers.get('www-authenticate'), sentWith, this.#stop.signal);
      if (!ok) return { response, text, verdict: onCredentialsRefused() };
      state = 'refreshed';
    }
  }

  async #post(
    body: string,
    sessionId: string | undefined,
    lane: Lane,
    initialize: boolean,
  ): Promise<{ response: Response; text: string; sentWith: string | undefined }> {
    const started = this.host.timers.now();
    const deadline = this.#deadline();
    const abort = { signal: deadline.signal };
    const headers = await this.#postHeaders(sessionId, initialize, abort.signal).catch((e: unknown) => {
      deadline.end();
      throw e;
    });
    const base = {
      kind: 'http' as const,
      method: 'POST',
      url: this.host.url,
      lane,
      requestHeaders: this.host.redactor.headers(headers),
      requestBytes: Buffer.byteLength(body),
    };
    try {
      const response = await this.host.fetch(this.host.url, {
        method: 'POST',
        headers,
        body,
        signal: abort.signal,
        ...NO_REDIRECTS,
      });
      const ttfbMs = this.host.timers.now() - started;
      await this.host.cookies.store(this.host.url, response.headers.getSetCookie());
      const text = await readCapped(response, this.host.limits.maxMessageBytes);
      this.host.record(
        {
          ...base,
          httpVersion: httpVersionOf(this.host.url),
          status: response.status,
          responseHeaders: this.host.redactor.headers(headerRecord(response.headers)),
          responseBytes: text.length,
          ttfbMs,
          durationMs: this.host.timers.now() - started,
          ...(response.status >= 300 ? { error: this.host.redactor.text(text.slice(0, 300)) } : {}),
        },
        response.headers.get('acp-connection-id') ?? this.#connectionId,
      );
      return { response, text, sentWith: headers.authorization };
    } catch (e) {
      const stopped = this.host.stopped.aborted;
      const timedOut = abort.signal.aborted && !stopped;
      const reason = timedOut
        ? `no answer within ${Math.round(this.host.limits.postTimeoutMs / 1000)} s`
        : errorText(e);
      this.host.record(
        {
          ...base,
          httpVersion: httpVersionOf(this.host.url),
          durationMs: this.host.timers.now() - started,
          error: reason,
        },
        this.#connectionId,
      );
      if (e instanceof LinkError) throw e;
      throw verdictError(
        onNetworkError(initialize ? 'handshake' : 'post', e, errorText(e), {
          timedOut,
          stopped,
          timeoutSeconds: Math.round(this.host.limits.postTimeoutMs / 1000),
        }),
      );
    } finally {
      deadline.end();
    }
  }

  async #postHeaders(
    sessionId: string | undefined,
    initialize: boolean,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const extra: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId ? { 'acp-session-id': sessionId } : {}),
    };
    try {
      return await this.#headers(extra, !initialize, signal);
    } catch (e) {
      // Nothing was sent. Credentials that cannot be had end the connection like a refusal.
      if (e instanceof LinkError && e.kind === 'auth' && !initialize) this.host.lost(e.message, 'auth');
      throw e;
    }
  }

  /** A POST's deadline: its timeout, or the transport's close (which ends every POST in flight). */
  #deadline(): { readonly signal: AbortSignal; end(): void } {
    const abort = new AbortController();
    const timer = this.host.timers.setTimeout(() => abort.abort(new Error('timeout')), this.host.limits.postTimeoutMs);
    const onClose = () => abort.abort(new Error('closed'));
    this.host.stopped.addEventListener('abort', onClose, { once: true });
    return {
      signal: abort.signal,
      end: () => {
        this.host.timers.clearTimeout(timer);
        this.host.stopped.removeEventListener('abort', onClose);
      },
    };
  }

  /**
   * The request's headers: the endpoint's, `extra`, the connection's, its cookies and (with
   * dynamic credentials) the Authorization value asked now, waited for until `signal` ends.
   */
  async #headers(
    extra: Record<string, string>,
    withConnection: boolean,
    signal: AbortSignal,
    afterClose = false,
  ): Promise<Record<string, string>> {
    const h: Record<string, string> = { ...this.host.headers, ...extra };
    if (withConnection && this.#connectionId) h['acp-connection-id'] = this.#connectionId;
    if (this.#protocolVersion !== undefined && withConnection)
      h['acp-protocol-version'] = String(this.#protocolVersion);
    const cookie = await this.host.cookies.headerFor(this.host.url);
    if (cookie) h.cookie = cookie;
    if (this.host.credentials) withAuthorization(h, await this.host.credentials.header(signal, afterClose));
    return h;
  }

  async close(options: { terminate?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop.abort();
    this.#connectionLane?.stop();
    for (const lane of this.#sessionLanes.values()) lane.stop();
    this.#sessionLanes.clear();
    if (!this.#connectionId || options.terminate) return;
    const abort = new AbortController();
    const timer = this.host.timers.setTimeout(() => abort.abort(), this.host.limits.deleteTimeoutMs);
    let headers: Record<string, string> = {};
    const started = this.host.timers.now();
    try {
      // Bounded by the DELETE's own deadline: close() has already stopped the transport.
      let r: Response;
      for (let refreshed = false; ; refreshed = true) {
        headers = await this.#headers({}, true, abort.signal, true);
        r = await this.host.fetch(this.host.url, {
          method: 'DELETE',
          headers,
          signal: abort.signal,
          ...NO_REDIRECTS,
        });
        await r.body?.cancel().catch(() => undefined);
        // A 401 refreshes dynamic credentials once (not while the whole transport is closing).
        if (r.status !== 401 || refreshed || !this.host.credentials || this.host.stopped.aborted) break;
        const challenge = r.headers.get('www-authenticate');
        this.#recordDelete(headers, started, r.status);
        if (!(await this.host.credentials.refresh(challenge, headers.authorization, abort.signal))) break;
      }
      this.#recordDelete(headers, started, r.status);
    } catch (e) {
      this.host.record(
        {
          kind: 'http',
          method: 'DELETE',
          url: this.host.url,
          lane: 'connection',
          httpVersion: httpVersionOf(this.host.url),
          requestHeaders: this.host.redactor.headers(headers),
          requestBytes: 0,
          error: `best-effort DELETE failed: ${errorText(e)}`,
        },
        this.#connectionId,
      );
    } finally {
      this.host.timers.clearTimeout(timer);
    }
  }

  #recordDelete(headers: Record<string, string>, started: number, status: number): void {
    this.host.record(
      {
        kind: 'http',
        method: 'DELETE',
        url: this.host.url,
        lane: 'connection',
        status,
        httpVersion: httpVersionOf(this.host.url),
        requestHeaders: this.host.redactor.headers(headers),
        requestBytes: 0,
        durationMs: this.host.timers.now() - started,
      },
      this.#connectionId,
    );
  }
}
