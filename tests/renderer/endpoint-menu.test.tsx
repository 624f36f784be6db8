import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import type { EndpointStatus } from '../../src/shared/domain/history';
import { err } from '../../src/shared/util/result';
import { STATUSES, renderShell, flush } from './shell-harness';

afterEach(cleanup);

const LOGOUT = { auth: { logout: {} } } as AgentCapabilities;
const statuses = (patch: Partial<Record<string, Partial<EndpointStatus>>>): EndpointStatus[] =>
  STATUSES.map((s) => ({ ...s, ...patch[s.endpointId] }) as EndpointStatus);

const moreButton = (name: string) => screen.getByRole('button', { name: `More actions for ${name}` });
async function ready(options: Parameters<typeof renderShell>[0] = {}) {
  const rendered = renderShell(options);
  await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
  return rendered;
}
const openMenu = (name: string) => {
  fireEvent.click(moreButton(name));
  return screen.getByRole('menu', { name: `Actions for ${name}` });
};
const items = (menu: HTMLElement) =>
  within(menu)
    .getAllByRole('menuitem')
    .map((b) => b.textContent);

describe('endpoint menu in the sidebar', () => {
  it('is a menu button on every endpoint row, with Diagnose, Edit and Remove', async () => {
    await ready();
    for (const name of ['Local demo agent', 'Staging coder', 'WebSocket lab']) {
      expect(moreButton(name).getAttribute('aria-haspopup')).toBe('menu');
      expect(moreButton(name).getAttribute('aria-expanded')).toBe('false');
    }
    const menu = openMenu('Local demo agent');
    expect(moreButton('Local demo agent').getAttribute('aria-expanded')).toBe('true');
    expect(moreButton('Local demo agent').getAttribute('aria-controls')).toBe(menu.id);
    expect(items(menu)).toEqual(['Diagnose', 'Edit', 'Remove…']);
  });

  it('moves with the arrow keys, wraps, and Esc closes it with focus back on the button', async () => {
    await ready();
    const menu = openMenu('Local demo agent');
    const [diagnose, edit, remove] = within(menu).getAllByRole('menuitem');
    await waitFor(() => expect(document.activeElement).toBe(diagnose));
    fireEvent.keyDown(diagnose!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(edit);
    fireEvent.keyDown(edit!, { key: 'ArrowDown' });
    fireEvent.keyDown(remove!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(diagnose);
    fireEvent.keyDown(diagnose!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(remove);
    fireEvent.keyDown(remove!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(moreButton('Local demo agent'));
  });

  it('is reached from the row with the right arrow, after "+"', async () => {
    await ready();
    const row = screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointName === 'Local demo agent')!;
    act(() => row.focus());
    fireEvent.keyDown(row, { key: 'ArrowRight' });
    const plus = document.activeElement as HTMLElement;
    expect(plus.getAttribute('aria-label')).toBe('New session on Local demo agent');
    fireEvent.keyDown(plus, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(moreButton('Local demo agent'));
    fireEvent.keyDown(moreButton('Local demo agent'), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(plus);
    fireEvent.keyDown(plus, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(row);
  });

  it('Diagnose opens the endpoint page and runs the doctor there', async () => {
    const { bridge } = await ready();
    fireEvent.click(within(openMenu('Staging coder')).getByRole('menuitem', { name: 'Diagnose' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:diagnose')).toEqual([{ id: 'staging' }]);
    expect(await screen.findByTestId('diagnose-panel')).toBeTruthy();
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('Edit opens the editor', async () => {
    await ready();
    fireEvent.click(within(openMenu('Staging coder')).getByRole('menuitem', { name: 'Edit' }));
    expect((await screen.findByTestId('endpoint-name-input')) as HTMLInputElement).toHaveProperty(
      'value',
      'Staging coder',
    );
  });

  it('offers Retry now only while offline', async () => {
    const { bridge } = await ready({
      statuses: statuses({ 'ws-lab': { state: 'offline', detail: 'ECONNREFUSED', retryEveryMs: 15_000 } }),
    });
    expect(items(openMenu('Local demo agent'))).not.toContain('Retry now');
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    fireEvent.click(within(openMenu('WebSocket lab')).getByRole('menuitem', { name: 'Retry now' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:retry')).toEqual([{ id: 'ws-lab' }]);
  });

  it('offers Log out only when the agent advertises it, and asks first', async () => {
    const { bridge } = await ready({ statuses: statuses({ demo: { agentCapabilities: LOGOUT } }) });
    expect(items(openMenu('Staging coder'))).not.toContain('Log out…');
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    fireEvent.click(within(openMenu('Local demo agent')).getByRole('menuitem', { name: 'Log out…' }));
    let confirm = screen.getByRole('alertdialog', { name: 'Log out of Local demo agent' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(moreButton('Local demo agent'));
    expect(bridge.fake.callsTo('endpoints:logout')).toEqual([]);

    fireEvent.click(within(openMenu('Local demo agent')).getByRole('menuitem', { name: 'Log out…' }));
    confirm = screen.getByRole('alertdialog', { name: 'Log out of Local demo agent' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Log out' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:logout')).toEqual([{ id: 'demo' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says why a logout failed', async () => {
    await ready({
      statuses: statuses({ demo: { agentCapabilities: LOGOUT } }),
      handlers: { 'endpoints:logout': () => err('unavailable', 'The agent refused the logout.') },
    });
    fireEvent.click(within(openMenu('Local demo agent')).getByRole('menuitem', { name: 'Log out…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect((await screen.findByTestId('endpoint-menu-error')).textContent).toMatch(/refused the logout/);
  });

  it('removes an endpoint only after confirming', async () => {
    const { bridge } = await ready();
    fireEvent.click(within(openMenu('Staging coder')).getByRole('menuitem', { name: 'Remove…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove Staging coder' });
    expect(confirm.textContent).toMatch(/sessions stay in the history/);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(bridge.fake.callsTo('endpoints:remove')).toEqual([]);
    fireEvent.click(within(openMenu('Staging coder')).getByRole('menuitem', { name: 'Remove…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:remove')).toEqual([{ id: 'staging' }]);
    await waitFor(() =>
      expect(screen.getAllByTestId('endpoint-item').map((el) => el.dataset.endpointName)).not.toContain(
        'Staging coder',
      ),
    );
  });

  it('closes on a click outside', async () => {
    await ready();
    openMenu('Local demo agent');
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
