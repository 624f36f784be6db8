/**
 * Test helpers for driving the demo agent with the official SDK client over its own
 * Streamable HTTP and WebSocket transports, recording everything the agent sends.
 */
import http from 'node:http';
import {
  PROTOCOL_VERSION,
  client,
  methods,
  type ClientApp,
  type ClientContext,
  type ClientRequestContext,
  type NewSessionResponse,
  type PromptResponse,
  type RequestPermissionRequest,
  type RequestPermissionResponse,
  type SessionNotification,
  type SessionUpdate,
  type Stream,
} from '@agentclientprotocol/sdk';
import { createHttpStream } from '@agentclientprotocol/sdk/experimental/http-client';
import { createWebSocketStream, type WebSocketConstructor } from '@agentclientprotocol/sdk/experimental/ws-client';
import { WebSocket } from 'ws';
import type { DemoAgentServer } from '../../../src/demo-agent/server';

export type TransportKind = 'http' | 'ws';

/** A fresh SDK client stream to the server (a new ACP connection each time). */
export function openStream(server: DemoAgentServer, kind: TransportKind, headers?: Record<string, string>): Stream {
  if (kind === 'http') return createHttpStream(server.url, { headers });
  return createWebSocketStream(server.wsUrl, { WebSocket: WebSocket as unknown as WebSocketConstructor, headers });
}

export type PermissionAnswer = (
  ctx: ClientRequestContext<RequestPermissionRequest>,
) => Promise<RequestPermissionResponse>;

/** Answers every permission request with the given option id. */
export const choose =
  (optionId: string): PermissionAnswer =>
  async () => ({ outcome: { outcome: 'selected', optionId } });

/** Never answers on its own; answers `cancelled` once the agent withdraws the request. */
export const holdUntilWithdrawn: PermissionAnswer = ({ signal }) =>
  new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve({ outcome: { outcome: 'cancelled' } }), { once: true }),
  );

interface Waiter<T> {
  readonly matches: (value: T) => boolean;
  readonly resolve: (value: T) => void;
}

/** A list that can be awaited for a matching entry (no sleeps needed in tests). */
class Observed<T> {
  readonly items: T[] = [];
  #waiters: Waiter<T>[] = [];

  push(item: T): void {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.matches(item)) return true;
      w.resolve(item);
      return false;
    });
  }

  /** The next item pushed from now on. */
  next(): Promise<T> {
    return new Promise((resolve) => this.#waiters.push({ matches: () => true, resolve }));
  }

  waitFor(matches: (value: T) => boolean = () => true): Promise<T> {
    const hit = this.items.find(matches);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve) => this.#waiters.push({ matches, resolve }));
  }
}

/** Everything the agent sent to one client app. */
export class Recording {
  readonly notifications = new Observed<SessionNotification>();
  readonly permissions = new Observed<RequestPermissionRequest>();

  /** Updates of one session, optionally of one kind. */
  updates<K extends SessionUpdate['sessionUpdate']>(
    sessionId: string,
    kind?: K,
  ): Extract<SessionUpdate, { sessionUpdate: K }>[] {
    return this.notifications.items
      .filter((n) => n.sessionId === sessionId && (kind === undefined || n.update.sessionUpdate === kind))
      .map((n) => n.update as Extract<SessionUpdate, { sessionUpdate: K }>);
  }

  /** Concatenated text of the agent message chunks of a session. */
  messageText(sessionId: string): string {
    return this.updates(sessionId, 'agent_message_chunk')
      .map((u) => (u.content.type === 'text' ? u.content.text : ''))
      .join('');
  }

  /** Resolves once `condition` holds, re-checking after every notification. */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await this.notifications.next();
  }

  waitForUpdate(sessionId: string, kind: SessionUpdate['sessionUpdate']): Promise<SessionNotification> {
    return this.notifications.waitFor((n) => n.sessionId === sessionId && n.update.sessionUpdate === kind);
  }
}

/** A client app that records updates and answers permission requests with `answer`. */
export function recordingClient(answer: PermissionAnswer = choose('allow-once')): { app: ClientApp; rec: Recording } {
  const rec = new Recording();
  const app = client({ name: 'demo-agent-test' })
    .onRequest(methods.client.session.requestPermission, (ctx) => {
      rec.permissions.push(ctx.params);
      return answer(ctx);
    })
    .onNotification(methods.client.session.update, ({ params }) => rec.notifications.push(params));
  return { app, rec };
}

/** `initialize` + `session/new`. */
export async function startSession(ctx: ClientContext, cwd = '/tmp/demo'): Promise<NewSessionResponse> {
  await initialize(ctx);
  return ctx.request(methods.agent.session.new, { cwd, mcpServers: [] });
}

export async function initialize(ctx: ClientContext): Promise<void> {
  await ctx.request(methods.agent.initialize, {
    protocolVersion: PROTOCOL_VERSION,
    clientCapabilities: {},
    clientInfo: { name: 'demo-agent-test', version: '0.0.0' },
  });
}

export function prompt(ctx: ClientContext, sessionId: string, text: string): Promise<PromptResponse> {
  return ctx.request(methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] });
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A plain HTTP request with full control over headers (including Host). */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Status of a WebSocket upgrade attempt: 101 when accepted, else the HTTP error status. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}
