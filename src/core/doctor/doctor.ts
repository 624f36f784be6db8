/**
 * The connection doctor: ordered steps from the URL down to DELETE, each PASS/WARN/FAIL/SKIP
 * with timing, an explanation and a fix. Dependent steps SKIP with the reason; independent
 * ones (the WebSocket upgrade) still run. Everything it creates is cleaned up in `finally`:
 * streams aborted, the session closed (when the agent supports session/close) and the
 * connection DELETEd.
 */
import { HttpCtx, runHttpSteps } from './http-steps';
import { checkUrl, connectTcp, inspectTls, proxyStep, resolveHost, type UrlFacts } from './network';
import type { AgentSummary, Reachability, Step } from './report';
import { StepRunner, type Progress } from './steps';
import type { FetchLike } from '../transport/link';
import type { ResolvedNetwork } from '../transport/net-config';
import { proxyFor } from '../transport/net-proxy';
import type { Agent } from 'node:http';
import type { DoctorTraffic } from './doctor-traffic';

export { summarizeAgent } from './http-steps';

export interface DoctorOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly transport: 'auto' | 'http' | 'ws';
  readonly prompt?: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly progress?: Progress;
  /** The endpoint's proxy and TLS settings (direct, system trust when absent). */
  readonly network?: ResolvedNetwork;
  /** The WebSocket upgrade's agent for those settings, when they are not direct. */
  readonly wsAgent?: Agent;
  /** Records every exchange; each step then names its frames. */
  readonly traffic?: DoctorTraffic;
}

export interface DoctorResult {
  readonly steps: Step[];
  readonly agent: AgentSummary | null;
  readonly reach: Reachability;
  readonly facts: UrlFacts | null;
}

export async function runDoctor(o: DoctorOptions): Promise<DoctorResult> {
  const r = new StepRunner(o.progress, o.traffic);

  const url = checkUrl(o.url);
  await r.run('url', 'URL', null, async () => url.body);
  const facts = url.facts;
  if (!facts)
    return {
      steps: skipRest(r, 'the URL is not usable'),
      agent: null,
      reach: { kind: 'unreachable', sentence: `The URL is not usable: ${url.body.explanation}` },
      facts,
    };

  const { addresses, tcp, tlsTrusted, hopName } = await networkSteps(r, o, facts);
  if (tcp.verdict !== 'pass') {
    const sentence =
      addresses.length === 0
        ? `${hopName} does not resolve, so the endpoint is unreachable.`
        : `The endpoint is unreachable: ${tcp.explanation}`;
    return { steps: skipRest(r, `skipped: ${sentence}`), agent: null, reach: { kind: 'unreachable', sentence }, facts };
  }
  if (!tlsTrusted) {
    const sentence = 'The endpoint is unreachable: its TLS certificate is not trusted, so no HTTP request was sent.';
    return {
      steps: skipRest(r, 'skipped: the TLS certificate is not trusted'),
      agent: null,
      reach: { kind: 'unreachable', sentence },
      facts,
    };
  }

  const x = new HttpCtx(o, facts);
  await runHttpSteps(r, x);
  const agent = x.agent;
  let reach: Reachability = { kind: 'ok' };
  if (!x.httpAcp && !x.wsAcp)
    reach =
      x.httpFailure.kind !== 'ok'
        ? x.httpFailure
        : { kind: 'not-acp', sentence: `${facts.httpUrl} did not complete an ACP initialize over HTTP or WebSocket.` };
  else if (!x.httpAcp && x.httpWanted && x.httpFailure.kind === 'auth') reach = x.httpFailure;
  return { steps: r.steps, agent, reach, facts };
}

function skipRest(r: StepRunner, reason: string): Step[] {
  const ids: Array<[string, string]> = [
    ['dns', 'DNS'],
    ['tcp', 'TCP connect'],
    ['tls', 'TLS'],
    ['proxy', 'Proxy'],
    ['initialize', 'POST initialize'],
    ['connection-stream', 'Connection stream (GET)'],
    ['session-new', 'session/new'],
    ['session-stream', 'Session stream (GET)'],
    ['prompt', 'Prompt round trip'],
    ['websocket', 'WebSocket upgrade'],
    ['delete', 'DELETE connection'],
  ];
  const done = new Set(r.steps.map((s) => s.id));
  for (const [id, title] of ids) if (!done.has(id)) r.skip(id, title, reason);
  return r.steps;
}

/**
 * DNS, TCP, TLS and Proxy. Behind a proxy the first hop is the proxy: DNS and TCP are checked
 * against it, and TLS to the server runs inside its tunnel (the HTTP steps go through it).
 */
async function networkSteps(r: StepRunner, o: DoctorOptions, facts: UrlFacts) {
  const t = o.timeoutMs;
  const network = o.network ?? { proxy: { mode: 'none' as const }, tls: {} };
  const proxy = proxyFor(network.proxy, new URL(facts.httpUrl), o.env);
  const hop = proxy ? proxyHop(proxy.url) : { hostname: facts.hostname, port: facts.port };
  const viaProxy = proxy ? ` (the proxy ${hop.hostname}:${hop.port})` : '';
  let addresses: string[] = [];
  await r.run('dns', `DNS${viaProxy}`, null, async () => {
    const d = await resolveHost(hop.hostname, t);
    addresses = d.addresses;
    return d.body;
  });
  const tcp = await r.run(
    'tcp',
    `TCP connect${viaProxy}`,
    addresses.length ? null : 'skipped: the host did not resolve',
    () => connectTcp(addresses[0]!, hop.port, t),
  );
  let tlsTrusted = !facts.secure || proxy !== undefined;
  await r.run(
    'tls',
    'TLS',
    !facts.secure
      ? 'skipped: cleartext URL (no TLS)'
      : proxy
        ? "skipped: TLS to the server runs inside the proxy's tunnel; the HTTP steps below use it"
        : tcp.verdict !== 'pass'
          ? 'skipped: no TCP connection'
          : null,
    async () => {
      const trust = { ca: network.tls.ca, pinnedSha256: network.tls.pinnedSha256 };
      const tls = await inspectTls(addresses[0]!, facts.hostname, facts.port, t, new Date(), trust);
      tlsTrusted = tls.facts?.trusted ?? false;
      return tls.body;
    },
  );
  const p = network.proxy;
  const credentials = p.mode === 'url' && Boolean(p.username || p.password);
  await r.run('proxy', 'Proxy', null, async () => proxyStep(o.env, p.mode, facts.hostname, proxy?.url, credentials));
  return { addresses, tcp, tlsTrusted, hopName: hop.hostname };
}

/** host and port of a proxy URL (80/443 by scheme when absent). */
function proxyHop(raw: string): { hostname: string; port: number } {
  const u = new URL(raw);
  return { hostname: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80) };
}
