/**
 * What the agent says about the open session (`session/status`, issue 14), for the side panel:
 * asked only when the agent advertises it, again whenever the session goes live or stops being
 * live, and never left stale (a new session or a failed ask clears it).
 */
import { useEffect, useState } from 'react';
import { sessionOps } from '../../../shared/session/ops';
import { useBridge } from '../../bridge/bridge-context';
import { useAgentCapabilities, useSessionLive } from '../../state/selectors';

const WORDS: Record<string, string> = {
  open: 'Open (in the agent’s memory)',
  saved: 'Saved (the agent loads it on demand)',
};

export function useAgentSessionStatus(sessionId: string): string | null {
  const bridge = useBridge();
  const offered = sessionOps(useAgentCapabilities(sessionId)).status;
  const live = useSessionLive(sessionId);
  const [status, setStatus] = useState<{ sessionId: string; text: string } | null>(null);
  useEffect(() => {
    if (!offered) return;
    let current = true;
    void bridge.sessions.status({ sessionId }).then((r) => {
      if (!current) return;
      setStatus(r.ok ? { sessionId, text: WORDS[r.value.status] ?? r.value.reported } : null);
    });
    return () => {
      current = false;
    };
  }, [bridge, sessionId, offered, live]);
  return offered && status?.sessionId === sessionId ? status.text : null;
}
