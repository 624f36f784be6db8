/** Presentation preferences. `system` follows the OS (prefers-color-scheme). Pure. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEMES)[number];

export interface UiSlice {
  readonly theme: ThemePreference;
}

export const initialUi: UiSlice = { theme: 'system' };

export function nextTheme(theme: ThemePreference): ThemePreference {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system';
}
