/**
 * One long-lived SSE stream of an HTTP connection (the connection stream, or one session's),
 * with the reconnect ladder's first rung: a stream that ends — clean EOF, reset, or silence
 * past the idle timeout — is re-opened on the same connection id with full-jitter backoff,
 * and the gap is reported when it is back. 409 (our stale reader is still held) backs off and
 * retries; 404/410 mean the connection is gone and 401/403 that credentials were refused:
 * both end this lane and escalate to the supervisor — except that with dynamic credentials a
 * 401 first refreshes them and re-opens at once, once. Exactly one GET per lane at a time.
 */
import { sessionOfLane, type Lane, type StreamPhase } from '../../shared/domain/traffic';
import { RetryCounter } from './backoff';
import { isJsonRpcMessage, sniffId, sniffIsResponse } from './jsonrpc';
import { parseIncomingJson, readExcerpt } from './json-limits';
import { headerRecord, LinkError, sleep, type LinkHost } from './link';
import { NO_REDIRECTS } from './redirects';
import {
  onCredentialsRefused,
  onNetworkError,
  onStreamAnswer,
  onStreamEnded,
  REFUSED_RETRY_CAP_MS,
  type Verdict,
} from './wire-policy';
import { negotiatedHttpVersion } from './node-deps';
import { networkFailureSentence } from './tls-errors';
import { SseDecoder } from './sse';

type Outcome =
  | { kind: 'retry'; reason: string; status?: number; refused?: boolean }
  | { kind: 'stop'; error?: LinkError }
  /** A 401 refreshed the dynamic credentials: re-open now, with them, once. */
  | { kind: 'reauthorized' };

export class SseLane {
  readonly #stop = new AbortController();
  readonly #retries: RetryCounter;
  #ready!: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (e: Error) => void;
  #open = false;
  #droppedAt: number | undefined;
  #lastActivity = 0;
  #lastEventId: string | undefined;
  #healthyTimer: unknown;
  /** The next attempt carries refreshed credentials: a 401 on it is final. */
  #refreshed = false;
  /** Called by the link to learn which requests await responses on this lane. */
  inFlight: () => string[] = () => [];

