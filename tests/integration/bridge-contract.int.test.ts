/**
 * The same contract tests against both bridges the renderer can get, each wired to a real
 * AppCore with the demo agent: the Electron preload (over a fake ipcRenderer/ipcMain pair that
 * runs main's real handler pipeline and event forwarder) and the browser-mode WebSocket bridge
 * (over the real web host). Whatever the renderer can do in one mode it can do in the other.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { probeEndpoint } from '../../src/core/transport/probe';
import { startWebHost, type WebHost } from '../../src/core/web/web-host';
import { forwardEvents } from '../../src/main/ipc/event-forwarder';
import { registerInvokeHandlers } from '../../src/main/ipc/handle';
import { createWebSocketBridge } from '../../src/renderer/bridge/ws-bridge';
import type { SessionEventBatch } from '../../src/shared/domain/history';
import { BRIDGE_GLOBAL, type Bridge } from '../../src/shared/ipc/contract';
import { fake } from '../main/fake-electron';
import { waitFor } from '../support/wait-for';

vi.mock('electron', async () => (await import('../main/fake-electron')).fakeElectron());

let agent: DemoAgentServer;
beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0 });
});
afterAll(() => agent.close());

async function core(): Promise<AppCore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-contract-'));
  return createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    demoAgentUrl: agent.url,
    probe: (e) => probeEndpoint(e),
  });
}

async function electronBridge(c: AppCore): Promise<{ bridge: Bridge; close(): void }> {
  const trusted = { url: 'file:///app/out/renderer/index.html', parent: null };
  const stopHandlers = registerInvokeHandlers(
    fake.ipcMain as unknown as Parameters<typeof registerInvokeHandlers>[0],
    c.handlers,
    () => true,
    {
      warn: () => undefined,
      error: () => undefined,
    },
  );
  fake.ipcRenderer.invoke.mockImplementation(
    async (channel: string, payload?: unknown) =>
      fake.ipcMain.handlers.get(channel)!({ senderFrame: trusted }, payload) as Promise<{
        ok: boolean;
        value: { channel: string; payload: unknown };
      }>,
  );
  const target = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => fake.ipcRenderer.emitter.emit(channel, {}, payload),
  };
  const stopEvents = forwardEvents(c.events, () => [target]);
  await import('../../src/preload/index');
  return { bridge: fake.exposed.get(BRIDGE_GLOBAL) as Bridge, close: () => (stopEvents(), stopHandlers()) };
}

async function webBridge(c: AppCore): Promise<{ bridge: Bridge; close(): Promise<void> }> {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'acp-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const host: WebHost = await startWebHost({ core: c, rendererDir });
  const ws = createWebSocketBridge({ protocol: 'http:', host: `127.0.0.1:${host.port}` }, host.token, {
    WebSocket: class extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { origin: `http://127.0.0.1:${host.port}` } });
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  return { bridge: ws.bridge, close: async () => (ws.dispose(), await host.close()) };
}

describe.each([
  ['Electron preload', electronBridge],
  ['browser-mode WebSocket', webBridge],
] as const)('bridge contract: %s', (_name, make) => {
  let c: AppCore;
  let bridge: Bridge;
  let close: () => unknown;
  beforeAll(async () => {
    c = await core();
    ({ bridge, close } = await make(c));
  });
  afterAll(async () => {
    await close();
    await c.dispose();
  });

  it('answers app:info and lists the demo endpoint', async () => {
    const info = await bridge.app.info();
    expect(info.ok && info.value.name).toBe('ACP Desk');
    const list = await bridge.endpoints.list();
    expect(list.ok && list.value.endpoints.map((e) => e.name)).toContain('Local demo agent');
  });

  it('rejects an invalid payload with invalid_request, without throwing', async () => {
    const r = await (bridge.sessions.prompt as (x: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({
      sessionId: 5,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('pushes endpoints:changed after a save', async () => {
    const seen: string[][] = [];
    const off = bridge.onEndpointsChanged((l) => seen.push(l.endpoints.map((e) => e.name)));
    await bridge.endpoints.save({ draft: { name: 'Other', url: 'https://agent.example/acp' } });
    await waitFor(() => seen.some((names) => names.includes('Other')), 'endpoints:changed', 10_000);
    off();
  });

  it('runs a turn: session events arrive in batches with contiguous seqs, and a snapshot agrees', async () => {
    const batches: SessionEventBatch[] = [];
    const off = bridge.onSessionsEvents((b) => batches.push(...b));
    const list = await bridge.endpoints.list();
    const endpointId = list.ok ? list.value.endpoints.find((e) => e.builtin === 'demo-agent')!.id : '';
    const created = await bridge.sessions.new({ endpointId, cwd: '/tmp' });
    expect(created.ok).toBe(true);
    const sessionId = created.ok ? created.value.sessionId : '';
    const sent = await bridge.sessions.prompt({ sessionId, prompt: [{ type: 'text', text: '/echo hello bridge' }] });
    expect(sent.ok).toBe(true);
    const mine = () => batches.filter((b) => b.sessionId === sessionId).flatMap((b) => b.events);
    await waitFor(() => mine().some((e) => e.event.type === 'turn_ended'), 'turn end', 10_000);
    const seqs = mine().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const snap = await bridge.sessions.snapshot({ sessionId });
    expect(snap.ok && snap.value.lastSeq).toBe(seqs.at(-1));
    expect(snap.ok && snap.value.state.turn.lastStopReason).toBe('end_turn');
    off();
  });
});
