/** The renderer's error reporting: what it sends for each kind of error, and that it never throws. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installErrorReporting, reportRendererError, toReport } from '../../src/renderer/bridge/error-report';
import type { RendererErrorReport } from '../../src/shared/domain/support';
import type { Bridge } from '../../src/shared/ipc/contract';
import { ok } from '../../src/shared/util/result';

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

/** Only `app.reportError` is used by the module; the rest of the bridge stays out of it. */
function capture() {
  const sent: RendererErrorReport[] = [];
  const spy = vi.fn((r: RendererErrorReport) => (sent.push(r), Promise.resolve(ok(null))));
  const bridge = { app: { reportError: spy } } as unknown as Bridge;
  return { bridge, sent, spy };
}

describe('renderer error reporting', () => {
  it('sends uncaught errors and unhandled rejections from the window', async () => {
    const { bridge, sent } = capture();
    uninstall = installErrorReporting(bridge);
    window.dispatchEvent(new ErrorEvent('error', { error: new RangeError('bad index'), message: 'bad index' }));
    const rejection = new Event('unhandledrejection') as PromiseRejectionEvent;
    Object.defineProperty(rejection, 'reason', { value: { code: 7 } });
    window.dispatchEvent(rejection);
    await Promise.resolve();
    expect(sent).toMatchObject([
      { source: 'window', message: 'RangeError: bad index' },
      { source: 'promise', message: '{"code":7}' },
    ]);
    expect(sent[0]?.stack).toContain('RangeError');
  });

  it('reports a boundary error with its area, and stops after uninstall', () => {
    const { bridge, sent } = capture();
    uninstall = installErrorReporting(bridge);
    reportRendererError('boundary', new Error('boom'), { area: 'conversation', componentStack: '\n  at Chat' });
    uninstall();
    uninstall = undefined;
    reportRendererError('boundary', new Error('after'));
    expect(sent).toEqual([
      expect.objectContaining({
        source: 'boundary',
        message: 'Error: boom',
        area: 'conversation',
        componentStack: '\n  at Chat',
      }),
    ]);
  });

  it('cuts long text to what the host accepts, and survives values that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(toReport('promise', cyclic).message).toBe('[object Object]');
    const long = toReport('window', new Error('x'.repeat(5000)));
    expect(long.message).toHaveLength(2000);
    expect(long.message.endsWith('…')).toBe(true);
  });

  it('a failing host only warns on the console (no report about a report)', async () => {
    const { bridge, spy } = capture();
    spy.mockImplementation(() => Promise.reject(new Error('socket closed')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    uninstall = installErrorReporting(bridge);
    reportRendererError('window', new Error('first'));
    await new Promise((r) => setTimeout(r, 0));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('could not log a renderer error', expect.any(Error));
    warn.mockRestore();
  });
});