  constructor(
    private readonly host: LinkHost,
    readonly lane: Lane,
    /** The GET's headers; waiting for them (dynamic credentials) ends with `signal`. */
    private readonly requestHeaders: (signal: AbortSignal) => Promise<Record<string, string>>,
    readonly sessionId?: string,
  ) {
    this.#retries = new RetryCounter(host.limits.backoff);
    this.#resetReady();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Millisecond timestamp of the last bytes seen. */
  get lastActivity(): number {
    return this.#lastActivity;
  }

  /** Resolves when the stream is open (now, or after the current reconnect). */
  ready(): Promise<void> {
    return this.#ready;
  }

  start(): void {
    void this.#run();
  }

  stop(): void {
    this.#stop.abort();
    this.host.timers.clearTimeout(this.#healthyTimer);
    if (!this.#open) this.#rejectReady(new Error('stream closed'));
  }

  #resetReady(): void {
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => undefined);
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      const outcome = await this.#attempt();
      this.#refreshed = outcome.kind === 'reauthorized';
      if (outcome.kind === 'reauthorized') continue;
      // A stream that ended before healthyAfterMs was not healthy: without this, the timer of
      // a stream that opened and broke at once would reset the counter, and a server that
      // accepts the GET and drops it every time would be retried forever.
      this.host.timers.clearTimeout(this.#healthyTimer);
      if (outcome.kind === 'stop' || this.#stop.signal.aborted) {
        // A lane that stopped for a reason (not by stop()) ends every wait for it: the
        // handshake and session-scoped sends awaiting ready() learn why, instead of hanging.
        if (outcome.kind === 'stop' && outcome.error) this.#rejectReady(outcome.error);
        break;
      }
      if (this.#open) this.#markDropped();
      const delay = this.#retries.next(
        this.host.random,
        outcome.kind === 'retry' && outcome.refused ? REFUSED_RETRY_CAP_MS : undefined,
      );
      if (delay === null) {
        this.#record('given-up', { detail: outcome.reason });
        this.#rejectReady(new Error(outcome.reason));
        this.host.lost(
          `${describe(this.lane)} failed ${this.#retries.attempt} times in a row (${outcome.reason})`,
          'gone',
        );
        return;
      }
      this.#record('reconnect-scheduled', { attempt: this.#retries.attempt, delayMs: delay, detail: outcome.reason });
      this.host.event({
        type: 'reconnect',
        lane: this.lane,
        ...(this.sessionId ? { sessionId: this.sessionId } : {}),
        attempt: this.#retries.attempt,
        delayMs: delay,
        reason: outcome.reason,
      });
      await sleep(this.host.timers, delay, this.#stop.signal);
    }
    this.#open = false;
  }

  #markDropped(): void {
    this.#open = false;
    this.#droppedAt ??= this.host.timers.now();
    this.#resetReady();
  }

  async #attempt(): Promise<Outcome> {
    const attempt = new AbortController();
    const onStop = () => attempt.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    const started = this.host.timers.now();
    // The connect deadline covers waiting for credentials too.
    const connectTimer = this.host.timers.setTimeout(
      () => attempt.abort(new Error('connect timeout')),
      this.host.limits.connectTimeoutMs,
    );
    let headers: Record<string, string>;
    try {
      headers = await this.requestHeaders(attempt.signal);
    } catch (e) {
      this.host.timers.clearTimeout(connectTimer);
      this.#stop.signal.removeEventListener('abort', onStop);
      if (this.#stop.signal.aborted || (e instanceof LinkError && e.kind === 'closed')) return { kind: 'stop' };
      if (e instanceof LinkError && e.kind === 'auth')
        return this.#apply({ action: 'auth', status: 401, reason: e.message });
      return { kind: 'retry', reason: `could not open the stream: ${errorText(e)}` };
    }
    if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
    let response: Response;
    try {
      response = await this.host.fetch(this.host.url, {
        method: 'GET',
        headers,
        signal: attempt.signal,
        ...NO_REDIRECTS,
      });
    } catch (e) {
      this.host.timers.clearTimeout(connectTimer);
      this.#stop.signal.removeEventListener('abort', onStop);
      if (this.#stop.signal.aborted) return { kind: 'stop' };
      const verdict = onNetworkError('stream', e, errorText(e));
      this.#recordHttp(headers, started, undefined, 'reason' in verdict ? verdict.reason : errorText(e));
      return this.#apply(verdict);
    } finally {
      this.host.timers.clearTimeout(connectTimer);
    }
    await this.host.cookies.store(this.host.url, response.headers.getSetCookie());
    try {
      return await this.#consume(response, headers, started, attempt);
    } finally {
      this.#stop.signal.removeEventListener('abort', onStop);
      attempt.abort();
    }
  }

  async #consume(
    response: Response,
    headers: Record<string, string>,
    started: number,
    attempt: AbortController,
  ): Promise<Outcome> {
    const credentials = this.host.credentials;
    const answer = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      location: response.headers.get('location'),
      ...(credentials ? { credentials: this.#refreshed ? ('refreshed' as const) : ('refreshable' as const) } : {}),
    };
    const first = onStreamAnswer(answer, this.host.url, describe(this.lane));
    if (first.action !== 'ok') {
      // Not a stream: only a capped excerpt is read (a huge or endless JSON body costs nothing).
      const body = await readExcerpt(response);
      this.#recordHttp(headers, started, response, this.host.redactor.text(body.slice(0, 300)));
      if (answer.status === 409)
        this.#record('conflict', { status: 409, detail: 'our previous reader is still held; backing off' });
      if (first.action === 'reauthorize' && credentials) {
        const challenge = response.headers.get('www-authenticate');
        const ok = await credentials.refresh(challenge, headers.authorization, this.#stop.signal).catch(() => null);
        if (ok === null || this.#stop.signal.aborted) return { kind: 'stop' };
        return ok ? { kind: 'reauthorized' } : this.#apply(onCredentialsRefused());
      }
      return this.#apply(
        onStreamAnswer({ ...answer, body: this.host.redactor.text(body) }, this.host.url, describe(this.lane)),
      );
    }
    this.#recordHttp(headers, started, response);
    this.#onOpened();
    return this.#read(response, attempt);
  }

  /** What this lane does with a verdict of the wire policy. */
  #apply(v: Verdict): Outcome {
    switch (v.action) {
      case 'retry':
        return {
          kind: 'retry',
          reason: v.reason,
          ...(v.status !== undefined ? { status: v.status } : {}),
          ...(v.refused ? { refused: true } : {}),
        };
      case 'rebuild':
        this.host.lost(v.reason, 'gone');
        return { kind: 'stop', error: new LinkError('connection-gone', v.reason, v.status) };
      case 'auth':
        this.host.lost(v.reason, 'auth');
        return { kind: 'stop', error: new LinkError('auth', v.reason, v.status) };
      case 'fatal':
        this.host.lost(v.reason, 'fatal');
        return { kind: 'stop', error: new LinkError('http', v.reason, v.status) };
      default:
        return { kind: 'stop' };
    }
  }

  #onOpened(): void {
    this.#open = true;
    this.#lastActivity = this.host.timers.now();
    this.#record('open', {});
    if (this.#droppedAt !== undefined) {
      const durationMs = this.host.timers.now() - this.#droppedAt;
      const inFlight = this.inFlight();
      this.#record('gap', { detail: `down for ${durationMs} ms` });
      this.host.event({
        type: 'gap',
        lane: this.lane,
        ...(this.sessionId ? { sessionId: this.sessionId } : {}),
        droppedAt: this.#droppedAt,
        durationMs,
        reason: 'stream re-opened',
        inFlight,
        mayHaveLost:
          'Messages the server wrote while the stream was down may be missing (ACP v1 has no replay).' +
          (inFlight.length ? ` Waiting on: ${inFlight.join(', ')}.` : ''),
      });
      this.#droppedAt = undefined;
    }
    this.#resolveReady();
    this.#healthyTimer = this.host.timers.setTimeout(
      () => this.#retries.healthy(),
      this.host.limits.backoff.healthyAfterMs,
    );
  }

