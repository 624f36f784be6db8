/**
 * Selector hooks on the sessions slice: the history list, each endpoint's live status, and
 * the sessions held in this window. Each returns a stored value or a primitive (stable
 * identity), so a component re-renders only when the part it reads changes, not on every
 * streamed chunk.
 */
import type { AgentCapabilities, AuthMethod } from '@agentclientprotocol/sdk';
import type { AttentionReason } from '../../../shared/domain/attention';
import type { EndpointStatus, SessionSummary } from '../../../shared/domain/history';
import type { SessionState } from '../../../shared/domain/session';
import { sessionOps, type SessionOp } from '../../../shared/session/ops';
import { endpointAttentionCount, summaryAttention } from '../attention';
import { asSentence, type ErrorText } from '../error-text';
import type { SessionsSlice } from '../sessions-slice';
import { statusModel, type StatusView } from '../status-model';
import { useAppState } from '../store-context';

const NO_AUTH_METHODS: readonly AuthMethod[] = [];

// The history list and the open session.

export function useSessionSummaries(): readonly SessionSummary[] {
  return useAppState((s) => s.sessions.summaries);
}

export function useSessionCount(): number {
  return useAppState((s) => s.sessions.summaries.length);
}

export function useActiveSessionId(): string | null {
  return useAppState((s) => s.sessions.activeId);
}

/** The session the chat view shows, or null while another view is on screen. */
export function useChatSessionId(): string | null {
  return useAppState((s) => (s.ui.view.kind === 'chat' ? s.sessions.activeId : null));
}

export function useSessionSearch(): SessionsSlice['search'] {
  return useAppState((s) => s.sessions.search);
}

// One session.

/** The session's folded state; undefined until it is loaded in this window. */
export function useSessionState(sessionId: string): SessionState | undefined {
  return useAppState((s) => s.sessions.byId[sessionId]);
}

/** Whether the session's state is loaded in this window. */
export function useSessionLoaded(sessionId: string): boolean {
  return useAppState((s) => sessionId in s.sessions.byId);
}

/**
 * One field (or derived primitive) of the session's folded state; undefined until loaded.
 * `pick` must return a stored value or a primitive, like any selector.
 */
export function useSessionValue<T>(sessionId: string, pick: (s: SessionState) => T): T | undefined {
  return useAppState((st) => {
    const s = st.sessions.byId[sessionId];
    return s ? pick(s) : undefined;
  });
}

export function useHasPlan(sessionId: string): boolean {
  return useAppState((s) => (s.sessions.byId[sessionId]?.plan?.length ?? 0) > 0);
}

export function useSessionSummary(sessionId: string): SessionSummary | undefined {
  return useAppState((st) => st.sessions.summaries.find((s) => s.sessionId === sessionId));
}

/** Whether the history list says the session is attached to its agent. */
export function useSessionLive(sessionId: string): boolean {
  return useAppState((s) => s.sessions.summaries.find((x) => x.sessionId === sessionId)?.live === true);
}

export function useSessionError(sessionId: string): ErrorText | null {
  return useAppState((st) => st.sessions.errors[sessionId] ?? null);
}

/** Why this history row's session waits for the person, or null. */
export function useSummaryAttention(summary: SessionSummary): AttentionReason | null {
  return useAppState((s) => summaryAttention(s, summary));
}

export function useAgentCapabilities(sessionId: string): AgentCapabilities | undefined {
  return useAppState((st) => {
    const endpointId = st.sessions.byId[sessionId]?.endpointId;
    return endpointId ? st.sessions.statuses[endpointId]?.agentCapabilities : undefined;
  });
}

/** The endpoint's name as the history list has it, else its saved name. */
export function useEndpointName(sessionId: string): string | null {
  return useAppState((st) => {
    const summary = st.sessions.summaries.find((s) => s.sessionId === sessionId);
    if (summary) return summary.endpointName;
    const endpointId = st.sessions.byId[sessionId]?.endpointId;
    return st.endpoints.list.find((e) => e.id === endpointId)?.name ?? null;
  });
}

/** The endpoint's saved name (current after a rename), else the name the history list has. */
export function useCurrentEndpointName(sessionId: string): string | undefined {
  return useAppState((s) => {
    const state = s.sessions.byId[sessionId];
    const summary = s.sessions.summaries.find((x) => x.sessionId === sessionId);
    return (
      s.endpoints.list.find((e) => e.id === (state?.endpointId ?? summary?.endpointId))?.name ?? summary?.endpointName
    );
  });
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

/** The status model for one session, read from the store (each input a stored primitive). */
export function useSessionStatus(sessionId: string): StatusView {
  const endpointId = useAppState(
    (s) =>
      s.sessions.byId[sessionId]?.endpointId ??
      s.sessions.summaries.find((x) => x.sessionId === sessionId)?.endpointId ??
      null,
  );
  const endpoint = useAppState((s) => (endpointId ? s.sessions.statuses[endpointId] : undefined));
  const summary = useSessionSummary(sessionId);
  const detached = useAppState((s) => s.sessions.byId[sessionId]?.detached ?? null);
  const replaying = useAppState((s) => Boolean(s.sessions.byId[sessionId]?.replay));
  // A session not in the history list yet was just opened here: it is attached.
  const live = summary?.live ?? true;
  return statusModel({
    endpoint,
    session: { live, readOnly: summary?.readOnly ?? null, detached, replaying },
  });
}

// One endpoint's live status.

export function useEndpointStatus(endpointId: string): EndpointStatus | undefined {
  return useAppState((s) => s.sessions.statuses[endpointId]);
}

/** Whether the endpoint's agent offers this session operation (issue 14). */
export function useEndpointOffers(endpointId: string, op: SessionOp): boolean {
  return useAppState((s) => sessionOps(s.sessions.statuses[endpointId]?.agentCapabilities)[op]);
}

export function useCapabilityDrift(endpointId: string): EndpointStatus['capabilityDrift'] {
  return useAppState((s) => s.sessions.statuses[endpointId]?.capabilityDrift);
}

export function useAuthRequired(endpointId: string): boolean {
  return useAppState((s) => s.sessions.statuses[endpointId]?.authRequired === true);
}

/** The sign-in methods the agent advertises (none when it advertised none). */
export function useAuthMethods(endpointId: string): readonly AuthMethod[] {
  return useAppState((s) => s.sessions.statuses[endpointId]?.authMethods ?? NO_AUTH_METHODS);
}

/** The endpoint's request-scoped elicitations waiting for the person, oldest first. */
export function useEndpointElicitations(endpointId: string | null): EndpointStatus['elicitations'] {
  return useAppState((s) => (endpointId ? s.sessions.statuses[endpointId]?.elicitations : undefined));
}

/** How many of the endpoint's sessions wait for the person (its sidebar badge). */
export function useEndpointAttentionCount(endpointId: string): number {
  return useAppState((s) => endpointAttentionCount(s, endpointId));
}
