import type { AppInfo } from '../../../shared/domain/app';
import type { HostConnection } from '../../bridge/host-status';
import { useAppInfo, useAppLoadError, useHostConnection, useSidePanelOpen } from '../../state/selectors';
import { StatusDot, type Tone } from '../../ui/Badge';
import { IconLock } from '../../ui/icons';
import { useCommands } from '../../state/store-context';
import { shortcutLabels } from '../navigation/shortcuts';
import { ShellIcon } from './shell-icons';
import { ThemeSwitch } from './ThemeSwitch';

function SidePanelToggle() {
  const open = useSidePanelOpen();
  const { toggleSidePanel } = useCommands();
  return (
    <button
      type="button"
      className="status-button"
      data-testid="side-panel-toggle"
      aria-pressed={open}
      aria-keyshortcuts="Control+B Meta+B"
      title={`Side panel (${shortcutLabels('toggleSidePanel')[0]})`}
      onClick={toggleSidePanel}
    >
      <ShellIcon name="panel" />
      <span className="visually-hidden">Side panel</span>
    </button>
  );
}

const SECRET_STORAGE: Readonly<Record<AppInfo['secretStorage'], { text: string; tip: string; warn: boolean }>> = {
  'os-keychain': {
    warn: false,
    text: 'OS keychain',
    tip: 'Secret header values are encrypted with the operating system keychain.',
  },
  file: {
    warn: true,
    text: 'file (less safe)',
    tip: 'No OS keychain is available, so secret header values are kept in a file only your user account can read. Anyone who can use your account can read them.',
  },
};

function hostText(info: AppInfo | null, connection: HostConnection | null): { text: string; tone: Tone } | null {
  if (!connection) {
    if (!info) return null;
    return { text: info.host === 'web' ? 'Browser mode' : 'Desktop', tone: 'ok' };
  }
  switch (connection.state) {
    case 'open':
      return { text: 'Browser mode', tone: 'ok' };
    case 'connecting':
      return { text: 'Browser mode · connecting…', tone: 'warn' };
    case 'reconnecting':
      return { text: 'Browser mode · reconnecting…', tone: 'warn' };
    case 'offline':
      return { text: 'Browser mode · host unreachable', tone: 'danger' };
  }
}

export function StatusBar() {
  const info = useAppInfo();
  const loadError = useAppLoadError();
  const connection = useHostConnection();
  const host = hostText(info, connection);
  const secrets = info ? SECRET_STORAGE[info.secretStorage] : null;
  return (
    <footer className="status-bar" data-testid="app-status">
      {host && (
        <span className="status-item" data-status="host">
          <StatusDot tone={host.tone} />
          {host.text}
        </span>
      )}
      {secrets && (
        <span
          className={secrets.warn ? 'status-item status-warn' : 'status-item'}
          data-status="secrets"
          title={secrets.tip}
        >
          <IconLock />
          Secrets: {secrets.text}
        </span>
      )}
      {!info && loadError && (
        <span className="status-item status-error" title={`${loadError.message} ${loadError.nextStep}`}>
          Host info unavailable
        </span>
      )}
      <span className="status-spacer" />
      {info && (
        <span className="status-item" data-status="version">
          {info.name} {info.version}
        </span>
      )}
      <ThemeSwitch />
      <SidePanelToggle />
    </footer>
  );
}
