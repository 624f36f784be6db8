/**
 * Sends the renderer's errors to the host's log file (issue 10: "renderer errors into the log
 * file"): uncaught errors, unhandled promise rejections, and what a panel's error boundary
 * caught. Reporting is best effort and never throws; a failed report only goes to the console,
 * so a broken host connection cannot start a loop of reports about reports.
 */
import type { Bridge } from '../../shared/ipc/contract';
import { REPORT_LIMITS, type RendererErrorReport, type RendererErrorSource } from '../../shared/domain/support';

type Report = (report: RendererErrorReport) => void;

let report: Report | null = null;

/** Routes reports to `bridge` and listens for the window's uncaught errors; returns the uninstaller. */
export function installErrorReporting(bridge: Bridge, target: Window = window): () => void {
  report = (r) => {
    bridge.app.reportError(r).then(
      (res) => {
        if (!res.ok) console.warn('could not log a renderer error', res.error);
      },
      (e: unknown) => console.warn('could not log a renderer error', e),
    );
  };
  const onError = (e: ErrorEvent) => reportRendererError('window', e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent) => reportRendererError('promise', e.reason);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
    report = null;
  };
}

/** Reports one error (a no-op before `installErrorReporting`, e.g. in component tests). */
export function reportRendererError(
  source: RendererErrorSource,
  error: unknown,
  where: { readonly area?: string; readonly componentStack?: string } = {},
): void {
  if (!report) return;
  try {
    report(toReport(source, error, where));
  } catch (e) {
    console.warn('could not log a renderer error', e);
  }
}

export function toReport(
  source: RendererErrorSource,
  error: unknown,
  where: { readonly area?: string; readonly componentStack?: string } = {},
): RendererErrorReport {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : describe(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return {
    source,
    message: cut(message, REPORT_LIMITS.message),
    ...(stack ? { stack: cut(stack, REPORT_LIMITS.stack) } : {}),
    ...(where.area ? { area: cut(where.area, REPORT_LIMITS.area) } : {}),
    ...(where.componentStack ? { componentStack: cut(where.componentStack, REPORT_LIMITS.stack) } : {}),
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cyclic or otherwise unserializable value: its tag is still something
  }
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
