import { describe, expect, it, vi } from 'vitest';
import { createWebNotifier, type WebNotifyEnv } from '../../src/renderer/state/web-notify';
import type { AttentionItem, AttentionReport } from '../../src/shared/domain/attention';

const ask: AttentionItem = { sessionId: 's1', title: 'Edit facets', endpointName: 'Demo', reason: 'permission' };
const report = (waiting: AttentionItem[]): AttentionReport => ({ count: waiting.length, waiting, finished: [] });

function env(permission: string, focused: boolean) {
  const made: Array<{ title: string; body?: string; onclick: (() => void) | null; close: () => void }> = [];
  class FakeNotification {
    static permission = permission;
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(
      readonly title: string,
      options?: { body?: string },
    ) {
      made.push(Object.assign(this, { body: options?.body }));
    }
  }
  const e: WebNotifyEnv = { Notification: FakeNotification, hasFocus: () => focused, focus: vi.fn() };
  return { e, made };
}

describe('browser-mode Web Notifications', () => {
  it('notifies a newly waiting session once while the tab is away, and a click opens it', () => {
    const { e, made } = env('granted', false);
    const open = vi.fn();
    const notify = createWebNotifier(open, e);
    notify(report([ask]));
    notify(report([ask]));
    expect(made.map((n) => [n.title, n.body])).toEqual([
      ['Edit facets needs your answer', 'Demo: the agent is waiting.'],
    ]);
    made[0]!.onclick?.();
    expect(e.focus).toHaveBeenCalled();
    expect(open).toHaveBeenCalledWith('s1');
  });

  it('never without a granted permission, nor while the tab has focus', () => {
    for (const [permission, focused] of [
      ['default', false],
      ['denied', false],
      ['granted', true],
    ] as const) {
      const { e, made } = env(permission, focused);
      createWebNotifier(vi.fn(), e)(report([ask]));
      expect(made).toHaveLength(0);
    }
  });
});
