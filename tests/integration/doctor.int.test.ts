/**
 * `acp-desk probe` end to end on loopback: the SDK's AcpServer test agent and the embedded demo
 * agent pass every MANDATORY check (exit 0); each deliberately broken server is caught by the
 * check for the rule it breaks (exit 1); a non-ACP server and a closed port exit 2 with a
 * sentence; TLS servers with self-signed and expired certificates give those TLS findings.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { runProbe } from '../../src/core/doctor/probe';
import { probeReportSchema, type ProbeReport } from '../../src/core/doctor/report';
import { startDemoAgent } from '../../src/demo-agent/server';
import {
  CAUGHT_BY,
  closedPortUrl,
  hasOpenssl,
  makeCertificate,
  startBrokenServer,
  startNonAcpServer,
  startTlsServer,
  type BrokenRule,
} from '../support/broken-servers';
import { memoryIo } from '../support/cli-io';
import { startFaultProxy } from '../support/fault-proxy';
import { startTestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const FAST = { keepAliveWindowMs: 50, env: {} };

function verdicts(r: ProbeReport) {
  return {
    steps: Object.fromEntries(r.steps.map((s) => [s.id, s.verdict])),
    checks: Object.fromEntries(r.checks.map((c) => [c.id, c.verdict])),
  };
}

function mandatoryFailures(r: ProbeReport): string[] {
  return r.checks.filter((c) => c.tier === 'MANDATORY' && c.verdict === 'fail').map((c) => c.id);
}

describe('against conformant agents', () => {
  it('the SDK AcpServer test agent passes every step and MANDATORY check; its deviations are reported', async () => {
    const agent = await startTestAgent();
    cleanups.push(() => agent.close());
    const report = await runProbe({ url: agent.url, prompt: 'chunks 2', ...FAST });
    const v = verdicts(report);
    expect(v.steps).toEqual({
      url: 'pass',
      dns: 'pass',
      tcp: 'pass',
      tls: 'skip',
      proxy: 'pass',
      initialize: 'pass',
      'connection-stream': 'pass',
      'session-new': 'pass',
      'session-stream': 'pass',
      prompt: 'pass',
      websocket: 'pass',
      delete: 'pass',
    });
    expect(mandatoryFailures(report)).toEqual([]);
    // Known deviations of the TS server: 200 for an unknown session stream, 409 for a second reader.
    expect(v.checks['unknown-session-stream-404']).toBe('warn');
    expect(report.checks.find((c) => c.id === 'second-reader')?.observed).toMatch(/409/);
    expect(report.checks.find((c) => c.id === 'load-response-stream')?.observed).toBe(
      'The session/load response arrived on the connection stream.',
    );
    expect(report.agent?.agentInfo).toMatchObject({ name: 'test-agent' });
    expect(report.outcome).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(report.steps.find((s) => s.id === 'prompt')?.evidence.stopReason).toBe('end_turn');
  });

  it('leaves nothing behind: the session is closed and every connection it opened answers 404 afterwards', async () => {
    const minted = new Set<string>();
    const agent = await startTestAgent({
      wrap: (handler) => (req, res) => {
        const setHeader = res.setHeader.bind(res);
        res.setHeader = (name, value) => {
          if (String(name).toLowerCase() === 'acp-connection-id') minted.add(String(value));
          return setHeader(name, value);
        };
        handler(req, res);
      },
    });
    cleanups.push(() => agent.close());
    const report = await runProbe({ url: agent.url, transport: 'http', ...FAST });
    expect(report.steps.find((s) => s.id === 'delete')?.evidence.sessionClosed).toBe(true);
    // The doctor's connection, the conformance checks' connection.
    expect(minted.size).toBe(2);
    for (const id of minted) {
      const res = await fetch(agent.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'acp-connection-id': id },
        body: JSON.stringify({ jsonrpc: '2.0', method: '$/cancel_request', params: { requestId: 1 } }),
      });
      expect(res.status).toBe(404);
    }
  });

  it('cookies set by initialize are reported and sent back (a server that demands them still passes)', async () => {
    const agent = await startTestAgent({
      wrap: (handler) => (req, res) => {
        if (req.method !== 'POST' || req.headers['acp-connection-id'] === undefined) {
          res.setHeader('set-cookie', 'affinity=backend-7; Path=/; HttpOnly');
        } else if (!String(req.headers.cookie ?? '').includes('affinity=backend-7')) {
          res.writeHead(421).end('wrong backend');
          return;
        }
        handler(req, res);
      },
    });
    cleanups.push(() => agent.close());
    const report = await runProbe({ url: agent.url, transport: 'http', prompt: 'hi', ...FAST });
    expect(report.steps.filter((s) => s.verdict === 'fail')).toEqual([]);
    expect(mandatoryFailures(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'cookies')?.observed).toMatch(
      /set 1 cookie\(s\) \(affinity\); they were sent back/,
    );
    expect(JSON.stringify(report)).not.toContain('backend-7');
  });

  it('the embedded demo agent passes too (exit 0 from the CLI)', async () => {
    const demo = await startDemoAgent({ streamDelayMs: 0 });
    cleanups.push(() => demo.close());
    const io = memoryIo();
    const code = await main(['probe', demo.url, '--prompt', 'hello'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^PASS POST initialize/m);
    expect(io.out()).toMatch(/^PASS \[MANDATORY\] delete-then-404/m);
    expect(io.out()).toMatch(/Every MANDATORY check holds\..*exit 0\)/);
  });

  it('--json prints one report object that the schema accepts', async () => {
    const agent = await startTestAgent();
    cleanups.push(() => agent.close());
    const io = memoryIo();
    const code = await main(['probe', agent.url, '--json', '--only', 'conformance', '--transport', 'http'], io);
    expect(code).toBe(0);
    const report = probeReportSchema.parse(JSON.parse(io.out()));
    expect(report.steps).toEqual([]);
    expect(report.checks.find((c) => c.id === 'websocket-same-endpoint')?.verdict).toBe('skip');
  });
});

describe('deliberately broken servers', () => {
  it.each(Object.keys(CAUGHT_BY) as BrokenRule[])('%s is caught by the right check (exit 1)', async (rule) => {
    const broken = await startBrokenServer(rule);
    cleanups.push(() => broken.close());
    const io = memoryIo();
    const code = await main(['probe', broken.url, '--json', '--transport', 'http'], io);
    const report = probeReportSchema.parse(JSON.parse(io.out()));
    expect(mandatoryFailures(report)).toEqual([CAUGHT_BY[rule]]);
    expect(report.outcome.status).toBe('nonconformant');
    expect(report.outcome.sentence).toContain(CAUGHT_BY[rule]);
    expect(code).toBe(1);
  });
});

describe('not reachable, not ACP', () => {
  it('a closed port exits 2 with a sentence saying it is unreachable', async () => {
    const url = await closedPortUrl();
    const io = memoryIo();
    const code = await main(['probe', url], io);
    expect(code).toBe(2);
    expect(io.out()).toMatch(/^FAIL TCP connect .*connection refused.*Start the agent/m);
    expect(io.out()).toMatch(/^SKIP POST initialize .*skipped: The endpoint is unreachable/m);
    expect(io.out()).toMatch(/The endpoint is unreachable: Nothing accepts connections/);
  });

  it('a web server that is not ACP exits 2 with a sentence saying so', async () => {
    const web = await startNonAcpServer();
    cleanups.push(() => web.close());
    const report = await runProbe({ url: web.url, ...FAST });
    expect(report.outcome).toMatchObject({ status: 'not-acp', exitCode: 2 });
    expect(report.outcome.sentence).toMatch(/is not an ACP endpoint: POST initialize answered HTTP 404/);
    expect(verdicts(report).steps).toMatchObject({
      tcp: 'pass',
      initialize: 'fail',
      'session-new': 'skip',
      websocket: 'warn',
    });
    expect(report.checks).toEqual([]);
  });

  it('a URL without a scheme suggests http:// and exits 2', async () => {
    const io = memoryIo();
    const code = await main(['probe', 'localhost:8080/acp'], io);
    expect(code).toBe(2);
    expect(io.out()).toContain('Use http://localhost:8080/acp');
  });

  it('credentials refused: 401 with WWW-Authenticate is reported, and the token never appears in the report', async () => {
    const agent = await startTestAgent({
      wrap: () => (req, res) => {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="acp", error="invalid_token" got=${req.headers.authorization}`,
        });
        res.end();
      },
    });
    cleanups.push(() => agent.close());
    const secret = 'Bearer sk-live-0123456789abcdef';
    const report = await runProbe({ url: agent.url, headers: { Authorization: secret }, transport: 'http', ...FAST });
    const init = report.steps.find((s) => s.id === 'initialize')!;
    expect(init.verdict).toBe('fail');
    expect(String(init.evidence.wwwAuthenticate)).toContain('realm="acp"');
    expect(report.outcome).toMatchObject({ status: 'auth', exitCode: 1 });
    expect(JSON.stringify(report)).not.toContain('sk-live-0123456789abcdef');
  });
});

describe('TLS findings', () => {
  // The certificates are made with openssl during the run; without it these fail (never skip).
  beforeAll(() => {
    if (!hasOpenssl()) throw new Error('openssl is not installed; install it to run the TLS certificate tests');
  });

  it('a self-signed certificate: FAIL with subject, issuer, fingerprint and ALPN', async () => {
    const tls = await startTlsServer(makeCertificate('self-signed'));
    cleanups.push(() => tls.close());
    const report = await runProbe({ url: tls.url, ...FAST });
    const step = report.steps.find((s) => s.id === 'tls')!;
    expect(step.verdict).toBe('fail');
    expect(step.explanation).toMatch(/self-signed/);
    expect(step.evidence).toMatchObject({
      selfSigned: true,
      expired: false,
      hostnameMatch: true,
      subject: 'localhost',
      issuer: 'localhost',
      alpn: 'http/1.1',
    });
    expect(step.evidence.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(step.evidence.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(report.steps.find((s) => s.id === 'initialize')?.verdict).toBe('skip');
    expect(report.outcome).toMatchObject({ status: 'unreachable', exitCode: 2 });
  });

  it('an expired certificate: FAIL saying when it expired', async () => {
    const tls = await startTlsServer(makeCertificate('expired'));
    cleanups.push(() => tls.close());
    const report = await runProbe({ url: tls.url, ...FAST });
    const step = report.steps.find((s) => s.id === 'tls')!;
    expect(step.verdict).toBe('fail');
    expect(step.explanation).toMatch(/expired on Jan {1,2}2 00:00:00 2020 GMT/);
    expect(step.evidence).toMatchObject({ expired: true });
    expect(step.fix).toMatch(/Renew/);
  });
});

it('--transport ws probes only the WebSocket profile (HTTP steps and checks skip with the reason)', async () => {
  const agent = await startTestAgent();
  cleanups.push(() => agent.close());
  const report = await runProbe({ url: agent.url.replace('http:', 'ws:'), transport: 'ws', ...FAST });
  const v = verdicts(report);
  expect(v.steps).toMatchObject({ initialize: 'skip', websocket: 'pass', delete: 'skip' });
  expect(v.checks['websocket-same-endpoint']).toBe('pass');
  expect(report.checks.find((c) => c.id === 'content-type-415')?.observed).toBe('skipped: --transport ws');
  expect(report.agent?.agentInfo).toMatchObject({ name: 'test-agent' });
  expect(report.outcome.exitCode).toBe(0);
});

it('keep-alives and id: fields on the connection stream are reported (INFORMATIONAL), and change no verdict', async () => {
  const agent = await startTestAgent({ ws: false });
  cleanups.push(() => agent.close());
  const proxy = await startFaultProxy(agent.url, {
    keepAliveMs: 10,
    hook: (req) =>
      req.lane === 'connection' && !req.headers['last-event-id']
        ? {
            forward: true,
            sse: { afterEvents: 0, inject: 'id: ev-1\ndata: {"jsonrpc":"2.0","method":"_probe/x"}\n\n' },
          }
        : undefined,
  });
  cleanups.push(() => proxy.close());
  const report = await runProbe({
    url: proxy.url,
    transport: 'http',
    only: 'conformance',
    env: {},
    keepAliveWindowMs: 100,
  });
  const observed = (id: string) => report.checks.find((c) => c.id === id)?.observed;
  expect(observed('keep-alive')).toMatch(/^\d+ keep-alive comment\(s\) in 0\.1 s, about every \d+ ms\.$/);
  expect(observed('event-ids')).toMatch(
    /^Events carry id: fields \(last ev-1\); re-open with Last-Event-ID answered HTTP \d+\.$/,
  );
  expect(proxy.gets('connection').some((g) => g.headers['last-event-id'] === 'ev-1')).toBe(true);
  expect(mandatoryFailures(report)).toEqual([]);
});
