import type { ReactNode } from 'react';

/** What an input needs to point at its messages. */
export function messageProps(id: string, error: string | undefined, note: string | null | undefined) {
  const ids = [error ? `${id}-error` : null, !error && note ? `${id}-note` : null].filter(Boolean);
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids.length ? ids.join(' ') : undefined };
}

/** A labelled form row: label on the left, the control with its error, warning or hint below. */
export function Field({
  id,
  label,
  error,
  errorTestId,
  warning,
  hint,
  children,
}: Readonly<{
  id: string;
  label: string;
  error?: string | undefined;
  errorTestId?: string;
  warning?: string | null;
  hint?: ReactNode;
  children: ReactNode;
}>) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control">
        {children}
        {error ? (
          <p className="field-error" id={`${id}-error`} data-testid={errorTestId}>
            {error}
          </p>
        ) : warning ? (
          <p
            className="field-warning"
            id={`${id}-note`}
            data-testid={errorTestId ? `${errorTestId.replace(/-error$/, '')}-warning` : undefined}
          >
            {warning}
          </p>
        ) : hint ? (
          <p className="field-hint" id={`${id}-note`}>
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
