import { Component, type ErrorInfo, type ReactNode } from 'react';
import { reportRendererError } from '../bridge/error-report';

type Props = Readonly<{ area: string; children: ReactNode }>;

/** Keeps a crash in one panel from blanking the window; shows what failed and how to recover. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} crashed`, error, info.componentStack);
    reportRendererError('boundary', error, {
      area: this.props.area,
      ...(info.componentStack ? { componentStack: info.componentStack } : {}),
    });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-note crash" role="alert">
        <p className="error-message">
          The {this.props.area} hit a bug: {this.state.error.message}
        </p>
        <p className="error-next">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </p>
      </div>
    );
  }
}
