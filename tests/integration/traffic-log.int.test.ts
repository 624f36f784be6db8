/**
 * The traffic log through the whole core with the real demo agent: a prompt produces records
 * in the ring and the spill file; a window that subscribed gets them live, one that did not
 * (or unsubscribed) gets none; windows, export, clear and queries answer through the same
 * dispatch pipeline both hosts use.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { dispatchInvoke } from '../../src/core/host/dispatch';
import { TrafficClient } from '../../src/core/traffic/traffic-client';
import { probeEndpoint } from '../../src/core/transport/probe';
import { startWebHost } from '../../src/core/web/web-host';
import { WebSocket } from 'ws';
import type { MessageRecord, TrafficRecord } from '../../src/shared/domain/traffic';
import type { EventChannel, EventContract, TrafficEntry } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/util/result';

const SECRET = 'tok-77aa11bb22cc33dd';
let agent: DemoAgentServer;
beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0, token: SECRET });
});
afterAll(() => agent.close());

/** A window as a host sees it: invokes through the shared dispatch, events filtered by its subscriptions. */
class FakeWindow {
  readonly received: TrafficEntry[] = [];
  readonly #traffic: TrafficClient;
  readonly #waiters: { pred: () => boolean; resolve: () => void }[] = [];
  readonly close: () => void;

  constructor(private readonly core: AppCore) {
    this.#traffic = new TrafficClient((subscriptionId) => core.handlers['traffic:unsubscribe']({ subscriptionId }));
    const off = core.events.subscribe(<C extends EventChannel>(channel: C, payload: EventContract[C]) => {
      if (!this.#traffic.accepts(channel, payload)) return;
      if (channel === 'traffic:records') this.received.push(...(payload as EventContract['traffic:records']).records);
      for (const w of this.#waiters.splice(0))
        if (w.pred()) w.resolve();
        else this.#waiters.push(w);
    });
    this.close = () => {
      off();
      this.#traffic.dispose();
    };
  }

  async invoke<T>(channel: string, payload: unknown): Promise<T> {
    const result = (await dispatchInvoke(this.core.handlers, channel, payload)) as IpcResult<T>;
    this.#traffic.observe(channel, payload, result);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  async raw(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    return dispatchInvoke(this.core.handlers, channel, payload);
  }

  /** Resolves when `pred` holds after some event reached this window (or already holds). */
  until(pred: () => boolean): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ pred, resolve }));
  }
}

const isMessage = (r: TrafficRecord): r is MessageRecord => r.kind === 'message';
const methodOf = (r: TrafficRecord) =>
  isMessage(r) ? (r.message as { method?: string } | undefined)?.method : undefined;
/** The response to session/prompt: a message with the prompt's id and a stopReason. */
const isTurnEnd = (e: TrafficEntry) =>
  isMessage(e.record) && (e.record.message as { result?: { stopReason?: string } }).result?.stopReason === 'end_turn';

