import { useEffect } from 'react';
import { useTheme } from '../../state/selectors';

/** Mirrors the theme preference onto <html data-theme>; `system` leaves it to the OS. */
export function useThemeAttribute(): void {
  const theme = useTheme();
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
