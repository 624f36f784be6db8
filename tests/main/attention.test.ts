import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAttention } from '../../src/main/attention';
import type { AttentionItem, AttentionReport } from '../../src/shared/domain/attention';
import { fake, FakeBrowserWindow, FakeNotification, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const ask: AttentionItem = { sessionId: 's1', title: 'Edit facets', endpointName: 'Demo', reason: 'permission' };
const form: AttentionItem = { sessionId: 's2', title: 'Pick a name', endpointName: 'Lab', reason: 'elicitation' };
const report = (waiting: AttentionItem[], finished: AttentionReport['finished'] = []): AttentionReport => ({
  count: waiting.length,
  waiting,
  finished,
});

let window: FakeBrowserWindow;
beforeEach(() => {
  resetFake();
  window = new FakeBrowserWindow({});
});

describe('main: attention', () => {
  it('badges the dock with the count, and notifies nothing while the window has focus', () => {
    const attention = createAttention(() => window as never);
    attention.report(report([ask, form]));
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(2);
    expect(FakeNotification.all).toHaveLength(0);
    attention.report(report([]));
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(0);
  });

  it('notifies once per newly waiting session while unfocused; a click focuses the window and opens it', () => {
    window.hasFocus = false;
    window.minimized = true;
    const attention = createAttention(() => window as never);
    attention.report(report([ask]));
    attention.report(report([ask, form])); // s1 already notified
    expect(FakeNotification.all.map((n) => n.options)).toEqual([
      { title: 'Edit facets needs your answer', body: 'Demo: the agent asks for permission.' },
      { title: 'Pick a name needs your answer', body: 'Lab: the agent asks you a question.' },
    ]);
    expect(FakeNotification.all.every((n) => n.shown)).toBe(true);
    expect(window.flashed).toEqual([true, true]);

    FakeNotification.all[1]!.click();
    expect(window.minimized).toBe(false);
    expect(window.shown).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.webContents.sent).toEqual([['app:openSession', { sessionId: 's2' }]]);
  });

  it('closes the notification of a session that was answered, and reports finished turns', () => {
    window.hasFocus = false;
    const attention = createAttention(() => window as never);
    attention.report(report([ask]));
    attention.report(report([], [{ sessionId: 's3', title: 'Long job', endpointName: 'Demo' }]));
    expect(FakeNotification.all[0]?.closed).toBe(true);
    expect(FakeNotification.all[1]?.options).toEqual({
      title: 'Long job: turn finished',
      body: 'Demo: the agent is done.',
    });
    attention.dispose();
    expect(FakeNotification.all[1]?.closed).toBe(true);
  });

  it('only badges where the system has no notifications', () => {
    window.hasFocus = false;
    FakeNotification.supported = false;
    createAttention(() => window as never).report(report([ask]));
    expect(FakeNotification.all).toHaveLength(0);
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(1);
  });
});
