import { bridgeMemberOf, EVENT_CHANNELS, eventMethodName, INVOKE_CHANNELS } from '../../src/shared/ipc/contract';
// @vitest-environment node
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SAMPLE_APP_INFO, sampleEndpoints } from '../../src/renderer/bridge/fake-data';
import { bridgeUrl } from '../../src/renderer/bridge/web-frames';
import { createWebSocketBridge, HOST_LOST_MESSAGE, type WebSocketBridge } from '../../src/renderer/bridge/ws-bridge';
import type { EndpointList } from '../../src/shared/ipc/contract';
import type { WebInvokeFrame } from '../../src/shared/ipc/web-protocol';
import { err, ok, type IpcResult } from '../../src/shared/util/result';

type Answer = (frame: WebInvokeFrame) => IpcResult<unknown> | undefined;

/** A loopback stand-in for `acp-desk web`: answers invoke frames, pushes events, drops sockets. */
async function startHost(answer: Answer = () => ok(null)) {
  const host = {
    answer,
    accept: true,
    received: [] as WebInvokeFrame[],
    upgrades: [] as string[],
    sockets: new Set<WebSocket>(),
    port: 0,
    reply(socket: WebSocket, id: number, result: IpcResult<unknown>) {
      socket.send(JSON.stringify({ type: 'result', id, result }));
    },
    broadcast(payload: EndpointList) {
      for (const s of host.sockets) s.send(JSON.stringify({ type: 'event', channel: 'endpoints:changed', payload }));
    },
    dropAll() {
      for (const s of host.sockets) s.terminate();
    },
  };
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => {
      host.upgrades.push(info.req.url ?? '');
      done(host.accept, 401);
    },
  });
  server.on('connection', (socket) => {
    host.sockets.add(socket);
    socket.on('close', () => host.sockets.delete(socket));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as WebInvokeFrame;
      host.received.push(frame);
      const result = host.answer(frame);
      if (result) host.reply(socket, frame.id, result);
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  host.port = (server.address() as AddressInfo).port;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => host.dropAll());
  return host;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(port: number, maxAttempts = 20): WebSocketBridge {
  const made = createWebSocketBridge({ protocol: 'http:', host: `127.0.0.1:${port}` }, 'tok en/1', {
    WebSocket,
    reconnect: { baseMs: 5, maxMs: 20, maxAttempts },
  });
  cleanups.push(() => made.dispose());
  return made;
}

describe('bridgeUrl', () => {
  it('uses the page host, the /bridge path, and ws or wss to match the page', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:5000' }, 'a b')).toBe(
      'ws://127.0.0.1:5000/bridge?token=a%20b',
    );
    expect(bridgeUrl({ protocol: 'https:', host: 'desk.local' }, 't')).toBe('wss://desk.local/bridge?token=t');
  });
});

