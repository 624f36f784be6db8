/**
 * Selector hooks for one session. Each returns a stored value (stable identity), so a
 * component re-renders only when the part it reads changes, not on every streamed chunk.
 */
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import type { SessionSummary } from '../../../shared/domain/history';
import type { SessionState } from '../../../shared/domain/session';
import type { ErrorText } from '../../state/error-text';
import { asSentence } from '../../state/error-text';
import { useAppState } from '../../state/store-context';

/** One field (or derived primitive) of the session's folded state; undefined until loaded. */
export function useSessionValue<T>(sessionId: string, pick: (s: SessionState) => T): T | undefined {
  return useAppState((st) => {
    const s = st.sessions.byId[sessionId];
    return s ? pick(s) : undefined;
  });
}

export function useSessionSummary(sessionId: string): SessionSummary | undefined {
  return useAppState((st) => st.sessions.summaries.find((s) => s.sessionId === sessionId));
}

export function useAgentCapabilities(sessionId: string): AgentCapabilities | undefined {
  return useAppState((st) => {
    const endpointId = st.sessions.byId[sessionId]?.endpointId;
    return endpointId ? st.sessions.statuses[endpointId]?.agentCapabilities : undefined;
  });
}

export function useEndpointName(sessionId: string): string | null {
  return useAppState((st) => {
    const summary = st.sessions.summaries.find((s) => s.sessionId === sessionId);
    if (summary) return summary.endpointName;
    const endpointId = st.sessions.byId[sessionId]?.endpointId;
    return st.endpoints.list.find((e) => e.id === endpointId)?.name ?? null;
  });
}

export function useSessionError(sessionId: string): ErrorText | null {
  return useAppState((st) => st.sessions.errors[sessionId] ?? null);
}

/** Why the session cannot take a prompt right now, or null when it can. */
export function useReadOnlyReason(sessionId: string): string | null {
  const summary = useSessionSummary(sessionId);
  const detached = useSessionValue(sessionId, (s) => s.detached);
  if (summary?.readOnly) return summary.readOnly;
  if (detached) return `${asSentence(detached)} Start a new session to continue.`;
  if (summary && !summary.live) return 'This session is not connected yet; it re-attaches when the agent is reachable.';
  return null;
}
