/**
 * Diagnose runs (issue 12) the core's traffic log holds, each a connection of its own
 * ("Diagnose · <endpoint> · 14:02:11"), for the connection picker. A report's "Show frames"
 * adds its run at once; the picker asks the core again when it opens and after a clear.
 */
import { useSyncExternalStore } from 'react';
import type { Bridge, DiagnoseRunInfo } from '../../../shared/ipc/contract';
import { settle } from '../../state/settle';

export type DiagnoseRunView = Pick<DiagnoseRunInfo, 'endpointId' | 'label'>;

let list: readonly DiagnoseRunView[] = [];
const listeners = new Set<() => void>();

function setList(next: readonly DiagnoseRunView[]): void {
  list = next;
  for (const l of listeners) l();
}

export function useDiagnoseRuns(): readonly DiagnoseRunView[] {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => list,
  );
}

/** Asks the core which runs it still holds (a clear forgets them). */
export async function loadDiagnoseRuns(bridge: Bridge): Promise<void> {
  const r = await settle(() => bridge.traffic.diagnoseRuns({}));
  if (r.ok) setList(r.value.map(({ endpointId, label }) => ({ endpointId, label })));
}

/** A run the UI just learnt of (its report), listed before the core is asked again. */
export function noteDiagnoseRun(run: DiagnoseRunView): void {
  if (!list.some((r) => r.endpointId === run.endpointId)) setList([...list, run]);
}

/** For tests. */
export function resetDiagnoseRuns(): void {
  setList([]);
}
