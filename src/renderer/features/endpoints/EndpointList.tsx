import { useMemo, useState, type FocusEvent } from 'react';
import type { SessionSummary } from '../../../shared/domain/history';
import { useActiveSessionId, useEndpoints, useSelectedId, useSessionSummaries, useView } from '../../state/selectors';
import { sessionsByEndpoint, sessionsOf } from '../navigation/session-order';
import { useClock } from '../navigation/use-clock';
import { useRovingRows } from '../navigation/use-roving-rows';
import { EndpointNode } from './EndpointNode';
import { applyHeldOrder, snapshotOrder, type HeldOrder } from './held-order';

/** Sessions shown under an endpoint before "Show N more". */
export const SESSIONS_SHOWN = 5;

/** The newest sessions, plus the active one when it is older; all of them once expanded. */
export function visibleSessions(
  list: readonly SessionSummary[],
  expanded: boolean,
  activeId: string | null,
  limit = SESSIONS_SHOWN,
): { shown: readonly SessionSummary[]; hidden: number } {
  if (expanded || list.length <= limit + 1) return { shown: list, hidden: 0 };
  const head = list.slice(0, limit);
  const active = list.slice(limit).find((s) => s.sessionId === activeId);
  const shown = active ? [...head, active] : head;
  return { shown, hidden: list.length - shown.length };
}

/**
 * Endpoints with their sessions, one list the arrow keys walk (Up/Down, Home/End; Right to
 * an endpoint's "+" button). Enter opens: an endpoint's details, or a session's chat.
 */
export function EndpointList({ labelledBy }: Readonly<{ labelledBy: string }>) {
  const endpoints = useEndpoints();
  const selectedId = useSelectedId();
  const summaries = useSessionSummaries();
  const activeId = useActiveSessionId();
  const view = useView();
  const now = useClock();
  const [expanded, setExpanded] = useState<Readonly<Record<string, true>>>({});
  const byActivity = useMemo(() => sessionsByEndpoint(summaries), [summaries]);
  // While the list is hovered or has focus, its order holds; it catches up when both leave.
  const [hold, setHold] = useState<{ hover: boolean; focus: boolean; order: HeldOrder | null }>({
    hover: false,
    focus: false,
    order: null,
  });
  const holding = (next: { hover?: boolean; focus?: boolean }) =>
    setHold((h) => {
      const hover = next.hover ?? h.hover;
      const focus = next.focus ?? h.focus;
      if (hover === h.hover && focus === h.focus) return h;
      const order = hover || focus ? (h.order ?? snapshotOrder(byActivity)) : null;
      return { hover, focus, order };
    });
  const grouped = useMemo(() => applyHeldOrder(byActivity, hold.order), [byActivity, hold.order]);
  const nodes = endpoints.map((e) => ({
    endpoint: e,
    ...visibleSessions(sessionsOf(grouped, e.id), expanded[e.id] === true, activeId),
  }));
  const keys = nodes.flatMap((n) => [
    `e:${n.endpoint.id}`,
    ...n.shown.map((s) => `s:${s.sessionId}`),
    ...(n.hidden > 0 ? [`m:${n.endpoint.id}`] : []),
  ]);
  const chatShown = view.kind === 'chat' && activeId !== null;
  const nav = useRovingRows(keys, chatShown ? `s:${activeId}` : selectedId ? `e:${selectedId}` : null);

  return (
    <ul
      className="endpoint-list"
      aria-labelledby={labelledBy}
      data-testid="endpoint-list"
      onKeyDown={nav.onKeyDown}
      onFocus={(e) => {
        holding({ focus: true });
        nav.onFocus(e);
      }}
      onBlur={(e: FocusEvent<HTMLUListElement>) => {
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) holding({ focus: false });
      }}
      onMouseEnter={() => holding({ hover: true })}
      onMouseLeave={() => holding({ hover: false })}
    >
      {nodes.map(({ endpoint, shown, hidden }) => (
        <EndpointNode
          key={endpoint.id}
          endpoint={endpoint}
          sessions={shown}
          hidden={hidden}
          onShowAll={() => {
            setExpanded((x) => ({ ...x, [endpoint.id]: true }));
            const next = sessionsOf(grouped, endpoint.id).find((s) => !shown.includes(s));
            // The button goes away: focus moves to the first session it revealed.
            if (next)
              setTimeout(() => document.querySelector<HTMLElement>(`[data-nav-key="s:${next.sessionId}"]`)?.focus(), 0);
          }}
          selected={endpoint.id === selectedId}
          current={view.kind === 'endpoint' && view.mode === 'view' && endpoint.id === selectedId}
          activeSessionId={chatShown ? activeId : null}
          now={now}
          rowProps={nav.rowProps}
        />
      ))}
    </ul>
  );
}
