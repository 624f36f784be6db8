import { useId } from 'react';
import type { PlanEntry } from '@agentclientprotocol/sdk';
import { Glyph } from '../icons';
import { useSessionValue } from '../../../state/selectors';
import { useRememberedToggle } from '../use-toggle';

const STATUS_LABEL: Readonly<Record<PlanEntry['status'], string>> = {
  pending: 'Pending',
  in_progress: 'In progress',
  completed: 'Completed',
};

function StatusIcon({ status }: Readonly<{ status: PlanEntry['status'] }>) {
  return (
    <span className={`plan-status plan-status-${status}`} role="img" aria-label={STATUS_LABEL[status]}>
      {status === 'completed' ? <Glyph name="check" /> : null}
    </span>
  );
}

function PlanList({ entries }: Readonly<{ entries: readonly PlanEntry[] }>) {
  return (
    <ol className="plan-list">
      {entries.map((e, i) => (
        <li key={i} className={`plan-entry plan-entry-${e.status}`} data-status={e.status}>
          <StatusIcon status={e.status} />
          <span className="plan-text">{e.content}</span>
          <span className={`plan-priority plan-priority-${e.priority}`} title={`${e.priority} priority`}>
            {e.priority}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The agent's plan. Full in the side panel; `compact` (above the composer) shows a one-line
 * summary that expands to the list.
 */
export function PlanPanel({ sessionId, compact = false }: Readonly<{ sessionId: string; compact?: boolean }>) {
  const plan = useSessionValue(sessionId, (s) => s.plan);
  const [open, toggle] = useRememberedToggle(`${sessionId}:plan-compact`, false);
  const listId = useId();
  if (!plan || plan.length === 0) return null;
  const done = plan.filter((e) => e.status === 'completed').length;
  const current = plan.find((e) => e.status === 'in_progress') ?? plan.find((e) => e.status === 'pending');
  const progress = `${done} of ${plan.length} done`;
  if (!compact) {
    return (
      <section className="plan" data-testid="plan-panel" aria-label="Plan">
        <header className="plan-header">
          <h3 className="plan-title">Plan</h3>
          <span className="plan-progress">{progress}</span>
        </header>
        <PlanList entries={plan} />
      </section>
    );
  }
  return (
    <section className="plan plan-compact" data-testid="plan-panel" data-compact="true" aria-label="Plan">
      <button type="button" className="plan-summary" aria-expanded={open} aria-controls={listId} onClick={toggle}>
        <Glyph name="chevron" className="disclosure-chevron" />
        <Glyph name="list" />
        <span className="plan-title">Plan</span>
        <span className="plan-progress">{progress}</span>
        {!open && current && <span className="plan-current">{current.content}</span>}
      </button>
      {open && (
        <div id={listId}>
          <PlanList entries={plan} />
        </div>
      )}
    </section>
  );
}
