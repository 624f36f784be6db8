/**
 * Diagnose's frames (issue 12) through the app core's dispatch against the real demo agent: a
 * run is recorded in the traffic log as a connection of its own ("Diagnose · Demo · hh:mm:ss"),
 * every HTTP step names the records it made and those are its exchanges (initialize: the POST,
 * its 200 and the JSON-RPC answer), the records are redacted (the endpoint's secret header value
 * appears nowhere), the step's range is what the inspector's query `seq:[a TO b]` shows, and a
 * clear forgets the run.
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
import type { ProbeReport, Step } from '../../src/shared/domain/probe-report';
import type { HttpExchangeRecord, MessageRecord, TrafficRecord } from '../../src/shared/domain/traffic';
import type { DiagnoseRunInfo, TrafficWindow } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/util/result';

const SECRET = 'tenant-secret-value-9f8e7d6c5b4a';
let agent: DemoAgentServer;
let core: AppCore;
let endpointId = '';

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = (await dispatchInvoke(core.handlers, channel as never, request as never)) as IpcResult<T>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const recordsOf = async (id: string, query?: string) =>
  (
    await call<TrafficWindow>('traffic:window', { endpointId: id, limit: 5000, ...(query ? { query } : {}) })
  ).records.map((e) => e.record);

const within = (records: readonly TrafficRecord[], step: Step) =>
  records.filter((r) => step.frames && r.seq >= step.frames.fromSeq && r.seq <= step.frames.toSeq);

beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-diagnose-traffic-'));
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
        transport: 'auto',
        // A header whose name says nothing secret: only the endpoint's own "secret" flag masks it.
        headers: [{ name: 'X-Tenant', value: SECRET, secret: true }],
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

describe('endpoints:diagnose records its wire as a traffic connection', () => {
  let report: ProbeReport;
  let records: TrafficRecord[];

  it('names the run and lists it among the diagnose runs', async () => {
    report = await call<ProbeReport>('endpoints:diagnose', { id: endpointId });
    expect(report.outcome.status).toBe('ok');
    expect(report.traffic?.endpointId).toMatch(/^diagnose:/);
    expect(report.traffic?.label).toMatch(/^Diagnose · Demo · \d\d:\d\d:\d\d$/);
    const runs = await call<DiagnoseRunInfo[]>('traffic:diagnoseRuns', {});
    expect(runs.map((r) => r.endpointId)).toEqual([report.traffic!.endpointId]);
    expect(runs[0]!.forEndpointId).toBe(endpointId);
    records = await recordsOf(report.traffic!.endpointId);
    expect(records.length).toBeGreaterThan(10);
  });

  it('gives every HTTP step its own records, in order and not shared, and the network steps none', () => {
    const byId = new Map(report.steps.map((s) => [s.id, s]));
    for (const id of ['url', 'dns', 'tcp', 'tls', 'proxy', 'prompt']) expect(byId.get(id)?.frames).toBeUndefined();
    for (const id of ['initialize', 'connection-stream', 'session-new', 'session-stream', 'websocket', 'delete'])
      expect(within(records, byId.get(id)!).length, id).toBeGreaterThan(0);
    const ranges = report.steps.flatMap((s) => (s.frames ? [s.frames] : []));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.fromSeq).toBeGreaterThan(ranges[i - 1]!.toSeq);
  });

  it("the initialize step's records are its POST, the 200 and the JSON-RPC answer", () => {
    const init = within(
      records,
      report.steps.find((s) => s.id === 'initialize')!,
    );
    const out = init.find((r): r is MessageRecord => r.kind === 'message' && r.direction === 'out');
    expect((out?.message as { method?: string }).method).toBe('initialize');
    const http = init.find((r): r is HttpExchangeRecord => r.kind === 'http');
    expect(http).toMatchObject({ method: 'POST', status: 200 });
    expect(http?.responseHeaders?.['acp-connection-id']).toBeTruthy();
    const answer = init.find((r): r is MessageRecord => r.kind === 'message' && r.direction === 'in');
    expect((answer?.message as { id?: number; result?: unknown }).id).toBe(1);
    expect((answer?.message as { result?: unknown }).result).toBeTruthy();
  });

  it('records the session stream, its events and the WebSocket frames', () => {
    const sessionNew = within(
      records,
      report.steps.find((s) => s.id === 'session-new')!,
    );
    expect(sessionNew.some((r) => r.kind === 'message' && r.direction === 'in' && r.lane === 'connection')).toBe(true);
    const ws = within(
      records,
      report.steps.find((s) => s.id === 'websocket')!,
    );
    expect(ws.map((r) => (r.kind === 'websocket' ? r.phase : r.kind))).toEqual(
      expect.arrayContaining(['connecting', 'open', 'message', 'closed']),
    );
  });

  it('is redacted: the secret header value appears nowhere, its header says [redacted]', () => {
    expect(JSON.stringify(records)).not.toContain(SECRET);
    expect(JSON.stringify(report)).not.toContain(SECRET);
    const http = records.find((r): r is HttpExchangeRecord => r.kind === 'http');
    expect(http?.requestHeaders['x-tenant']).toBe('[redacted]');
  });

  it("a step's range is what the inspector's seq query shows", async () => {
    const step = report.steps.find((s) => s.id === 'initialize')!;
    const shown = await recordsOf(report.traffic!.endpointId, `seq:[${step.frames!.fromSeq} TO ${step.frames!.toSeq}]`);
    expect(shown.map((r) => r.seq)).toEqual(within(records, step).map((r) => r.seq));
  });

  it('the checks name their records too, and a clear forgets the run', async () => {
    expect(report.checks.filter((c) => c.frames).length).toBeGreaterThan(5);
    await call('traffic:clear', {});
    expect(await call<DiagnoseRunInfo[]>('traffic:diagnoseRuns', {})).toEqual([]);
  });
});
