/**
 * The WebSocket profile of one ACP connection: the same URL with ws(s), endpoint headers and
 * cookies on the upgrade, `initialize` as the first text frame, every message one text frame.
 * The server sends no pings, so we ping for liveness; any close (or a missed pong) loses the
 * connection, and the supervisor rebuilds it and re-attaches the sessions. With dynamic
 * credentials the upgrade carries the Authorization value asked just before it, and an upgrade
 * refused with 401 refreshes it once and is tried again.
 */
import { isJsonRpcMessage, isResponse, idKey, type AnyMessage, type AnyRequest, type AnyResponse } from './jsonrpc';
import { parseIncomingJson } from './json-limits';
import { withAuthorization, type DynamicCredentials } from './credentials';
import { LinkError, type Link, type LinkHost, type WsLike } from './link';
import { onCredentialsRefused, onUpgradeRefused, onWebSocketClose, type Credentials } from './wire-policy';
import { errorText } from './sse-lane';

const OPEN = 1;
const CLOSED = 3;

/** An upgrade refused with 401 while the dynamic credentials can still be refreshed. */
class Reauthorize extends Error {
  constructor(
    readonly challenge: string | null,
    readonly refused: string | undefined,
  ) {
    super('the upgrade was refused with 401');
  }
}

export function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:');
}

export class WsLink implements Link {
  readonly kind = 'ws' as const;
  #ws: WsLike | undefined;
  #connectionId: string | undefined;
  #closing = false;
  #pingTimer: unknown;
  #pongTimer: unknown;
  #handshakeWaiter: { key: string; resolve: (r: AnyResponse | Error) => void } | undefined;
  /** Aborted by close(): waiting for credentials (or their refresh) ends with it. */
  readonly #stop = new AbortController();

  constructor(private readonly host: LinkHost) {}

  get connectionId(): string | undefined {
    return this.#connectionId;
  }

  get url(): string {
    return toWebSocketUrl(this.host.url);
  }

