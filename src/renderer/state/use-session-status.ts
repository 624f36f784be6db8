/** The status model for one session, read from the store (each input a stored primitive). */
import { statusModel, type StatusView } from './status-model';
import { useAppState } from './store-context';

export function useSessionStatus(sessionId: string): StatusView {
  const endpointId = useAppState(
    (s) =>
      s.sessions.byId[sessionId]?.endpointId ??
      s.sessions.summaries.find((x) => x.sessionId === sessionId)?.endpointId ??
      null,
  );
  const endpoint = useAppState((s) => (endpointId ? s.sessions.statuses[endpointId] : undefined));
  const summary = useAppState((s) => s.sessions.summaries.find((x) => x.sessionId === sessionId));
  const detached = useAppState((s) => s.sessions.byId[sessionId]?.detached ?? null);
  const replaying = useAppState((s) => Boolean(s.sessions.byId[sessionId]?.replay));
  // A session not in the history list yet was just opened here: it is attached.
  const live = summary?.live ?? true;
  return statusModel({
    endpoint,
    session: { live, readOnly: summary?.readOnly ?? null, detached, replaying },
  });
}
