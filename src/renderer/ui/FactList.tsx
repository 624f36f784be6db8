import type { ReactNode } from 'react';

export interface Fact {
  readonly label: string;
  readonly value: ReactNode;
  /** Renders the value in the monospace face (URLs, paths, ids). */
  readonly mono?: boolean;
}

export function FactList({ facts, label }: Readonly<{ facts: readonly Fact[]; label?: string }>) {
  return (
    <dl className="facts" aria-label={label}>
      {facts.map((f) => (
        <div className="fact" key={f.label}>
          <dt>{f.label}</dt>
          <dd className={f.mono ? 'mono' : undefined}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