  async #read(response: Response, attempt: AbortController): Promise<Outcome> {
    const idleMs = this.host.limits.idleTimeoutMs;
    let idle = false;
    let timer = this.host.timers.setTimeout(onIdle, idleMs);
    function onIdle() {
      idle = true;
      attempt.abort(new Error('idle timeout'));
    }
    const decoder = new SseDecoder(
      {
        onActivity: () => {
          this.#lastActivity = this.host.timers.now();
          this.host.timers.clearTimeout(timer);
          timer = this.host.timers.setTimeout(onIdle, idleMs);
        },
        onEvent: (e) => {
          this.#retries.healthy();
          this.#deliver(e.data);
        },
        onOversized: (excerpt, chars) => this.#oversized(excerpt, chars),
      },
      this.host.limits.maxMessageBytes,
    );
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        decoder.push(value);
      }
      decoder.end();
      this.#lastEventId = decoder.lastEventId;
      this.#record('closed', { detail: 'server ended the stream (clean EOF)' });
      return this.#apply(onStreamEnded('eof'));
    } catch (e) {
      this.#lastEventId = decoder.lastEventId;
      if (this.#stop.signal.aborted) return { kind: 'stop' };
      if (idle) {
        this.#record('idle-timeout', { detail: `no bytes for ${Math.round(idleMs / 1000)} s` });
        return this.#apply(onStreamEnded('idle', { idleSeconds: Math.round(idleMs / 1000) }));
      }
      this.#record('error', { detail: errorText(e) });
      return this.#apply(onStreamEnded('error', { error: errorText(e) }));
    } finally {
      this.host.timers.clearTimeout(timer);
      reader.releaseLock();
    }
  }

  #deliver(data: string): void {
    const parsed = parseIncomingJson(data);
    if (!parsed.ok) {
      this.host.record({
        kind: 'error',
        lane: this.lane,
        message: `${parsed.reason} in an SSE event (skipped)`,
        excerpt: this.host.redactor.text(data.slice(0, 300)),
      });
      return;
    }
    if (!isJsonRpcMessage(parsed.value)) {
      this.host.record({
        kind: 'error',
        lane: this.lane,
        message: 'SSE event is not a JSON-RPC 2.0 message (skipped)',
        excerpt: this.host.redactor.text(data.slice(0, 300)),
      });
      return;
    }
    this.host.deliver(parsed.value, this.lane, data.length, data);
  }

  #oversized(excerpt: string, chars: number): void {
    const limit = this.host.limits.maxMessageBytes;
    const message = `message larger than the ${limit}-byte limit (≥ ${chars} characters) skipped`;
    this.host.record({
      kind: 'error',
      lane: this.lane,
      message,
      excerpt: this.host.redactor.text(excerpt.slice(0, 300)),
    });
    const id = sniffId(excerpt);
    if (id !== undefined && id !== null && sniffIsResponse(excerpt)) this.host.responseLost(id, message);
    else this.host.event({ type: 'error', message: `A ${message} on ${describe(this.lane)}; content may be missing.` });
  }

  #record(phase: StreamPhase, extra: { attempt?: number; delayMs?: number; status?: number; detail?: string }): void {
    this.host.record({ kind: 'stream', lane: this.lane, phase, ...extra });
  }

  #recordHttp(headers: Record<string, string>, started: number, response: Response | undefined, error?: string): void {
    const now = this.host.timers.now();
    this.host.record({
      kind: 'http',
      method: 'GET',
      url: this.host.url,
      lane: this.lane,
      ...(response
        ? { status: response.status, responseHeaders: this.host.redactor.headers(headerRecord(response.headers)) }
        : {}),
      httpVersion: httpVersionOf(this.host.url),
      requestHeaders: this.host.redactor.headers(headers),
      requestBytes: 0,
      ttfbMs: now - started,
      ...(error ? { error } : {}),
    });
  }
}

export function describe(lane: Lane): string {
  return lane === 'connection'
    ? 'the connection stream'
    : lane.startsWith('session:')
      ? `the stream of session ${sessionOfLane(lane)}`
      : lane;
}

export function errorText(e: unknown): string {
  // TLS and proxy failures (OpenSSL codes deep in the cause chain) as a sentence with a next step.
  const network = networkFailureSentence(e);
  if (network) return network;
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
    return causeText && !e.message.includes(causeText) ? `${e.message} (${causeText})` : e.message;
  }
  return String(e);
}

/**
 * Cleartext is always HTTP/1.1 here (no h2c); on TLS it is what ALPN negotiated, when the
 * network stack reports it (undici does, through its diagnostics channel).
 */
export function httpVersionOf(url: string): string {
  if (!url.startsWith('https:')) return 'HTTP/1.1';
  return negotiatedHttpVersion(url) ?? 'HTTP/1.1 or HTTP/2 (ALPN)';
}
