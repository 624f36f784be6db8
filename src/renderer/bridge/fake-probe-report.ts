/** Sample probe reports for the fake bridge: a healthy endpoint, and one whose TCP connect fails. */
import { REPORT_SCHEMA_ID, type Check, type ProbeReport, type Step } from '../../shared/domain/probe-report';

const step = (id: string, title: string, verdict: Step['verdict'], explanation: string, fix: string | null = null) =>
  ({ id, title, verdict, durationMs: 3, explanation, fix, evidence: {} }) satisfies Step;

const check = (id: string, title: string, tier: Check['tier'], verdict: Check['verdict'], fix: string | null = null) =>
  ({
    id,
    title,
    tier,
    verdict,
    durationMs: 2,
    rfd: `The RFD on ${id}.`,
    observed: `Observed for ${id}.`,
    copes: 'Yes.',
    fix,
  }) satisfies Check;

export function sampleProbeReport(url: string): ProbeReport {
  return {
    schema: REPORT_SCHEMA_ID,
    url,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 420,
    transport: 'auto',
    steps: [
      step('url', 'URL', 'pass', 'The URL is well formed.'),
      step('tcp', 'TCP connect', 'pass', 'Connected in 1 ms.'),
      step('tls', 'TLS', 'skip', 'Plain http: there is no TLS to check.'),
      step('initialize', 'POST initialize', 'pass', 'The agent answered initialize.'),
    ],
    checks: [
      check('content-type-415', 'Wrong Content-Type refused with 415', 'MANDATORY', 'pass'),
      check('keepalive', 'Keep-alive comments on an idle stream', 'ADVISORY', 'warn', 'Send a comment every 15 s.'),
      check('resumable', 'Resumability advertised (transport.resumable)', 'INFORMATIONAL', 'info'),
    ],
    agent: {
      protocolVersion: 1,
      agentInfo: { name: 'fake-agent', version: '1.0.0' },
      agentCapabilities: { loadSession: true },
      authMethods: [],
      connectionId: 'c-1',
    },
    outcome: { status: 'ok', exitCode: 0, sentence: 'Every MANDATORY check holds.' },
  };
}

export function unreachableProbeReport(url: string): ProbeReport {
  return {
    ...sampleProbeReport(url),
    steps: [
      step('url', 'URL', 'pass', 'The URL is well formed.'),
      step(
        'tcp',
        'TCP connect',
        'fail',
        'Connection refused by 127.0.0.1:9.',
        'Start the agent, or check the host and port in the URL.',
      ),
      step('initialize', 'POST initialize', 'skip', 'Skipped: TCP connect failed.'),
    ],
    checks: [],
    agent: null,
    outcome: { status: 'unreachable', exitCode: 2, sentence: 'Nothing answers at 127.0.0.1:9.' },
  };
}
