import type { ReactNode } from 'react';
import { useCommands } from '../../state/store-context';
import { useTheme } from '../../state/selectors';
import type { ThemePreference } from '../../state/ui-slice';
import { IconMonitor, IconMoon, IconSun } from '../../ui/icons';

const OPTIONS: ReadonlyArray<{ theme: ThemePreference; label: string; icon: ReactNode }> = [
  { theme: 'system', label: 'Match system theme', icon: <IconMonitor /> },
  { theme: 'light', label: 'Light theme', icon: <IconSun /> },
  { theme: 'dark', label: 'Dark theme', icon: <IconMoon /> },
];

export function ThemeSwitch() {
  const current = useTheme();
  const { setTheme } = useCommands();
  return (
    <div className="segmented" role="group" aria-label="Theme">
      {OPTIONS.map((o) => (
        <button
          key={o.theme}
          type="button"
          className="segmented-button"
          aria-pressed={current === o.theme}
          aria-label={o.label}
          title={o.label}
          onClick={() => setTheme(o.theme)}
        >
          {o.icon}
        </button>
      ))}
    </div>
  );
}
