import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HostStatusValue, type HostConnection, type HostStatus } from '../../src/renderer/bridge/host-status';
import { MissingBridge } from '../../src/renderer/features/app-shell/MissingBridge';
import { err } from '../../src/shared/util/result';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

function fakeHostStatus() {
  const value = new HostStatusValue();
  let retries = 0;
  const status: HostStatus = {
    get: () => value.get(),
    subscribe: (l) => value.subscribe(l),
    retryNow: () => void retries++,
  };
  return { status, set: (c: HostConnection) => act(() => value.set(c)), retries: () => retries };
}

describe('status bar', () => {
  it('shows the desktop host, the OS keychain and the app version', async () => {
    renderApp();

    const bar = await screen.findByTestId('app-status');
    await waitFor(() => expect(bar.textContent).toContain('ACP Desk 0.1.0'));
    expect(bar.textContent).toContain('Desktop');
    expect(bar.textContent).toContain('Secrets: OS keychain');
    expect(screen.getByRole('contentinfo')).toBe(bar);
  });

  it('warns that file secret storage is less safe, with a tooltip that explains it', async () => {
    renderApp({ appInfo: { host: 'web', secretStorage: 'file' } });

    const bar = await screen.findByTestId('app-status');
    await waitFor(() => expect(bar.textContent).toContain('Browser mode'));
    const secrets = screen.getByText(/Secrets: file \(less safe\)/);
    expect(secrets.getAttribute('title')).toMatch(/only your user account can read/);
  });

  it('says when the host info cannot be loaded', async () => {
    renderApp({ handlers: { 'app:info': () => err('internal', 'boom') } });

    const item = await screen.findByText('Host info unavailable');
    expect(item.getAttribute('title')).toContain('Boom.');
  });

  it('switches the theme by setting data-theme on the document', async () => {
    renderApp();

    fireEvent.click(await screen.findByRole('button', { name: 'Dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(screen.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Match system theme' }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });
});

describe('browser-mode host connection', () => {
  it('shows a banner while reconnecting, offers a retry, and reloads once the host is back', async () => {
    const host = fakeHostStatus();
    const { bridge } = renderApp({ appInfo: { host: 'web' } }, host.status);
    host.set({ state: 'open', attempt: 0, retryInMs: null });
    await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(3));
    const listsBefore = bridge.fake.callsTo('endpoints:list').length;

    host.set({ state: 'reconnecting', attempt: 2, retryInMs: 400 });
    expect(screen.getByText(/Reconnecting \(attempt 2\)/)).toBeTruthy();
    expect(screen.getByTestId('app-status').textContent).toContain('reconnecting');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(host.retries()).toBe(1);
    host.set({ state: 'open', attempt: 0, retryInMs: null });

    expect(screen.queryByText(/Reconnecting/)).toBeNull();
    await waitFor(() => expect(bridge.fake.callsTo('endpoints:list').length).toBe(listsBefore + 1));
  });
});

describe('missing bridge', () => {
  it('tells the person how to open ACP Desk', () => {
    render(<MissingBridge />);

    expect(screen.getByRole('main').textContent).toContain(
      'Open ACP Desk through npm start or the URL printed by acp-desk web',
    );
  });
});
