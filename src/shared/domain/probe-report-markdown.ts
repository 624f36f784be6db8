/** A probe report as text: Markdown for "copy report", and the one-line-per-item CLI form. */
import type { Check, ProbeReport, Step } from './probe-report';
import { driftLines } from './capability-drift';

const MARK: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', info: 'INFO' };

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function stepLine(s: Step): string {
  const fix = s.fix && s.verdict !== 'pass' ? `  → ${s.fix}` : '';
  return `${MARK[s.verdict]!.padEnd(4)} ${s.title.padEnd(26)} ${`${s.durationMs} ms`.padStart(8)}  ${s.explanation}${fix}`;
}

export function checkLine(c: Check): string {
  const fix = c.fix && (c.verdict === 'fail' || c.verdict === 'warn') ? `  → ${c.fix}` : '';
  return `${MARK[c.verdict]!.padEnd(4)} [${c.tier}] ${c.id.padEnd(28)} ${`${c.durationMs} ms`.padStart(8)}  ${c.observed}${fix}`;
}

export function summaryLine(r: ProbeReport): string {
  const count = (xs: Array<{ verdict: string }>, v: string) => xs.filter((x) => x.verdict === v).length;
  const all = [...r.steps, ...r.checks];
  return `${r.outcome.sentence} (${count(all, 'pass')} pass, ${count(all, 'warn')} warn, ${count(all, 'fail')} fail, ${count(all, 'skip')} skip, ${count(all, 'info')} info; ${r.durationMs} ms; exit ${r.outcome.exitCode})`;
}

export function renderMarkdown(r: ProbeReport): string {
  const out: string[] = [`# ACP probe: ${r.url}`, '', `**${r.outcome.status}** — ${r.outcome.sentence}`, ''];
  out.push(`Started ${r.startedAt}, took ${r.durationMs} ms, transport ${r.transport}.`, '');
  if (r.agent) {
    const info = r.agent.agentInfo;
    out.push('## Agent', '');
    out.push(`- Name: ${info ? `${String(info.name ?? '?')} ${String(info.version ?? '')}`.trim() : 'not given'}`);
    out.push(`- Protocol version: ${String(r.agent.protocolVersion)}`);
    out.push(`- Capabilities: ${Object.keys(r.agent.agentCapabilities).join(', ') || 'none'}`);
    out.push(`- Auth methods: ${r.agent.authMethods.length}`, '');
  }
  if (r.drift) {
    out.push(`## Changed since the last connect (${new Date(r.drift.since).toISOString()})`, '');
    for (const line of driftLines(r.drift)) out.push(`- ${line}`);
    out.push('');
  }
  if (r.steps.length) {
    out.push('## Doctor', '', '| Verdict | Step | Time | Explanation | Fix |', '| --- | --- | --- | --- | --- |');
    for (const s of r.steps)
      out.push(
        `| ${MARK[s.verdict]} | ${cell(s.title)} | ${s.durationMs} ms | ${cell(s.explanation)} | ${cell(s.fix ?? '')} |`,
      );
    out.push('');
  }
  if (r.checks.length) {
    out.push(
      '## Conformance',
      '',
      '| Verdict | Tier | Check | RFD | Observed | ACP Desk copes | Fix |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const c of r.checks)
      out.push(
        `| ${MARK[c.verdict]} | ${c.tier} | ${cell(c.title)} | ${cell(c.rfd)} | ${cell(c.observed)} | ${cell(c.copes)} | ${cell(c.fix ?? '')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}
