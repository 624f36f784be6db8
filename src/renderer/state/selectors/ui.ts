/** Selector hooks on the ui slice. Each returns a stored value or a primitive (stable identity). */
import type { MainView, ThemePreference } from '../ui-slice';
import { useAppState } from '../store-context';

export function useTheme(): ThemePreference {
  return useAppState((s) => s.ui.theme);
}

export function useView(): MainView {
  return useAppState((s) => s.ui.view);
}

export function useHistoryShown(): boolean {
  return useAppState((s) => s.ui.view.kind === 'history');
}

export function usePaletteOpen(): boolean {
  return useAppState((s) => s.ui.paletteOpen);
}

export function useSidePanelOpen(): boolean {
  return useAppState((s) => s.ui.sidePanelOpen);
}

/** Bumped each time something asks for the composer to take focus. */
export function useComposerFocusTick(): number {
  return useAppState((s) => s.ui.composerFocus);
}
