/** How the Diagnose report reads: verdict words and tones, tier groups, the saved file's name. */
import type { Check, OutcomeStatus, ProbeReport, Tier } from '../../../../shared/domain/probe-report';
import type { Tone } from '../../../ui/Badge';

export const VERDICT_LABEL: Record<string, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'SKIP',
  info: 'INFO',
};

export const VERDICT_TONE: Record<string, Tone> = {
  pass: 'ok',
  warn: 'warn',
  fail: 'danger',
  skip: 'neutral',
  info: 'accent',
};

export const OUTCOME_VIEW: Record<OutcomeStatus, { readonly title: string; readonly tone: Tone }> = {
  ok: { title: 'The endpoint works', tone: 'ok' },
  nonconformant: { title: 'The endpoint does not follow the transport RFD', tone: 'warn' },
  unreachable: { title: 'The endpoint is unreachable', tone: 'danger' },
  'not-acp': { title: 'This is not an ACP endpoint', tone: 'danger' },
  auth: { title: 'The endpoint refused the credentials', tone: 'danger' },
};

export const TIERS: readonly Tier[] = ['MANDATORY', 'ADVISORY', 'INFORMATIONAL'];

export const TIER_HINT: Record<Tier, string> = {
  MANDATORY: 'a MUST of the RFD',
  ADVISORY: 'a SHOULD, or a robustness expectation',
  INFORMATIONAL: 'where the RFD is silent or peers disagree',
};

export function checksByTier(checks: readonly Check[]): Array<{ tier: Tier; checks: Check[] }> {
  return TIERS.map((tier) => ({ tier, checks: checks.filter((c) => c.tier === tier) })).filter(
    (g) => g.checks.length > 0,
  );
}

export function reportFileName(report: ProbeReport): string {
  let host = 'endpoint';
  try {
    host = new URL(report.url).host || host;
  } catch {
    // keep the generic name
  }
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  return `acp-probe-${host.replace(/[^A-Za-z0-9.-]+/g, '_')}-${stamp}.json`;
}