describe('traffic log through the app core', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-traffic-'));
  let core: AppCore;
  let endpointId = '';
  let sessionId = '';

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: dir,
      cipher: await createFileKeyCipher(dir),
      host: 'web',
      version: 't',
      probe: (e) => probeEndpoint(e),
      traffic: { maxRecords: 20 },
    });
    const saved = await core.handlers['endpoints:save']({
      draft: {
        name: 'Demo',
        url: agent.url,
        transport: 'http',
        headers: [{ name: 'Authorization', value: `Bearer ${SECRET}`, secret: true }],
        cwd: '',
        notes: '',
      },
    });
    endpointId = saved.id;
  });
  afterAll(() => core.dispose());

  it('pushes a prompt’s records to the subscribed window only, then stops after unsubscribe', async () => {
    const watching = new FakeWindow(core);
    const idle = new FakeWindow(core);
    const all = new FakeWindow(core);
    const sub = await watching.invoke<{ subscriptionId: string; total: number }>('traffic:subscribe', { endpointId });
    expect(sub.total).toBe(0);
    await all.invoke('traffic:subscribe', { endpointId: 'all' });

    sessionId = (await core.handlers['sessions:new']({ endpointId, cwd: '/tmp/w' })).sessionId;
    await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo hello wire' }] });
    await watching.until(() => watching.received.some(isTurnEnd));
    await all.until(() => all.received.some(isTurnEnd));

    const methods = watching.received.map((e) => methodOf(e.record));
    expect(watching.received[0]!.record).toMatchObject({ kind: 'message', direction: 'out', seq: 1 }); // initialize
    expect(methods).toContain('session/new');
    expect(methods).toContain('session/prompt');
    expect(methods).toContain('session/update');
    // In order, numbered 1, 2, … by the log.
    expect(watching.received.map((e) => e.logSeq)).toEqual(watching.received.map((_, i) => i + 1));
    expect(watching.received.every((e) => e.endpointId === endpointId)).toBe(true);
    expect(all.received.map((e) => e.logSeq)).toEqual(watching.received.map((e) => e.logSeq));
    expect(idle.received).toEqual([]);
    expect(JSON.stringify(watching.received)).not.toContain(SECRET);

    await watching.invoke('traffic:unsubscribe', { subscriptionId: sub.subscriptionId });
    const before = watching.received.length;
    await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo again' }] });
    const turnEnds = () => all.received.filter(isTurnEnd).length;
    await all.until(() => turnEnds() === 2);
    expect(watching.received).toHaveLength(before);
    expect(idle.received).toEqual([]);
    all.close();
    watching.close();
    idle.close();
  });

  it('answers bounded windows from the ring and exports every record from the spill file', async () => {
    const w = new FakeWindow(core);
    const tail = await w.invoke<{ records: TrafficEntry[]; total: number; firstSeq: number; lastSeq: number }>(
      'traffic:window',
      { endpointId, limit: 5 },
    );
    expect(tail.total).toBeGreaterThan(20); // more than the ring holds
    expect(tail.lastSeq).toBe(tail.total);
    expect(tail.firstSeq).toBe(tail.total - 19); // ring of 20
    expect(tail.records.map((e) => e.logSeq)).toEqual([0, 1, 2, 3, 4].map((i) => tail.lastSeq - 4 + i));
    const evicted = await w.invoke<{ records: TrafficEntry[] }>('traffic:window', { endpointId, fromSeq: 1, limit: 3 });
    expect(evicted.records[0]!.logSeq).toBe(tail.firstSeq);

    const exported = await w.invoke<{ content: string; records: number; complete: boolean }>('traffic:export', {
      endpointId,
      format: 'jsonl',
    });
    expect(exported.records).toBe(tail.total);
    expect(exported.complete).toBe(true);
    const lines = exported.content
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrafficRecord);
    expect(lines[0]).toMatchObject({ kind: 'message', direction: 'out', seq: 1, generation: 1 }); // evicted from the ring, kept on disk
    expect(lines.at(-1)).toEqual(tail.records.at(-1)!.record);
    expect(exported.content).not.toContain(SECRET);

    // Bad requests are refused at the boundary.
    expect((await w.raw('traffic:window', { endpointId, limit: 5001 })).ok).toBe(false);
    expect((await w.raw('traffic:export', { endpointId, format: 'har' })).ok).toBe(false);
    // Queries run in the core, over the ring, with request/response pairing.
    const prompts = await w.invoke<{ records: TrafficEntry[] }>('traffic:window', {
      endpointId,
      limit: 100,
      query: 'method:session/prompt',
    });
    expect(prompts.records.length).toBeGreaterThanOrEqual(2); // a request and its response
    expect(prompts.records.some(isTurnEnd)).toBe(true);
    const bad = await w.raw('traffic:window', { endpointId, limit: 5, query: 'method:(' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    w.close();
  });

  it('clear empties the ring and the spill file; new records are numbered on from there', async () => {
    const w = new FakeWindow(core);
    const before = await w.invoke<{ lastSeq: number }>('traffic:window', { endpointId, limit: 1 });
    await w.invoke('traffic:clear', { endpointId });
    const spill = path.join(dir, 'traffic', `${endpointId}.jsonl`);
    expect(existsSync(spill)).toBe(false);
    expect(await w.invoke('traffic:window', { endpointId, limit: 10 })).toEqual({
      records: [],
      total: 0,
      firstSeq: 0,
      lastSeq: 0,
    });
    expect((await w.invoke<{ content: string }>('traffic:export', { endpointId, format: 'jsonl' })).content).toBe('');

    const sub = await w.invoke<{ total: number }>('traffic:subscribe', { endpointId });
    await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo after clear' }] });
    await w.until(() => w.received.some(isTurnEnd));
    expect(w.received[0]!.logSeq).toBe(before.lastSeq + sub.total + 1);
    await core.traffic.flush();
    const now = await w.invoke<{ total: number }>('traffic:window', { endpointId, limit: 1 });
    expect(readFileSync(spill, 'utf8').trim().split('\n')).toHaveLength(now.total);
    w.close();
    expect(core.traffic.subscriptionCount).toBe(0); // closing the window released its subscription
  });
});

