import type { SessionState } from '../../../../shared/domain/session';
import { useSessionValue } from '../session-hooks';

/** The connection-related fields the header reads (each a stored value). */
export function useShallowSession(sessionId: string): {
  connection: SessionState['connection'] | undefined;
  detached: string | null | undefined;
} {
  const connection = useSessionValue(sessionId, (s) => s.connection);
  const detached = useSessionValue(sessionId, (s) => s.detached);
  return { connection, detached };
}
