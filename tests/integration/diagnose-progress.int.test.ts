/**
 * Diagnose through the app core's dispatch (the pipeline both hosts use) against the real
 * demo agent: every step and check is pushed as `endpoints:diagnoseProgress` while it runs, in
 * the report's order, and the pushed items are redacted like the report (the endpoint's
 * secret header never leaves the core).
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
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import type { DiagnoseProgress } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/util/result';

const SECRET = 'sk-diagnose-progress-secret-0123456789';
let agent: DemoAgentServer;
let core: AppCore;
let endpointId = '';

beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-diagnose-'));
  core = await createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: (e) => probeEndpoint(e),
  });
  endpointId = (
    await core.handlers['endpoints:save']({
      draft: {
        name: 'Demo',
        url: agent.url,
        transport: 'http',
        headers: [{ name: 'Authorization', value: `Bearer ${SECRET}`, secret: true }],
        cwd: '',
        notes: '',
      },
    })
  ).id;
});
afterAll(async () => {
  await core?.dispose();
  await agent?.close();
});

describe('endpoints:diagnose progress', () => {
  it('pushes each step and check as it ends, in the report order, redacted', async () => {
    const pushed: DiagnoseProgress[] = [];
    const off = core.events.subscribe((channel, payload) => {
      if (channel === 'endpoints:diagnoseProgress') pushed.push(payload as DiagnoseProgress);
    });
    const r = (await dispatchInvoke(core.handlers, 'endpoints:diagnose', { id: endpointId })) as IpcResult<ProbeReport>;
    off();
    if (!r.ok) throw new Error(r.error.message);
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.every((p) => p.id === endpointId)).toBe(true);
    const steps = pushed.flatMap((p) => (p.item.kind === 'step' ? [p.item.step.id] : []));
    const checks = pushed.flatMap((p) => (p.item.kind === 'check' ? [p.item.check.id] : []));
    expect(steps).toEqual(r.value.steps.map((s) => s.id));
    expect(new Set(checks)).toEqual(new Set(r.value.checks.map((c) => c.id)));
    expect(JSON.stringify(pushed)).not.toContain(SECRET);
  });
});
