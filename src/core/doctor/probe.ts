/**
 * One probe run: the doctor, then the conformance checks, as one redacted and schema-checked
 * report (see report.ts). Credentials go only to the endpoint itself; every string in the
 * report passes through the Redactor.
 */
import { isDirect, networkSecretValues, type ResolvedNetwork } from '../transport/net-config';
import { NetworkWsAgent } from '../transport/net-ws';
import { createNodeFetch } from '../transport/node-deps';
import { isSecretHeaderName, Redactor } from '../transport/redact';
import type { TrafficRecord } from '../../shared/domain/traffic';
import { runConformance } from './conformance';
import { DoctorTraffic } from './doctor-traffic';
import { runDoctor } from './doctor';
import { checkUrl } from './network';
import {
  decideOutcome,
  probeReportSchema,
  REPORT_SCHEMA_ID,
  type Check,
  type ProbeReport,
  type Reachability,
  type Step,
} from './report';
import type { Progress } from './steps';

export interface ProbeOptions {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly transport?: 'auto' | 'http' | 'ws';
  readonly prompt?: string;
  readonly only?: 'doctor' | 'conformance';
  /** Per-request deadline (default 2 s; the prompt round trip has its own, longer one). */
  readonly timeoutMs?: number;
  /** How long to watch for keep-alives (default 2 s). */
  readonly keepAliveWindowMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly progress?: Progress;
  /** The endpoint's proxy and TLS settings, applied to every step as the transport would. */
  readonly network?: ResolvedNetwork;
  /** The endpoint's own secret header names and values (masked besides the conventional ones). */
  readonly secretHeaderNames?: readonly string[];
  readonly secretValues?: readonly string[];
  /**
   * Receives every exchange of the run as a redacted traffic record (the inspector's format);
   * each step and check then names its records (`frames`).
   */
  readonly onRecord?: (record: TrafficRecord) => void;
}

/** The run's one Redactor: conventional credential headers, the endpoint's secrets, the network's. */
function probeRedactor(o: ProbeOptions, headers: Readonly<Record<string, string>>): Redactor {
  const secretValues = Object.entries(headers)
    .filter(([k]) => isSecretHeaderName(k))
    .map(([, v]) => v)
    .concat(networkSecretValues(o.network), o.secretValues ?? []);
  const secretNames = Object.keys(headers)
    .filter(isSecretHeaderName)
    .concat(o.secretHeaderNames ?? []);
  return new Redactor(secretNames, secretValues);
}

/** Progress with each step and check redacted first. */
function redactedProgress(o: ProbeOptions, redactor: Redactor): Progress | undefined {
  if (!o.progress) return undefined;
  const progress = o.progress;
  return (item) =>
    progress(
      item.kind === 'step'
        ? { kind: 'step', step: redactor.json(item.step) }
        : { kind: 'check', check: redactor.json(item.check) },
    );
}

export async function runProbe(o: ProbeOptions): Promise<ProbeReport> {
  const headers = { ...(o.headers ?? {}) };
  const redactor = probeRedactor(o, headers);
  const traffic = o.onRecord ? new DoctorTraffic(redactor, o.onRecord) : undefined;
  const progress = redactedProgress(o, redactor);
  const transport = o.transport ?? 'auto';
  const timeoutMs = o.timeoutMs ?? 2_000;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const fetch = createNodeFetch({ network: o.network });
  const wsAgent = o.network && !isDirect(o.network) ? new NetworkWsAgent(o.network) : undefined;
  let steps: Step[] = [];
  let checks: Check[] = [];
  let agent: ProbeReport['agent'] = null;
  let reach: Reachability = { kind: 'ok' };
  try {
    let facts = checkUrl(o.url).facts;
    if (o.only !== 'conformance') {
      const d = await runDoctor({
        url: o.url,
        headers,
        transport,
        prompt: o.prompt,
        fetch,
        timeoutMs,
        env: o.env ?? process.env,
        progress,
        network: o.network,
        wsAgent,
        traffic,
      });
      steps = d.steps;
      agent = d.agent;
      reach = d.reach;
      facts = d.facts;
    } else if (!facts) {
      reach = { kind: 'unreachable', sentence: `The URL is not usable: ${checkUrl(o.url).body.explanation}` };
    }
    if (o.only !== 'doctor' && reach.kind === 'ok' && facts) {
      const c = await runConformance({
        wire: { url: facts.httpUrl, headers, fetch, timeoutMs, ...(traffic ? { traffic } : {}) },
        wsUrl: facts.wsUrl,
        transport,
        keepAliveWindowMs: o.keepAliveWindowMs ?? 2_000,
        progress,
        wsAgent,
      });
      checks = c.checks;
      agent ??= c.agent;
      if (c.reach.kind !== 'ok') reach = c.reach;
    }
  } finally {
    wsAgent?.destroy();
    await fetch.close();
  }
  const report: ProbeReport = redactor.json({
    schema: REPORT_SCHEMA_ID,
    url: o.url,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    transport,
    steps,
    checks,
    agent,
    outcome: decideOutcome(reach, checks, steps),
  });
  return probeReportSchema.parse(report);
}
