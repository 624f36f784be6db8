/**
 * The WebSocket link on its own (issue 10: a unit test for every transport module): a fake
 * socket stands in for `ws` so each rule is driven exactly (the integration tiers run it
 * against the SDK's real WebSocket server). Upgrade headers and cookies, the connection id
 * from the 101, initialize as the first frame, frames that are skipped and why, sends that
 * cannot go out, close codes, and the ping/pong liveness check on the hand-driven clock.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EndpointCookies } from '../../../src/core/transport/cookies';
import { DEFAULT_LIMITS } from '../../../src/core/transport/defaults';
import type { AnyMessage } from '../../../src/core/transport/jsonrpc';
import { LinkError, type LinkHost, type WsLike } from '../../../src/core/transport/link';
import { Redactor } from '../../../src/core/transport/redact';
import { toWebSocketUrl, WsLink } from '../../../src/core/transport/ws-link';
import type { TrafficRecordInput } from '../../../src/shared/domain/traffic';
import { ManualTimers } from './manual-timers';

class FakeWs extends EventEmitter {
  readyState = 0;
  readonly sent: string[] = [];
  pings = 0;
  closedWith: [number | undefined, string | undefined] | undefined;
  terminated = false;

  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }

  /** The server's 101: its headers, then the socket is open. */
  accept(headers: Record<string, string | string[]> = {}): void {
    this.emit('upgrade', { headers });
    this.readyState = 1;
    this.emit('open');
  }

  frame(text: string | Buffer, isBinary = false): void {
    this.emit('message', Buffer.isBuffer(text) ? text : Buffer.from(text), isBinary);
  }

  send(data: string, cb?: (err?: Error) => void): void {
    this.sent.push(data);
    cb?.();
  }

  ping(): void {
    this.pings++;
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.serverClosed(code ?? 1005, reason ?? '');
  }

  serverClosed(code: number, reason = ''): void {
    this.readyState = 3;
    this.emit('close', code, Buffer.from(reason));
  }

  terminate(): void {
    this.terminated = true;
    this.serverClosed(1006);
  }
}

function rig(headers: Record<string, string> = {}) {
  const timers = new ManualTimers();
  const sockets: FakeWs[] = [];
  const records: TrafficRecordInput[] = [];
  const delivered: AnyMessage[] = [];
  const lost: Array<[string, string]> = [];
  const cookies = new EndpointCookies();
  const host: LinkHost = {
    url: 'https://agent.example/acp',
    headers,
    cookies,
    redactor: new Redactor(['x-api-key'], []),
    limits: { ...DEFAULT_LIMITS, maxRequestBytes: 1024 },
    timers,
    random: () => 0.5,
    fetch: () => Promise.reject(new Error('no fetch on a WebSocket link')),
    webSocket: (url, options) => {
      const ws = new FakeWs(url, options.headers);
      sockets.push(ws);
      return ws as unknown as WsLike;
    },
    generation: 1,
    stopped: new AbortController().signal,
    record: (input) => records.push(input),
    deliver: (m) => delivered.push(m),
    event: () => undefined,
    responseLost: () => undefined,
    lost: (reason, kind) => lost.push([reason, kind]),
  };
  return { link: new WsLink(host), timers, sockets, records, delivered, lost, cookies };
}

const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: 1 } } as const;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** Runs the handshake to its end: the 101, then the agent's answer to initialize. */
async function connected(r: ReturnType<typeof rig>) {
  const done = r.link.handshake(INIT);
  await flush();
  const ws = r.sockets[0]!;
  ws.accept({ 'acp-connection-id': 'conn-7' });
  await flush();
  ws.frame(JSON.stringify({ jsonrpc: '2.0', id: 0, result: { protocolVersion: 1 } }));
  await done;
  return ws;
}

