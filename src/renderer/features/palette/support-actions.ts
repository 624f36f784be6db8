/** The palette's Help actions (issue 10): log folder, diagnostics for a bug report, updates. */
import type { AppState, AppStore } from '../../state/store';
import { copyText } from '../chat/markdown/clipboard';
import type { PaletteAction } from './palette-actions';

export function supportActions(state: AppState, store: AppStore): PaletteAction[] {
  const desktop = state.app.info?.host !== 'web';
  return [
    {
      id: 'open-log-folder',
      title: 'Open log folder',
      ...(desktop ? {} : { detail: 'shows where it is' }),
      group: 'Help',
      run: () => store.support.openLogFolder(),
    },
    {
      id: 'copy-diagnostics',
      title: 'Copy diagnostics',
      detail: 'versions, platform, endpoints, recent errors',
      group: 'Help',
      run: () => store.support.copyDiagnostics((text) => copyText(text)),
    },
    {
      id: 'check-for-updates',
      title: 'Check for updates',
      ...(desktop ? {} : { detail: 'desktop app only' }),
      group: 'Help',
      run: () => store.support.checkForUpdates(),
    },
  ];
}
