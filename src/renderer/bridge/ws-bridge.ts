/**
 * The `Bridge` for browser mode (`acp-desk web`): the IPC contract over one WebSocket.
 * Invokes made while the socket is not open wait in a queue; a closed socket fails every
 * waiting invoke with `unavailable` (errors stay data) and the bridge reconnects with
 * full-jitter backoff. The host broadcasts events to every socket, so a new socket is
 * subscribed without any extra frame.
 */
import type { Bridge, EventChannel, InvokeChannel } from '../../shared/ipc/contract';
import { backoffDelay } from '../../shared/util/backoff';
import { err, type IpcResult } from '../../shared/util/result';
import { buildBridge, EventHub } from './build-bridge';
import { HostStatusValue, type HostStatus } from './host-status';
import { bridgeUrl, invokeFrame, parseServerFrame } from './web-frames';

/** What the bridge needs from a WebSocket; the DOM `WebSocket` and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
}
export type SocketConstructor = new (url: string) => SocketLike;

export interface ReconnectPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Consecutive failures before the bridge stops trying (until `retryNow`). */
  readonly maxAttempts: number;
}

export interface WebSocketBridgeOptions {
  readonly WebSocket?: SocketConstructor;
  readonly reconnect?: ReconnectPolicy;
  readonly random?: () => number;
}

export interface WebSocketBridge {
  readonly bridge: Bridge;
  readonly hostStatus: HostStatus;
  /** Closes the socket for good and fails whatever is still waiting. */
  dispose(): void;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 500, maxMs: 10_000, maxAttempts: 12 };
export const HOST_LOST_MESSAGE = 'Lost the connection to the ACP Desk host.';
/** Marks `unavailable` errors the bridge itself made, so the UI can say what to do about them. */
export const HOST_LOST_DETAILS = Object.freeze({ hostLost: true });
const OPEN = 1;

export function createWebSocketBridge(
  location: Pick<Location, 'protocol' | 'host'>,
  token: string,
  options: WebSocketBridgeOptions = {},
): WebSocketBridge {
  const connection = new BridgeConnection(bridgeUrl(location, token), options);
  const hostStatus: HostStatus = {
    get: () => connection.status.get(),
    subscribe: (listener) => connection.status.subscribe(listener),
    retryNow: () => connection.retryNow(),
  };
  return {
    bridge: buildBridge(connection.invoke, connection.events.subscribe),
    hostStatus,
    dispose: () => connection.dispose(),
  };
}

class BridgeConnection {
  readonly events = new EventHub();
  readonly status = new HostStatusValue();
  readonly #Socket: SocketConstructor;
  readonly #policy: ReconnectPolicy;
  readonly #random: () => number;
  readonly #pending = new Map<number, (result: IpcResult<unknown>) => void>();
  /** Encoded invoke frames waiting for an open socket. */
  #queue: string[] = [];
  #socket: SocketLike | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #nextId = 0;
  #disposed = false;

  constructor(
    readonly url: string,
    options: WebSocketBridgeOptions,
  ) {
    this.#Socket = options.WebSocket ?? (globalThis.WebSocket as SocketConstructor);
    this.#policy = options.reconnect ?? DEFAULT_RECONNECT;
    this.#random = options.random ?? Math.random;
    this.#connect();
  }

  readonly invoke = (channel: InvokeChannel, payload: unknown): Promise<IpcResult<unknown>> => {
    if (this.#disposed) return Promise.resolve(err('unavailable', HOST_LOST_MESSAGE, HOST_LOST_DETAILS));
    const id = ++this.#nextId;
    let text: string;
    try {
      text = JSON.stringify(invokeFrame(id, channel, payload));
    } catch {
      return Promise.resolve(err('invalid_request', `The request for ${channel} cannot be sent (not plain data).`));
    }
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      if (this.#socket?.readyState === OPEN) this.#send(this.#socket, text);
      else this.#queue.push(text);
    });
  };

  retryNow(): void {
    if (this.#disposed || this.#socket) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#failures = 0;
    this.#connect();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'disposed');
    this.#failAll();
    this.status.set({ state: 'offline', attempt: this.#failures, retryInMs: null });
  }

  #connect(): void {
    const socket = new this.#Socket(this.url);
    this.#socket = socket;
    if (this.#failures > 0) this.status.set({ state: 'reconnecting', attempt: this.#failures, retryInMs: null });
    socket.addEventListener('open', () => this.#onOpen(socket));
    socket.addEventListener('message', (event) => this.#onMessage(event.data));
    socket.addEventListener('close', () => this.#onClose(socket));
    // A `close` always follows an `error`; the listener only keeps `ws` from throwing.
    socket.addEventListener('error', () => undefined);
  }

  #onOpen(socket: SocketLike): void {
    if (socket !== this.#socket) return;
    this.#failures = 0;
    this.status.set({ state: 'open', attempt: 0, retryInMs: null });
    const queued = this.#queue;
    this.#queue = [];
    for (const frame of queued) this.#send(socket, frame);
  }

  #onMessage(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    if (frame.type === 'event') {
      this.events.emit(frame.channel as EventChannel, frame.payload);
      return;
    }
    const resolve = this.#pending.get(frame.id);
    this.#pending.delete(frame.id);
    resolve?.(frame.result);
  }

  #onClose(socket: SocketLike): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#failAll();
    if (this.#disposed) return;
    this.#failures++;
    if (this.#failures > this.#policy.maxAttempts) {
      this.status.set({ state: 'offline', attempt: this.#failures, retryInMs: null });
      return;
    }
    const delay = backoffDelay(this.#failures - 1, this.#policy, this.#random);
    this.status.set({ state: 'reconnecting', attempt: this.#failures, retryInMs: delay });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
  }

  #send(socket: SocketLike, text: string): void {
    try {
      socket.send(text);
    } catch {
      // The socket is closing; its `close` fails this invoke.
    }
  }

  #failAll(): void {
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    this.#queue = [];
    for (const resolve of waiting) resolve(err('unavailable', HOST_LOST_MESSAGE, HOST_LOST_DETAILS));
  }
}
