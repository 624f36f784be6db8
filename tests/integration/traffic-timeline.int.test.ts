/**
 * `traffic:timeline` and the time range of `traffic:window` through the app core's dispatch
 * (the pipeline both hosts use) with the real demo agent: a turn's requests are on the POST
 * lane with their latency, the query narrows the latency rows, a bad payload or query is
 * refused, and a window with `from`/`to` holds only records within.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { dispatchInvoke } from '../../src/core/host/dispatch';
import { probeEndpoint } from '../../src/core/transport/probe';
import type { TrafficTimeline, TrafficWindow } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/util/result';

let agent: DemoAgentServer;
let core: AppCore;
let endpointId = '';

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const r = (await dispatchInvoke(core.handlers, channel, payload)) as IpcResult<T>;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-timeline-'));
  core = await createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: (e) => probeEndpoint(e),
  });
  endpointId = (
    await core.handlers['endpoints:save']({
      draft: { name: 'Demo', url: agent.url, transport: 'http', headers: [], cwd: '', notes: '' },
    })
  ).id;
  const { sessionId } = await core.handlers['sessions:new']({ endpointId, cwd: '/tmp/w' });
  await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo hello' }] });
  // The turn's answer is in the log once session/prompt has its latency.
  for (let i = 0; i < 200; i++) {
    const t = await invoke<TrafficTimeline>('traffic:timeline', { endpointId });
    if (t.latency.some((r) => r.method === 'session/prompt' && r.count === 1)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => {
  await core?.dispose();
  await agent?.close();
});

describe('traffic:timeline through the app core', () => {
  it('answers the lanes of the connection and the latency per method', async () => {
    const t = await invoke<TrafficTimeline>('traffic:timeline', { endpointId });
    const post = t.timeline.lanes.find((l) => l.lane === 'post');
    expect(post?.requests.map((r) => r.method)).toEqual(
      expect.arrayContaining(['initialize', 'session/new', 'session/prompt']),
    );
    expect(t.timeline.end).toBeGreaterThanOrEqual(t.timeline.start);
    const prompt = t.latency.find((r) => r.method === 'session/prompt')!;
    expect(prompt).toMatchObject({ count: 1, failed: 0 });
    expect(prompt.max).toBeGreaterThanOrEqual(0);

    const narrowed = await invoke<TrafficTimeline>('traffic:timeline', { endpointId, query: 'method:session/new' });
    expect(narrowed.latency.map((r) => r.method)).toEqual(['session/new']);
    expect(narrowed.timeline.lanes.length).toBe(t.timeline.lanes.length);
  });

  it('refuses a bad payload or query', async () => {
    expect(await dispatchInvoke(core.handlers, 'traffic:timeline', { endpointId, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatchInvoke(core.handlers, 'traffic:timeline', { endpointId, query: 'method:(' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect((await dispatchInvoke(core.handlers, 'traffic:window', { endpointId, limit: 5, from: 'x' })).ok).toBe(false);
  });

  it('a window with from/to holds only records within the range', async () => {
    const all = await invoke<TrafficWindow>('traffic:window', { endpointId, limit: 5000 });
    const times = all.records.map((e) => e.record.at);
    const mid = times[Math.floor(times.length / 2)]!;
    const later = await invoke<TrafficWindow>('traffic:window', { endpointId, limit: 5000, from: mid });
    expect(later.records.length).toBeGreaterThan(0);
    expect(later.records.every((e) => e.record.at >= mid)).toBe(true);
    expect(later.records.length).toBe(times.filter((t) => t >= mid).length);
    const none = await invoke<TrafficWindow>('traffic:window', { endpointId, limit: 5000, from: 0, to: 1 });
    expect(none.records).toEqual([]);
  });
});
