/** A few stroke icons (16px grid). Decorative: callers give the accessible name. */
import type { ReactNode } from 'react';

/** The one 16px stroke-icon frame every icon set of the renderer draws into. */
export function SvgIcon({ children, className }: Readonly<{ children: ReactNode; className?: string }>) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const Icon = SvgIcon;

export function IconPlug() {
  return (
    <Icon>
      <path d="M6 1.5v3M10 1.5v3M4 4.5h8v2.5a4 4 0 0 1-8 0V4.5ZM8 11v3.5" />
    </Icon>
  );
}

export function IconSun() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" />
    </Icon>
  );
}

export function IconMoon() {
  return (
    <Icon>
      <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" />
    </Icon>
  );
}

export function IconMonitor() {
  return (
    <Icon>
      <rect x="1.5" y="2.5" width="13" height="9" rx="1.5" />
      <path d="M5.5 14h5M8 11.5V14" />
    </Icon>
  );
}

export function IconLock() {
  return (
    <Icon>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </Icon>
  );
}
