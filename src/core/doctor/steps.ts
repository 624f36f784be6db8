/**
 * Step and check bookkeeping shared by the doctor and the conformance checks: timing, the
 * skip-with-a-reason rule for dependent steps, and progress callbacks.
 */
import type { Check, CheckVerdict, Evidence, Frames, Step, StepVerdict, Tier } from './report';

/** Where the records of a run stand (DoctorTraffic): a step's frames are those it added. */
export interface FrameCounter {
  readonly lastSeq: number;
}

/** The records added since `before`, if any. */
function framesSince(counter: FrameCounter | undefined, before: number): { frames?: Frames } {
  const after = counter?.lastSeq ?? before;
  return after > before ? { frames: { fromSeq: before + 1, toSeq: after } } : {};
}

export type StepBody = {
  verdict: StepVerdict;
  explanation: string;
  fix?: string | null;
  evidence?: Evidence;
};

export type Progress = (item: { kind: 'step'; step: Step } | { kind: 'check'; check: Check }) => void;

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const code = (cause as { code?: string } | undefined)?.code ?? (e as { code?: string }).code;
    const inner = cause instanceof Error ? cause.message : '';
    return [e.message, inner && inner !== e.message ? inner : '', code ? `(${code})` : ''].filter(Boolean).join(' ');
  }
  return String(e);
}

export class StepRunner {
  readonly steps: Step[] = [];
  constructor(
    private readonly progress?: Progress,
    private readonly counter?: FrameCounter,
  ) {}

  /** Runs `body` unless `skipReason` is non-null; a throw becomes a FAIL with the error. */
  async run(id: string, title: string, skipReason: string | null, body: () => Promise<StepBody>): Promise<Step> {
    const started = performance.now();
    const before = this.counter?.lastSeq ?? 0;
    let r: StepBody;
    if (skipReason !== null) r = { verdict: 'skip', explanation: skipReason };
    else {
      try {
        r = await body();
      } catch (e) {
        r = {
          verdict: 'fail',
          explanation: `The request failed: ${errorText(e)}.`,
          fix: 'Check that the server is up and answers this request; see the explanation.',
        };
      }
    }
    const step: Step = {
      id,
      title,
      verdict: r.verdict,
      durationMs: Math.round(performance.now() - started),
      explanation: r.explanation,
      fix: r.fix ?? null,
      evidence: r.evidence ?? {},
      ...framesSince(this.counter, before),
    };
    this.steps.push(step);
    this.progress?.({ kind: 'step', step });
    return step;
  }

  /** Records a step that was not run, with the reason. */
  skip(id: string, title: string, reason: string): void {
    const step: Step = { id, title, verdict: 'skip', durationMs: 0, explanation: reason, fix: null, evidence: {} };
    this.steps.push(step);
    this.progress?.({ kind: 'step', step });
  }
}

export interface CheckBody {
  verdict: CheckVerdict;
  observed: string;
  fix?: string | null;
}

export interface CheckSpec {
  id: string;
  title: string;
  tier: Tier;
  rfd: string;
  copes: string;
}

export class CheckRunner {
  readonly checks: Check[] = [];
  constructor(
    private readonly progress?: Progress,
    private readonly counter?: FrameCounter,
  ) {}

  async run(spec: CheckSpec, skipReason: string | null, body: () => Promise<CheckBody>): Promise<Check> {
    const started = performance.now();
    const before = this.counter?.lastSeq ?? 0;
    let r: CheckBody;
    if (skipReason !== null) r = { verdict: 'skip', observed: skipReason };
    else {
      try {
        r = await body();
      } catch (e) {
        r = { verdict: spec.tier === 'INFORMATIONAL' ? 'info' : 'skip', observed: `Could not run: ${errorText(e)}` };
      }
    }
    const check: Check = {
      ...spec,
      verdict: r.verdict,
      durationMs: Math.round(performance.now() - started),
      observed: r.observed,
      fix: r.fix ?? null,
      ...framesSince(this.counter, before),
    };
    this.checks.push(check);
    this.progress?.({ kind: 'check', check });
    return check;
  }
}

/** `fail` for a MANDATORY rule, `warn` for an ADVISORY one, `info` otherwise. */
export function missed(tier: Tier): CheckVerdict {
  return tier === 'MANDATORY' ? 'fail' : tier === 'ADVISORY' ? 'warn' : 'info';
}
