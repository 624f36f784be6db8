import { useHistoryShown } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { showHistory } from '../navigation/app-actions';
import { shortcutLabels } from '../navigation/shortcuts';
import { ShellIcon } from './shell-icons';

/** The top of the sidebar: the command palette and the history. */
export function SidebarNav() {
  const store = useAppStore();
  const historyShown = useHistoryShown();
  const paletteKey = shortcutLabels('palette')[0];
  const historyKey = shortcutLabels('history')[0];
  return (
    <div className="sidebar-nav">
      <button
        type="button"
        className="palette-launcher"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={() => store.commands.setPaletteOpen(true)}
      >
        <ShellIcon name="search" />
        <span className="palette-launcher-text">Commands and sessions…</span>
        <kbd>{paletteKey}</kbd>
      </button>
      <button
        type="button"
        className="nav-item"
        data-testid="history-link"
        aria-current={historyShown ? 'page' : undefined}
        aria-keyshortcuts="Control+Shift+H Meta+Shift+H"
        onClick={() => showHistory(store)}
      >
        <ShellIcon name="history" />
        <span className="nav-item-label">History</span>
        <kbd className="nav-item-key">{historyKey}</kbd>
      </button>
    </div>
  );
}
