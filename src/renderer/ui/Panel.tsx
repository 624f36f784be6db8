import { useId, type ReactNode } from 'react';
import type { FailureDetails } from '../../shared/errors/failure-class';
import { ErrorDetails } from './ErrorDetails';

/** A titled section of the main pane. */
export function Panel({
  title,
  actions,
  children,
  testId,
}: Readonly<{ title: string; actions?: ReactNode; children: ReactNode; testId?: string }>) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id} data-testid={testId}>
      <header className="panel-header">
        <h2 id={id} className="panel-title">
          {title}
        </h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function EmptyState({ title, children }: Readonly<{ title: string; children?: ReactNode }>) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** An error as a sentence plus what to do next, and its raw details behind a toggle when it has them. */
export function ErrorNote({
  message,
  nextStep,
  details,
  testId,
}: Readonly<{ message: string; nextStep: string; details?: FailureDetails | undefined; testId?: string }>) {
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      <p className="error-message">{message}</p>
      <p className="error-next">{nextStep}</p>
      {details && <ErrorDetails details={details} />}
    </div>
  );
}