describe('WsLink', () => {
  it('upgrades the ws(s) twin of the URL with the endpoint headers and cookies, then sends initialize first', async () => {
    const r = rig({ 'x-api-key': 'k-123' });
    await r.cookies.store('https://agent.example/acp', ['affinity=node-2; Path=/']);
    const done = r.link.handshake(INIT);
    await flush();
    const ws = r.sockets[0]!;
    expect(ws.url).toBe('wss://agent.example/acp');
    expect(ws.headers).toMatchObject({ 'x-api-key': 'k-123', cookie: 'affinity=node-2' });
    ws.accept({ 'acp-connection-id': 'conn-7' });
    await flush();
    expect(JSON.parse(ws.sent[0]!)).toMatchObject({ id: 0, method: 'initialize' });
    ws.frame(JSON.stringify({ jsonrpc: '2.0', id: 0, result: { protocolVersion: 1 } }));
    expect(await done).toMatchObject({ id: 0, result: { protocolVersion: 1 } });
    expect(r.link.connectionId).toBe('conn-7');
    // The secret header is recorded masked.
    const connecting = r.records.find((x) => x.kind === 'websocket' && x.phase === 'connecting');
    expect(JSON.stringify(connecting)).not.toContain('k-123');
    expect(toWebSocketUrl('http://h/acp')).toBe('ws://h/acp');
  });

  it('delivers JSON-RPC text frames and skips the rest, each with a record saying why', async () => {
    const r = rig();
    const ws = await connected(r);
    ws.frame(JSON.stringify({ jsonrpc: '2.0', method: 'session/update', params: { sessionId: 's' } }));
    ws.frame(Buffer.from([1, 2, 3]), true);
    ws.frame('{not json');
    ws.frame(JSON.stringify({ hello: 'world' }));
    expect(r.delivered).toHaveLength(1);
    const errors = r.records.filter((x) => x.kind === 'error').map((x) => (x as { message: string }).message);
    expect(errors).toEqual([
      'binary WebSocket frame ignored (ACP uses text frames)',
      expect.stringContaining('in a WebSocket frame (skipped)'),
      'WebSocket frame is not a JSON-RPC 2.0 message (skipped)',
    ]);
  });

  it('refuses to send on a socket that is not open, and a message over the request limit', async () => {
    const r = rig();
    await expect(r.link.send(INIT, undefined)).rejects.toMatchObject({ kind: 'not-sent' });
    await connected(r);
    const big = { jsonrpc: '2.0', method: 'session/prompt', id: 1, params: { text: 'x'.repeat(2000) } } as const;
    const e = await r.link.send(big, undefined).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LinkError);
    expect(e).toMatchObject({ kind: 'too-large' });
  });

  it('a close from the server loses the connection; 1008 naming auth asks for credentials', async () => {
    const r = rig();
    const ws = await connected(r);
    ws.serverClosed(1001, 'going away');
    expect(r.lost).toEqual([['the WebSocket closed with code 1001 (going away)', 'gone']]);

    const r2 = rig();
    const ws2 = await connected(r2);
    ws2.serverClosed(1008, 'auth expired');
    expect(r2.lost).toEqual([['the WebSocket closed with code 1008 (auth expired)', 'auth']]);
  });

  it('an upgrade refused with 401 is an auth failure; another status lets the next profile try', async () => {
    for (const [status, kind] of [
      [401, 'auth'],
      [404, 'refused-profile'],
    ] as const) {
      const r = rig();
      const done = r.link.handshake(INIT).catch((e: unknown) => e);
      await flush();
      const ws = r.sockets[0]!;
      const res = Object.assign(new EventEmitter(), { statusCode: status, headers: {} });
      ws.emit('unexpected-response', {}, res);
      res.emit('data', Buffer.from('nope'));
      res.emit('end');
      expect(await done).toMatchObject({ kind, status });
      expect(ws.terminated).toBe(true);
    }
  });

  it('pings on the interval; a missed pong terminates the socket, which loses the connection', async () => {
    const r = rig();
    const ws = await connected(r);
    r.timers.advance(DEFAULT_LIMITS.pingIntervalMs);
    expect(ws.pings).toBe(1);
    ws.emit('pong');
    r.timers.advance(DEFAULT_LIMITS.pongTimeoutMs);
    expect(ws.terminated).toBe(false);
    r.timers.advance(DEFAULT_LIMITS.pingIntervalMs - DEFAULT_LIMITS.pongTimeoutMs);
    expect(ws.pings).toBe(2);
    r.timers.advance(DEFAULT_LIMITS.pongTimeoutMs);
    expect(ws.terminated).toBe(true);
    expect(r.records.some((x) => x.kind === 'websocket' && x.phase === 'ping-timeout')).toBe(true);
    expect(r.lost.map(([, kind]) => kind)).toEqual(['gone']);
  });

  it('close() says goodbye with 1000, stops the pings and loses nothing; no timer is left', async () => {
    const r = rig();
    const ws = await connected(r);
    await r.link.close();
    expect(ws.closedWith).toEqual([1000, 'client closing']);
    expect(r.lost).toEqual([]);
    expect(r.timers.pending).toBe(0);
    await expect(r.link.send(INIT, undefined)).rejects.toMatchObject({ kind: 'not-sent' });
  });
});
