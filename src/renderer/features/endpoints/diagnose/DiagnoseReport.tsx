import { useEffect, useId, useRef, useState } from 'react';
import type { Check, ProbeReport, Step } from '../../../../shared/domain/probe-report';
import { driftLines } from '../../../../shared/domain/capability-drift';
import { renderMarkdown } from '../../../../shared/domain/probe-report-markdown';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { downloadFile } from '../../../ui/download-file';
import { ShowStepFrames } from './ShowStepFrames';
import { checksByTier, OUTCOME_VIEW, reportFileName, TIER_HINT, VERDICT_LABEL, VERDICT_TONE } from './diagnose-view';

function Verdict({ verdict }: Readonly<{ verdict: string }>) {
  return (
    <span className="diagnose-verdict" data-testid="diagnose-verdict">
      <Badge tone={VERDICT_TONE[verdict] ?? 'neutral'}>{VERDICT_LABEL[verdict] ?? verdict}</Badge>
    </span>
  );
}

/** What the agent's initialize changed since the endpoint's last connect (Diagnose in the app). */
function DriftList({ drift }: Readonly<{ drift: NonNullable<ProbeReport['drift']> }>) {
  return (
    <>
      <h4 className="diagnose-subheading">Changed since the last connect</h4>
      <ul className="diagnose-drift" data-testid="diagnose-drift">
        {driftLines(drift).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}

type RunTraffic = ProbeReport['traffic'];

function StepItem({ step, traffic }: Readonly<{ step: Step; traffic: RunTraffic }>) {
  const showFix = step.fix && step.verdict !== 'pass';
  return (
    <li
      className="diagnose-item"
      data-testid="diagnose-step"
      data-step-id={step.id}
      data-verdict={step.verdict}
      tabIndex={step.verdict === 'fail' ? -1 : undefined}
    >
      <div className="diagnose-item-head">
        <Verdict verdict={step.verdict} />
        <span className="diagnose-item-title">{step.title}</span>
        <span className="diagnose-duration">{step.durationMs} ms</span>
        {traffic && step.frames && (
          <ShowStepFrames traffic={traffic} frames={step.frames} what={`the step ${step.title}`} />
        )}
      </div>
      <p className="diagnose-explanation">{step.explanation}</p>
      {showFix && (
        <p className="diagnose-fix" data-testid="diagnose-fix">
          <strong>Fix:</strong> {step.fix}
        </p>
      )}
    </li>
  );
}

function CheckItem({ check, traffic }: Readonly<{ check: Check; traffic: RunTraffic }>) {
  const showFix = check.fix && (check.verdict === 'fail' || check.verdict === 'warn');
  return (
    <li
      className="diagnose-item"
      data-testid="diagnose-check"
      data-check-id={check.id}
      data-verdict={check.verdict}
      tabIndex={check.verdict === 'fail' ? -1 : undefined}
    >
      <details>
        <summary className="diagnose-item-head">
          <Verdict verdict={check.verdict} />
          <span className="diagnose-item-title">{check.title}</span>
          <span className="diagnose-duration">{check.durationMs} ms</span>
        </summary>
        <dl className="diagnose-facts">
          <dt>Observed</dt>
          <dd>{check.observed}</dd>
          <dt>RFD</dt>
          <dd>{check.rfd}</dd>
          <dt>ACP Desk copes</dt>
          <dd>{check.copes}</dd>
          {showFix && (
            <>
              <dt>Fix</dt>
              <dd data-testid="diagnose-fix">{check.fix}</dd>
            </>
          )}
        </dl>
        {traffic && check.frames && (
          <ShowStepFrames traffic={traffic} frames={check.frames} what={`the check ${check.title}`} />
        )}
      </details>
    </li>
  );
}

/** A finished Diagnose run: the outcome, the doctor's steps, the checks by tier, copy and save. */
export function DiagnoseReport({ report }: Readonly<{ report: ProbeReport }>) {
  const headingId = useId();
  const root = useRef<HTMLElement>(null);
  const [copyNote, setCopyNote] = useState('');
  const view = OUTCOME_VIEW[report.outcome.status];
  useEffect(() => {
    const target =
      root.current?.querySelector<HTMLElement>('[data-verdict="fail"]') ??
      root.current?.querySelector<HTMLElement>('.diagnose-outcome');
    target?.focus();
  }, [report]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(renderMarkdown(report));
      setCopyNote('Report copied as Markdown.');
    } catch {
      setCopyNote('The clipboard is not available here; use Save as JSON instead.');
    }
  };
  const save = () =>
    downloadFile({
      fileName: reportFileName(report),
      mimeType: 'application/json',
      content: `${JSON.stringify(report, null, 2)}\n`,
    });
  return (
    <section className="diagnose-report" aria-labelledby={headingId} ref={root} data-testid="diagnose-report">
      <h3 id={headingId} className="diagnose-heading">
        Diagnosis report
      </h3>
      <div
        className={`diagnose-outcome diagnose-outcome-${view.tone}`}
        data-testid="diagnose-outcome"
        data-status={report.outcome.status}
        tabIndex={-1}
      >
        <p className="diagnose-outcome-title">{view.title}</p>
        <p>{report.outcome.sentence}</p>
        <p className="diagnose-meta">
          {report.url} · {report.durationMs} ms · transport {report.transport}
        </p>
      </div>
      <div className="diagnose-actions">
        <Button data-testid="diagnose-copy" onClick={() => void copy()}>
          Copy as Markdown
        </Button>
        <Button data-testid="diagnose-save" onClick={save}>
          Save as JSON
        </Button>
        <span className="diagnose-copy-note" role="status">
          {copyNote}
        </span>
      </div>
      {report.drift && <DriftList drift={report.drift} />}
      {report.steps.length > 0 && (
        <>
          <h4 className="diagnose-subheading">Doctor</h4>
          <ol className="diagnose-list" aria-label="Doctor steps">
            {report.steps.map((s) => (
              <StepItem key={s.id} step={s} traffic={report.traffic} />
            ))}
          </ol>
        </>
      )}
      {checksByTier(report.checks).map((g) => (
        <div key={g.tier} className="diagnose-tier" data-tier={g.tier}>
          <h4 className="diagnose-subheading">
            {g.tier} <span className="diagnose-tier-hint">— {TIER_HINT[g.tier]}</span>
          </h4>
          <ul className="diagnose-list" aria-label={`${g.tier} checks`}>
            {g.checks.map((c) => (
              <CheckItem key={c.id} check={c} traffic={report.traffic} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
