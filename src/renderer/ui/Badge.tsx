import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger';

export function Badge({
  tone = 'neutral',
  title,
  children,
}: Readonly<{ tone?: Tone; title?: string; children: ReactNode }>) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A capability the agent has or lacks; the state is in the text too, not only the colour. */
export function Chip({ on, children }: Readonly<{ on: boolean; children: ReactNode }>) {
  return (
    <li className={on ? 'chip chip-on' : 'chip chip-off'}>
      <span className="chip-mark" aria-hidden="true">
        {on ? '✓' : '–'}
      </span>
      {children}
      <span className="visually-hidden">{on ? ': supported' : ': not supported'}</span>
    </li>
  );
}

export function StatusDot({ tone, label }: Readonly<{ tone: Tone; label?: string }>) {
  return (
    <span
      className={`dot dot-${tone}`}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
