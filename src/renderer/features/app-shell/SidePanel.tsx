import { useId, type ReactNode } from 'react';
import { useChatSessionId, useHasPlan } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { PlanPanel } from '../chat/ChatView';
import { shortcutLabels } from '../navigation/shortcuts';
import { TrafficInspector } from '../traffic/TrafficSlot';
import { SessionFacts } from './SessionFacts';
import { ShellIcon } from './shell-icons';

function SideSection({ title, children, testId }: Readonly<{ title: string; children: ReactNode; testId?: string }>) {
  const id = useId();
  return (
    <section className="side-section" aria-labelledby={id} data-testid={testId}>
      <h3 id={id} className="side-section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function SessionSections({ sessionId }: Readonly<{ sessionId: string }>) {
  const hasPlan = useHasPlan(sessionId);
  return (
    <>
      {hasPlan ? (
        <div className="side-plan">
          <PlanPanel sessionId={sessionId} />
        </div>
      ) : (
        <SideSection title="Plan">
          <p className="muted side-empty">The agent has not shared a plan in this session.</p>
        </SideSection>
      )}
      <SideSection title="Session">
        <SessionFacts sessionId={sessionId} />
      </SideSection>
    </>
  );
}

/** The right-hand panel: the open session's plan and facts, and the traffic inspector. */
export function SidePanel() {
  const store = useAppStore();
  const sessionId = useChatSessionId();
  const hide = () => {
    store.commands.toggleSidePanel();
    document.getElementById('main')?.focus();
  };
  return (
    <aside className="side-panel" data-testid="side-panel" aria-label="Side panel">
      <header className="side-panel-header">
        <h2 className="side-panel-title">Details</h2>
        <button
          type="button"
          className="icon-btn"
          aria-label="Hide side panel"
          title={`Hide side panel (${shortcutLabels('toggleSidePanel')[0]})`}
          onClick={hide}
        >
          <ShellIcon name="close" />
        </button>
      </header>
      <div className="side-panel-body">
        {sessionId ? (
          <SessionSections sessionId={sessionId} />
        ) : (
          <SideSection title="Session">
            <p className="muted side-empty">Open a session to see its plan and details here.</p>
          </SideSection>
        )}
        <SideSection title="Traffic" testId="traffic-slot">
          <TrafficInspector />
        </SideSection>
      </div>
    </aside>
  );
}
