/** Facts about the host: `AppInfo`, and in browser mode the host connection. Pure. */
import type { AppInfo } from '../../shared/domain/app';
import type { HostConnection } from '../bridge/host-status';
import type { ErrorText } from './error-text';

export interface AppSlice {
  readonly info: AppInfo | null;
  readonly loadError: ErrorText | null;
  /** `null` when the host is the same app (Electron) and cannot go away. */
  readonly hostConnection: HostConnection | null;
}

export const initialApp: AppSlice = { info: null, loadError: null, hostConnection: null };

export function infoReceived(s: AppSlice, info: AppInfo): AppSlice {
  return { ...s, info, loadError: null };
}

export function infoFailed(s: AppSlice, error: ErrorText): AppSlice {
  return { ...s, loadError: error };
}

export function hostConnectionChanged(s: AppSlice, hostConnection: HostConnection | null): AppSlice {
  return { ...s, hostConnection };
}
