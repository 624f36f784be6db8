/**
 * Diagnose in the app (issue 12): `endpoints:diagnose` runs the probe on the saved endpoint's
 * settings (headers, secrets, proxy and TLS resolved here; they never leave the core) with live
 * progress, and records its wire in the traffic log as a connection of its own,
 * "Diagnose · <endpoint> · 14:02:11" (pseudo-endpoint `diagnose:<uuid>`), so each step's
 * "Show frames" opens the inspector on exactly its records. `traffic:diagnoseRuns` lists the
 * runs whose records the log still holds: a clear forgets them with the rest.
 */
import { randomUUID } from 'node:crypto';
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { DiagnoseRunInfo } from '../../shared/ipc/contract';
import { runProbe } from '../doctor/probe';
import type { DriftAnnotator } from '../endpoints/capability-store';
import type { EndpointRepository, ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { InvokeHandlers } from '../host/dispatch';
import type { HostEvents } from '../host/events';
import type { TrafficLogHost } from '../traffic/traffic-host';
import type { TransportAuth } from '../transport/transport-options';

export const DIAGNOSE_PREFIX = 'diagnose:';
/** Runs kept in the log; the oldest one's records are cleared beyond that. */
export const MAX_DIAGNOSE_RUNS = 20;

type DiagnoseChannel = 'endpoints:diagnose' | 'traffic:diagnoseRuns';

export interface DiagnoseDeps {
  readonly endpoints: EndpointRepository;
  readonly traffic: TrafficLogHost;
  readonly events: HostEvents;
  readonly drift: DriftAnnotator;
  /** The endpoint's dynamic credentials (OAuth), when it signs in: Diagnose sends its bearer too. */
  readonly auth?: (endpoint: ResolvedEndpoint) => TransportAuth | undefined;
  readonly now?: () => Date;
}

/** "14:02:11" in the core's local time. */
const clock = (d: Date) =>
  [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

/** Feeds one run's records to the log, a batch per microtask (a stream's events come in bursts). */
function batcher(append: (records: readonly TrafficRecord[]) => void) {
  let batch: TrafficRecord[] = [];
  const flush = () => {
    const out = batch;
    batch = [];
    if (out.length) append(out);
  };
  return {
    push(record: TrafficRecord) {
      if (batch.length === 0) queueMicrotask(flush);
      batch.push(record);
    },
    flush,
  };
}

export function diagnoseHandlers(deps: DiagnoseDeps): Pick<InvokeHandlers, DiagnoseChannel> {
  const { endpoints, traffic, events, drift } = deps;
  const now = deps.now ?? (() => new Date());
  const runs: DiagnoseRunInfo[] = [];
  return {
    'endpoints:diagnose': async ({ id, prompt }) => {
      const e = await endpoints.resolve(id);
      const started = now();
      const run: DiagnoseRunInfo = {
        endpointId: `${DIAGNOSE_PREFIX}${randomUUID()}`,
        label: `Diagnose · ${e.name} · ${clock(started)}`,
        forEndpointId: id,
        startedAt: started.toISOString(),
      };
      runs.push(run);
      for (const old of runs.splice(0, Math.max(0, runs.length - MAX_DIAGNOSE_RUNS)))
        await traffic.clear(old.endpointId);
      const records = batcher((batch) => traffic.append(run.endpointId, batch));
      // Signed in: the current bearer (refreshed ahead of expiry) goes on every request, as a secret.
      const bearer = await deps.auth?.(e)?.header();
      let report;
      try {
        report = await runProbe({
          url: e.url,
          headers: bearer ? { ...e.headers, authorization: bearer } : e.headers,
          secretHeaderNames: bearer ? [...e.secretHeaderNames, 'authorization'] : e.secretHeaderNames,
          secretValues: bearer ? [...e.secretValues, bearer] : e.secretValues,
          transport: e.transport,
          prompt,
          // The endpoint's proxy and TLS settings, as its connection uses them.
          ...(e.network ? { network: e.network } : {}),
          // Live progress for the Diagnose panel: each step as it ends (runProbe redacts it first).
          progress: (item) => events.emit('endpoints:diagnoseProgress', { id, item }),
          onRecord: (r) => records.push(r),
        });
      } finally {
        records.flush();
      }
      return drift.annotateReport(id, { ...report, traffic: { endpointId: run.endpointId, label: run.label } });
    },
    'traffic:diagnoseRuns': async () => {
      const totals = await Promise.all(runs.map((r) => traffic.total(r.endpointId)));
      return runs.filter((_, i) => totals[i]! > 0);
    },
  };
}
