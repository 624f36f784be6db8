/** The palette's view, theme and "Open session: …" actions. */
import type { AppState, AppStore } from '../../state/store';
import { setNotifyTurnEnd } from '../../state/attention-report';
import { THEMES, type ThemePreference } from '../../state/ui-slice';
import { showHistory } from '../navigation/app-actions';
import { newestFirst } from '../navigation/session-order';
import type { PaletteAction } from './palette-actions';

const THEME_TITLE: Readonly<Record<ThemePreference, string>> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

export function viewActions(store: AppStore): PaletteAction[] {
  return [
    { id: 'show-history', title: 'Show history', group: 'View', shortcut: 'history', run: () => showHistory(store) },
    {
      id: 'search-transcripts',
      title: 'Search transcripts',
      group: 'View',
      run: () => {
        showHistory(store);
        setTimeout(() => document.querySelector<HTMLElement>('[data-testid="history-search"]')?.focus(), 0);
      },
    },
    {
      id: 'toggle-side-panel',
      title: 'Toggle side panel',
      group: 'View',
      shortcut: 'toggleSidePanel',
      run: () => store.commands.toggleSidePanel(),
    },
    ...THEMES.map((t) => ({
      id: `theme-${t}`,
      title: THEME_TITLE[t],
      group: 'View' as const,
      run: () => store.commands.setTheme(t),
    })),
  ];
}

/** Settings: "notify when a turn finishes in a session not on screen" (issue 13). */
export function settingActions(state: AppState, store: AppStore): PaletteAction[] {
  const on = state.ui.notifyTurnEnd;
  return [
    {
      id: 'notify-turn-end',
      title: on ? 'Stop notifying when a turn finishes' : 'Notify when a turn finishes',
      detail: 'in a session not on screen',
      group: 'View',
      run: () => setNotifyTurnEnd(store, !on),
    },
  ];
}

export function openActions(state: AppState, store: AppStore): PaletteAction[] {
  return newestFirst(state.sessions.summaries).map((s) => ({
    id: `open:${s.sessionId}`,
    title: `Open session: ${s.title || 'Untitled session'}`,
    detail: s.endpointName,
    group: 'Open session' as const,
    run: () => store.sessions.openSession(s.sessionId),
  }));
}
