import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../src/shared/domain/support';
import { ok } from '../../src/shared/util/result';
import { FAKE_LOG_DIR } from '../../src/renderer/bridge/fake-support';
import { renderShell } from './shell-harness';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const press = (key: string, init: Partial<KeyboardEventInit> = {}, target: Window | Element = window) =>
  act(() => void fireEvent.keyDown(target, { key, ...init }));

async function runCommand(title: string) {
  press('k', { ctrlKey: true });
  const input = screen.getByTestId('palette-input');
  act(() => void fireEvent.change(input, { target: { value: title } }));
  const item = screen
    .getAllByTestId('palette-item')
    .find((el) => el.querySelector('.palette-item-title')?.textContent === title);
  if (!item) throw new Error(`no palette item ${title}`);
  act(() => void fireEvent.click(item));
  expect(screen.queryByTestId('command-palette')).toBeNull();
}

async function ready(options: Parameters<typeof renderShell>[0] = {}) {
  const rendered = renderShell(options);
  await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
  return rendered;
}

describe('palette: Help commands (issue 10)', () => {
  it('lists Open log folder, Copy diagnostics and Check for updates under Help', async () => {
    await ready();
    press('k', { ctrlKey: true });
    const help = screen
      .getAllByTestId('palette-item')
      .filter((el) => el.dataset.actionId?.match(/log-folder|diagnostics|updates/));
    expect(help.map((el) => el.querySelector('.palette-item-title')?.textContent)).toEqual([
      'Open log folder',
      'Copy diagnostics',
      'Check for updates',
    ]);
    expect(screen.getByText('Help', { selector: '.palette-group' })).toBeTruthy();
  });

  it('browser mode: Open log folder shows the path, copyable, since a page cannot open folders', async () => {
    const { bridge } = await ready({ appInfo: { host: 'web' } });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await runCommand('Open log folder');
    const notice = await screen.findByTestId('support-notice');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toContain('a browser page cannot open folders');
    expect((screen.getByTestId('support-notice-path') as HTMLInputElement).value).toBe(FAKE_LOG_DIR);
    expect(bridge.fake.callsTo('app:openLogFolder')).toEqual([undefined]);
    act(() => void fireEvent.click(screen.getByRole('button', { name: 'Copy path' })));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(FAKE_LOG_DIR));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
    act(() => void fireEvent.click(screen.getByRole('button', { name: 'Dismiss' })));
    expect(screen.queryByTestId('support-notice')).toBeNull();
  });

  it('desktop: Open log folder says it opened it', async () => {
    await ready({
      handlers: { 'app:openLogFolder': () => ok({ path: '/home/u/.config/ACP Desk/logs', opened: true }) },
    });
    await runCommand('Open log folder');
    expect((await screen.findByTestId('support-notice')).textContent).toContain('Opened the log folder.');
  });

  it('Copy diagnostics puts the host’s report on the clipboard', async () => {
    const { bridge } = await ready();
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await runCommand('Copy diagnostics');
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('ACP Desk 0.0.0-fake (browser mode)\n'));
    expect((await screen.findByTestId('support-notice')).textContent).toContain('Diagnostics copied');
    expect(bridge.fake.callsTo('app:diagnostics')).toHaveLength(1);
  });

  it('browser mode: Check for updates says updates are for the desktop app', async () => {
    await ready({ appInfo: { host: 'web' } });
    await runCommand('Check for updates');
    expect((await screen.findByTestId('support-notice')).textContent).toContain('Updates are for the desktop app.');
  });

  it('desktop: the check’s notice follows the updater’s pushes (download progress, then ready)', async () => {
    const { bridge } = await ready({
      handlers: { 'app:checkForUpdates': () => ok<UpdateStatus>({ state: 'checking' }) },
    });
    await runCommand('Check for updates');
    const notice = await screen.findByTestId('support-notice');
    expect(notice.textContent).toContain('Checking for updates…');
    act(() =>
      bridge.fake.emit('app:updateChanged', {
        state: 'downloading',
        version: '1.2.0',
        percent: 41.6,
        transferred: 416,
        total: 1000,
      }),
    );
    expect(screen.getByTestId('support-notice').textContent).toContain('Downloading 1.2.0: 42%');
    act(() => bridge.fake.emit('app:updateChanged', { state: 'ready', version: '1.2.0' }));
    expect(screen.getByTestId('support-notice').textContent).toContain('installs when you quit');
  });

  it('an update found by the check on start shows itself; "up to date" from it does not', async () => {
    const { bridge } = await ready();
    act(() => bridge.fake.emit('app:updateChanged', { state: 'current', version: '1.0.0' }));
    expect(screen.queryByTestId('support-notice')).toBeNull();
    act(() => bridge.fake.emit('app:updateChanged', { state: 'available', version: '1.3.0' }));
    expect(screen.getByTestId('support-notice').textContent).toContain('Version 1.3.0 is available; downloading…');
  });

  it('a failed call says so as an alert', async () => {
    await ready({
      handlers: { 'app:diagnostics': () => ({ ok: false, error: { code: 'internal', message: 'boom' } }) },
    });
    await runCommand('Copy diagnostics');
    const notice = await screen.findByTestId('support-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Boom. Try again');
  });
});