  async handshake(initialize: AnyRequest): Promise<AnyResponse> {
    const ws = await this.#openAuthorized();
    return new Promise<AnyResponse>((resolve, reject) => {
      const timer = this.host.timers.setTimeout(
        () => finish(new LinkError('timeout', 'No answer to initialize over WebSocket.')),
        this.host.limits.connectTimeoutMs,
      );
      const finish = (outcome: AnyResponse | Error) => {
        if (!this.#handshakeWaiter) return;
        this.#handshakeWaiter = undefined;
        this.host.timers.clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      this.#handshakeWaiter = { key: idKey(initialize.id), resolve: finish };
      ws.on('close', (code, reason) =>
        finish(new LinkError('network', `The WebSocket closed during initialize (${code} ${reason.toString()}).`)),
      );
      this.send(initialize, undefined).catch((e: Error) => finish(e));
    });
  }

  /** Opens the socket; an upgrade refused with 401 refreshes dynamic credentials once and tries again. */
  async #openAuthorized(): Promise<WsLike> {
    const credentials = this.host.credentials;
    if (!credentials) return this.#open(undefined);
    try {
      return await this.#open('refreshable');
    } catch (e) {
      if (!(e instanceof Reauthorize)) throw e;
      if (!(await credentials.refresh(e.challenge, e.refused, this.#stop.signal))) {
        const v = onCredentialsRefused();
        throw new LinkError('auth', v.reason, v.status);
      }
      return this.#open('refreshed');
    }
  }

  #open(credentials: Credentials | undefined): Promise<WsLike> {
    return new Promise((resolve, reject) => {
      void this.#upgradeHeaders().then((headers) => {
        if (this.#closing) return reject(new LinkError('closed', 'The connection is closed.'));
        this.host.record({
          kind: 'websocket',
          phase: 'connecting',
          url: this.url,
          requestHeaders: this.host.redactor.headers(headers),
        });
        let ws: WsLike;
        try {
          ws = this.host.webSocket(this.url, { headers, maxPayload: this.host.limits.maxMessageBytes });
        } catch (e) {
          reject(new LinkError('not-acp', `Cannot open a WebSocket to ${this.url}: ${errorText(e)}`));
          return;
        }
        this.#ws = ws;
        let settled = false;
        ws.on('upgrade', (res) => this.#onUpgrade(res.headers));
        ws.on('unexpected-response', (_req, res) => {
          settled = true;
          this.#onRefused(ws, res, reject, credentials, headers.authorization);
        });
        ws.on('open', () => {
          settled = true;
          this.host.record({ kind: 'websocket', phase: 'open', url: this.url }, this.#connectionId);
          this.#startPing();
          resolve(ws);
        });
        ws.on('error', (e) => {
          if (!settled) {
            settled = true;
            reject(new LinkError('network', `Could not open the WebSocket: ${errorText(e)}`));
          }
          this.host.record(
            { kind: 'websocket', phase: 'error', url: this.url, reason: errorText(e) },
            this.#connectionId,
          );
        });
        ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
        ws.on('close', (code, reason) => this.#onClose(ws, code, reason.toString()));
        ws.on('pong', () => this.host.timers.clearTimeout(this.#pongTimer));
      }, reject);
    });
  }

  #onUpgrade(headers: Record<string, string | string[] | undefined>): void {
    const id = headers['acp-connection-id'];
    if (typeof id === 'string') this.#connectionId = id;
    const setCookie = headers['set-cookie'];
    if (setCookie) void this.host.cookies.store(this.host.url, Array.isArray(setCookie) ? setCookie : [setCookie]);
  }

  #onRefused(
    ws: WsLike,
    res: {
      statusCode?: number;
      headers: Record<string, string | string[] | undefined>;
      on(e: 'data', cb: (c: Buffer) => void): void;
      on(e: 'end', cb: () => void): void;
    },
    reject: (e: Error) => void,
    credentials: Credentials | undefined,
    sentWith: string | undefined,
  ): void {
    const status = res.statusCode ?? 0;
    let body = '';
    res.on('data', (c) => (body.length < 2048 ? (body += c.toString('utf8')) : undefined));
    res.on('end', () => {
      this.host.record({
        kind: 'websocket',
        phase: 'error',
        url: this.url,
        code: status,
        reason: `upgrade refused: HTTP ${status}`,
      });
      const verdict = onUpgradeRefused(status, body, credentials);
      if (verdict.action === 'reauthorize') {
        const challenge = res.headers['www-authenticate'];
        return reject(
          new Reauthorize(Array.isArray(challenge) ? (challenge[0] ?? null) : (challenge ?? null), sentWith),
        );
      }
      reject(new LinkError(verdict.action === 'auth' ? 'auth' : 'refused-profile', verdict.reason, status, body));
    });
    ws.terminate();
  }

  #onFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (isBinary) {
      this.host.record({
        kind: 'error',
        lane: 'websocket',
        message: 'binary WebSocket frame ignored (ACP uses text frames)',
      });
      return;
    }
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    const result = parseIncomingJson(text);
    if (!result.ok) {
      this.host.record({
        kind: 'error',
        lane: 'websocket',
        message: `${result.reason} in a WebSocket frame (skipped)`,
        excerpt: this.host.redactor.text(text.slice(0, 300)),
      });
      return;
    }
    const parsed = result.value;
    if (!isJsonRpcMessage(parsed)) {
      this.host.record({
        kind: 'error',
        lane: 'websocket',
        message: 'WebSocket frame is not a JSON-RPC 2.0 message (skipped)',
        excerpt: this.host.redactor.text(text.slice(0, 300)),
      });
      return;
    }
    const waiter = this.#handshakeWaiter;
    if (waiter && isResponse(parsed) && idKey(parsed.id) === waiter.key) {
      this.host.record(
        {
          kind: 'message',
          direction: 'in',
          lane: 'websocket',
          size: Buffer.byteLength(text),
          message: parsed,
        },
        this.#connectionId,
      );
      waiter.resolve(parsed);
      return;
    }
    this.host.deliver(parsed, 'websocket', Buffer.byteLength(text), text);
  }

  #onClose(ws: WsLike, code: number, reason: string): void {
    // A socket refused at the upgrade and replaced by a retry with refreshed credentials.
    if (ws !== this.#ws) return;
    this.#stopPing();
    this.host.record({ kind: 'websocket', phase: 'closed', url: this.url, code, reason }, this.#connectionId);
    if (this.#closing) return;
    const verdict = onWebSocketClose(code, reason, this.host.limits.maxMessageBytes);
    this.host.lost(verdict.reason, verdict.action === 'auth' ? 'auth' : 'gone');
  }

  #startPing(): void {
    const tick = () => {
      const ws = this.#ws;
      if (!ws || ws.readyState !== OPEN) return;
      ws.ping();
      this.#pongTimer = this.host.timers.setTimeout(() => {
        this.host.record({ kind: 'websocket', phase: 'ping-timeout', url: this.url }, this.#connectionId);
        ws.terminate();
      }, this.host.limits.pongTimeoutMs);
      this.#pingTimer = this.host.timers.setTimeout(tick, this.host.limits.pingIntervalMs);
    };
    this.#pingTimer = this.host.timers.setTimeout(tick, this.host.limits.pingIntervalMs);
  }

  #stopPing(): void {
    this.host.timers.clearTimeout(this.#pingTimer);
    this.host.timers.clearTimeout(this.#pongTimer);
  }

  async #upgradeHeaders(): Promise<Record<string, string>> {
    const h: Record<string, string> = { ...this.host.headers };
    const cookie = await this.host.cookies.headerFor(this.host.url);
    if (cookie) h.cookie = cookie;
    if (this.host.credentials) withAuthorization(h, await this.#authorization(this.host.credentials));
    return h;
  }

  /** The Authorization value for the upgrade, waited for up to the connect timeout (or close). */
  async #authorization(credentials: DynamicCredentials): Promise<string | undefined> {
    const deadline = new AbortController();
    const end = () => deadline.abort();
    const timer = this.host.timers.setTimeout(end, this.host.limits.connectTimeoutMs);
    this.#stop.signal.addEventListener('abort', end, { once: true });
    try {
      return await credentials.header(deadline.signal);
    } finally {
      this.host.timers.clearTimeout(timer);
      this.#stop.signal.removeEventListener('abort', end);
    }
  }

  send(message: AnyMessage, _sessionId: string | undefined): Promise<void> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN || this.#closing)
      return Promise.reject(new LinkError('not-sent', 'the WebSocket is not open'));
    const text = JSON.stringify(message);
    const size = Buffer.byteLength(text);
    if (size > this.host.limits.maxRequestBytes) {
      return Promise.reject(
        new LinkError(
          'too-large',
          `The message is larger than the ${this.host.limits.maxRequestBytes}-byte request limit and was not sent.`,
        ),
      );
    }
    this.host.record({ kind: 'message', direction: 'out', lane: 'websocket', size, message }, this.#connectionId, text);
    return new Promise((resolve, reject) => {
      ws.send(text, (err) =>
        err ? reject(new LinkError('network', `WebSocket send failed: ${err.message}`)) : resolve(),
      );
    });
  }

  openSession(): Promise<void> {
    return Promise.resolve();
  }

  closeSession(): void {}

  settle(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#stop.abort();
    this.#stopPing();
    const ws = this.#ws;
    if (!ws || ws.readyState === CLOSED) return;
    await new Promise<void>((resolve) => {
      const t = this.host.timers.setTimeout(() => {
        ws.terminate();
        resolve();
      }, this.host.limits.deleteTimeoutMs);
      ws.on('close', () => {
        this.host.timers.clearTimeout(t);
        resolve();
      });
      try {
        ws.close(1000, 'client closing');
      } catch {
        ws.terminate();
        resolve();
      }
    });
  }
}
