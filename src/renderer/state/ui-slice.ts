/** Presentation state: theme (`system` follows the OS), which main view shows, overlays. Pure. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEMES)[number];

/** What the main area shows: a session's chat, the endpoint editor, or the history. */
export type MainView =
  | { readonly kind: 'chat' }
  | { readonly kind: 'endpoint'; readonly endpointId: string | null; readonly mode: 'view' | 'edit' | 'new' }
  | { readonly kind: 'history' };

export interface UiSlice {
  readonly theme: ThemePreference;
  readonly view: MainView;
  readonly paletteOpen: boolean;
  /** The right-hand side panel (plan, session details; the traffic inspector later). */
  readonly sidePanelOpen: boolean;
  /** Incremented to ask the composer to take focus (shortcut, palette, after an action). */
  readonly composerFocus: number;
  /** Setting: notify when a turn finishes in a session not on screen (Electron: OS notification). */
  readonly notifyTurnEnd: boolean;
}

export const initialUi: UiSlice = {
  theme: 'system',
  view: { kind: 'endpoint', endpointId: null, mode: 'view' },
  paletteOpen: false,
  sidePanelOpen: true,
  composerFocus: 0,
  notifyTurnEnd: false,
};

export function nextTheme(theme: ThemePreference): ThemePreference {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system';
}