describe('traffic:records over the browser-mode bridge', () => {
  it('reaches only the tab that subscribed, and a closed tab releases its subscription', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-traffic-web-'));
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const core = await createAppCore({
      dataDir: path.join(dir, 'data'),
      cipher: await createFileKeyCipher(path.join(dir, 'data')),
      host: 'web',
      version: 't',
      probe: (e) => probeEndpoint(e),
    });
    const host = await startWebHost({ core, rendererDir });
    const open = async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(host.token)}`, {
        origin: `http://127.0.0.1:${host.port}`,
      });
      const frames: { type: string; id?: number; channel?: string; result?: IpcResult<unknown>; payload?: unknown }[] =
        [];
      const waiters: (() => void)[] = [];
      ws.on('message', (d) => {
        frames.push(JSON.parse(String(d)) as (typeof frames)[number]);
        for (const w of waiters.splice(0)) w();
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const until = async (pred: () => boolean) => {
        while (!pred()) await new Promise<void>((r) => waiters.push(r));
      };
      let next = 1;
      const invoke = async (channel: string, payload: unknown) => {
        const id = next++;
        ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
        await until(() => frames.some((f) => f.type === 'result' && f.id === id));
        return frames.find((f) => f.type === 'result' && f.id === id)!.result!;
      };
      const records = () =>
        frames
          .filter((f) => f.type === 'event' && f.channel === 'traffic:records')
          .flatMap((f) => (f.payload as EventContract['traffic:records']).records);
      return { ws, invoke, until, records };
    };
    try {
      const saved = await core.handlers['endpoints:save']({
        draft: {
          name: 'Demo',
          url: agent.url,
          transport: 'http',
          headers: [{ name: 'Authorization', value: `Bearer ${SECRET}`, secret: true }],
          cwd: '',
          notes: '',
        },
      });
      const watching = await open();
      const other = await open();
      expect(await watching.invoke('traffic:subscribe', { endpointId: saved.id })).toMatchObject({ ok: true });
      const { sessionId } = await core.handlers['sessions:new']({ endpointId: saved.id, cwd: '/tmp/w' });
      await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo over the bridge' }] });
      await watching.until(() => watching.records().some(isTurnEnd));
      // The other tab has answered an invoke after the turn, so anything pushed to it would have arrived first.
      expect(await other.invoke('app:info', undefined)).toMatchObject({ ok: true });
      expect(other.records()).toEqual([]);
      expect(core.traffic.subscriptionCount).toBe(1);
      const closed = new Promise((r) => watching.ws.once('close', r));
      watching.ws.close();
      await closed;
      // Round trips on the other tab until the server has seen the close (no timer involved).
      while (core.traffic.subscriptionCount !== 0) await other.invoke('app:info', undefined);
      expect(core.traffic.subscriptionCount).toBe(0);
      other.ws.close();
    } finally {
      await host.close();
      await core.dispose();
    }
  });
});
