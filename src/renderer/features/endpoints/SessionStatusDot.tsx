import type { StatusView } from '../../state/status-model';
import { useSessionStatus } from '../../state/selectors';

/** Green when attached and connected; the status's colour while its connection is in trouble. */
export function statusDotClass(status: StatusView): string {
  if (status.key === 'connected') return 'live-dot live-dot-on';
  return status.tone === 'warn' || status.tone === 'danger' ? `live-dot live-dot-${status.tone}` : 'live-dot';
}

/** A session's dot in any list, from the one status model (state/status-model.ts). */
export function SessionStatusDot({ sessionId }: Readonly<{ sessionId: string }>) {
  const status = useSessionStatus(sessionId);
  return <span className={statusDotClass(status)} aria-hidden="true" data-status={status.key} />;
}