describe('createWebSocketBridge', () => {
  it('exposes exactly the contract members', async () => {
    const host = await startHost();
    const { bridge } = connect(host.port);
    const groups = new Map<string, string[]>();
    for (const c of INVOKE_CHANNELS) {
      const { group, member } = bridgeMemberOf(c);
      groups.set(group, [...(groups.get(group) ?? []), member]);
    }
    const events = EVENT_CHANNELS.map((c) => eventMethodName(c));
    expect(Object.keys(bridge).sort()).toEqual([...groups.keys(), ...events].sort());
    for (const [group, members] of groups)
      expect(Object.keys((bridge as unknown as Record<string, object>)[group]!).sort()).toEqual(members.sort());
  });

  it('queues an invoke made before the socket opens and resolves it with the matching result', async () => {
    const host = await startHost((f) => (f.channel === 'app:info' ? ok(SAMPLE_APP_INFO) : undefined));
    const { bridge, hostStatus } = connect(host.port);
    expect(hostStatus.get().state).toBe('connecting');

    const result = await bridge.app.info();

    expect(result).toEqual(ok(SAMPLE_APP_INFO));
    expect(host.upgrades).toEqual(['/bridge?token=tok%20en%2F1']);
    expect(host.received).toEqual([{ type: 'invoke', id: 1, channel: 'app:info' }]);
    expect(hostStatus.get().state).toBe('open');
  });

  it('matches results to invokes by id when the host answers out of order', async () => {
    const host = await startHost(() => undefined);
    const { bridge } = connect(host.port);
    const first = bridge.endpoints.select({ id: 'a' });
    const second = bridge.endpoints.remove({ id: 'b' });
    await vi.waitFor(() => expect(host.received).toHaveLength(2));
    const socket = [...host.sockets][0]!;

    host.reply(socket, 2, err('not_found', 'No endpoint b'));
    host.reply(socket, 1, ok(null));

    expect(await first).toEqual(ok(null));
    expect(await second).toEqual(err('not_found', 'No endpoint b'));
    expect(host.received[0]).toMatchObject({ channel: 'endpoints:select', payload: { id: 'a' } });
  });

  it('delivers event frames to listeners until they unsubscribe, and ignores malformed frames', async () => {
    const host = await startHost();
    const { bridge } = connect(host.port);
    const seen: EndpointList[] = [];
    const unsubscribe = bridge.onEndpointsChanged((list) => seen.push(list));
    await bridge.endpoints.list();
    const list = { endpoints: sampleEndpoints(), selectedId: 'demo' };

    for (const s of host.sockets) {
      s.send('not json');
      s.send(JSON.stringify({ type: 'event', channel: 'nope:nope', payload: 1 }));
    }
    host.broadcast(list);
    await vi.waitFor(() => expect(seen).toEqual([list]));
    unsubscribe();
    host.broadcast({ endpoints: [], selectedId: null });
    await bridge.endpoints.list(); // a round trip after the second event
    expect(seen).toHaveLength(1);
  });

  it('fails waiting invokes when the socket drops, then reconnects and keeps events flowing', async () => {
    const host = await startHost((f) => (f.channel === 'endpoints:test' ? undefined : ok(null)));
    const { bridge, hostStatus } = connect(host.port);
    const states: string[] = [];
    hostStatus.subscribe((c) => states.push(c.state));
    const seen: EndpointList[] = [];
    bridge.onEndpointsChanged((list) => seen.push(list));
    const waiting = bridge.endpoints.test({ id: 'demo' });
    await vi.waitFor(() => expect(host.received).toHaveLength(1));

    host.dropAll();

    const result = await waiting;
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: HOST_LOST_MESSAGE } });
    await vi.waitFor(() => expect(hostStatus.get().state).toBe('open'));
    expect(states).toContain('reconnecting');
    expect(host.upgrades).toHaveLength(2);
    expect(await bridge.endpoints.select({ id: null })).toEqual(ok(null));
    host.broadcast({ endpoints: [], selectedId: null });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
  });

  it('gives up after the attempt budget and starts again on retryNow', async () => {
    const host = await startHost();
    host.accept = false;
    const { bridge, hostStatus } = connect(host.port, 2);

    const early = await bridge.app.info();

    expect(early).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.waitFor(() => expect(hostStatus.get()).toMatchObject({ state: 'offline', attempt: 3 }));
    host.accept = true;
    hostStatus.retryNow();
    await vi.waitFor(() => expect(hostStatus.get().state).toBe('open'));
    expect(await bridge.app.info()).toEqual(ok(null));
  });

  it('after dispose, answers every invoke with unavailable and stops reconnecting', async () => {
    const host = await startHost(() => undefined);
    const made = connect(host.port);
    const waiting = made.bridge.app.info();
    await vi.waitFor(() => expect(host.received).toHaveLength(1));

    made.dispose();

    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await made.bridge.endpoints.list()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(made.hostStatus.get().state).toBe('offline');
    expect(host.upgrades).toHaveLength(1);
  });
});
