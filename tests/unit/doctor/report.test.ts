import { describe, expect, it } from 'vitest';
import { checkLine, renderMarkdown, stepLine, summaryLine } from '../../../src/core/doctor/markdown';
import {
  decideOutcome,
  probeReportSchema,
  REPORT_SCHEMA_ID,
  type Check,
  type ProbeReport,
  type Step,
} from '../../../src/core/doctor/report';

const step = (over: Partial<Step> = {}): Step => ({
  id: 'initialize',
  title: 'POST initialize',
  verdict: 'pass',
  durationMs: 12,
  explanation: 'Connection c1 opened; protocol version 1.',
  fix: null,
  evidence: { status: 200 },
  ...over,
});

const check = (over: Partial<Check> = {}): Check => ({
  id: 'content-type-415',
  title: 'Wrong Content-Type refused with 415',
  tier: 'MANDATORY',
  verdict: 'pass',
  durationMs: 3,
  rfd: 'A POST whose Content-Type is not application/json is refused with 415.',
  observed: 'HTTP 415.',
  copes: 'Not affected.',
  fix: null,
  ...over,
});

const report = (over: Partial<ProbeReport> = {}): ProbeReport => ({
  schema: REPORT_SCHEMA_ID,
  url: 'http://127.0.0.1:1/acp',
  startedAt: '2026-12-02T14:00:00.000Z',
  durationMs: 40,
  transport: 'auto',
  steps: [step()],
  checks: [check()],
  agent: {
    protocolVersion: 1,
    agentInfo: { name: 'test-agent', version: '1.0.0' },
    agentCapabilities: { loadSession: true },
    authMethods: [],
    connectionId: 'c1',
  },
  outcome: { status: 'ok', exitCode: 0, sentence: 'Every MANDATORY check holds.' },
  ...over,
});

describe('probe report schema', () => {
  it('accepts a full report', () => {
    expect(probeReportSchema.parse(report())).toEqual(report());
  });

  it('refuses unknown verdicts, tiers, extra fields and another schema id', () => {
    expect(probeReportSchema.safeParse(report({ steps: [step({ verdict: 'info' as never })] })).success).toBe(false);
    expect(probeReportSchema.safeParse(report({ checks: [check({ tier: 'SHOULD' as never })] })).success).toBe(false);
    expect(probeReportSchema.safeParse({ ...report(), extra: 1 }).success).toBe(false);
    expect(probeReportSchema.safeParse({ ...report(), schema: 'other/1' }).success).toBe(false);
    expect(
      probeReportSchema.safeParse(report({ steps: [step({ evidence: { nested: { a: 1 } as never } })] })).success,
    ).toBe(false);
  });
});

describe('outcome', () => {
  it('exit 0 when every MANDATORY check holds, even with ADVISORY warnings', () => {
    const o = decideOutcome({ kind: 'ok' }, [check(), check({ id: 'x', tier: 'ADVISORY', verdict: 'warn' })], [step()]);
    expect(o).toEqual({ status: 'ok', exitCode: 0, sentence: 'Every MANDATORY check holds.' });
  });

  it('exit 1 naming the MANDATORY checks that failed', () => {
    const o = decideOutcome(
      { kind: 'ok' },
      [check({ verdict: 'fail' }), check({ id: 'batch-refused', verdict: 'fail' })],
      [],
    );
    expect(o).toEqual({
      status: 'nonconformant',
      exitCode: 1,
      sentence: '2 MANDATORY checks failed: content-type-415, batch-refused.',
    });
  });

  it('exit 1 for a failed doctor step or refused credentials; exit 2 when unreachable or not ACP', () => {
    expect(decideOutcome({ kind: 'ok' }, [], [step({ verdict: 'fail' })]).exitCode).toBe(1);
    expect(decideOutcome({ kind: 'auth', sentence: 'refused' }, [], []).exitCode).toBe(1);
    expect(
      decideOutcome({ kind: 'unreachable', sentence: 'Nothing listens.' }, [check({ verdict: 'fail' })], []),
    ).toEqual({
      status: 'unreachable',
      exitCode: 2,
      sentence: 'Nothing listens.',
    });
    expect(decideOutcome({ kind: 'not-acp', sentence: 'Not ACP.' }, [], []).exitCode).toBe(2);
  });
});

describe('rendering', () => {
  it('one line per step and check with verdict and timing; the fix only when something is wrong', () => {
    expect(stepLine(step())).toMatch(/^PASS POST initialize +12 ms {2}Connection c1 opened/);
    expect(stepLine(step({ verdict: 'fail', fix: 'Start the agent.' }))).toMatch(/→ Start the agent\.$/);
    expect(stepLine(step({ fix: 'not shown' }))).not.toContain('not shown');
    expect(checkLine(check({ verdict: 'fail', fix: 'Answer 415.' }))).toMatch(
      /^FAIL \[MANDATORY\] content-type-415 +3 ms {2}HTTP 415\. {2}→ Answer 415\.$/,
    );
    expect(checkLine(check({ tier: 'INFORMATIONAL', verdict: 'info', fix: 'x' }))).not.toContain('→');
  });

  it('the summary counts verdicts and states the exit code', () => {
    expect(summaryLine(report())).toBe(
      'Every MANDATORY check holds. (2 pass, 0 warn, 0 fail, 0 skip, 0 info; 40 ms; exit 0)',
    );
  });

  it('Markdown: agent, a doctor table and a conformance table, with pipes and newlines escaped', () => {
    const md = renderMarkdown(
      report({ steps: [step({ explanation: 'a | b\nc', verdict: 'warn', fix: 'do x' })], checks: [check()] }),
    );
    expect(md).toContain('# ACP probe: http://127.0.0.1:1/acp');
    expect(md).toContain('**ok** — Every MANDATORY check holds.');
    expect(md).toContain('- Name: test-agent 1.0.0');
    expect(md).toContain('- Capabilities: loadSession');
    expect(md).toContain('| WARN | POST initialize | 12 ms | a \\| b c | do x |');
    expect(md).toContain('| Verdict | Tier | Check | RFD | Observed | ACP Desk copes | Fix |');
    expect(md).toContain('| PASS | MANDATORY | Wrong Content-Type refused with 415 |');
  });

  it('Markdown leaves out empty sections', () => {
    const md = renderMarkdown(report({ steps: [], agent: null }));
    expect(md).not.toContain('## Doctor');
    expect(md).not.toContain('## Agent');
    expect(md).toContain('## Conformance');
  });
});
