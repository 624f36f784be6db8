import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEndpoint, sampleProbe } from '../../src/renderer/bridge/fake-data';
import type { AgentProbe } from '../../src/shared/domain/app';
import { err, ok, type IpcResult } from '../../src/shared/util/result';
import { deferred, renderApp } from './render-app';

afterEach(cleanup);

const items = () => screen.getAllByTestId('endpoint-item');
const item = (name: string) => items().find((el) => el.dataset.endpointName === name)!;
/** The endpoint the main pane shows is marked as the current page in the sidebar. */
const current = (name: string) => item(name).getAttribute('aria-current') === 'page';

describe('endpoint list', () => {
  it('lists every saved endpoint with its host and a demo badge for the builtin one', async () => {
    renderApp();

    await waitFor(() => expect(items()).toHaveLength(3));
    expect(items().map((el) => el.dataset.endpointName)).toEqual([
      'Local demo agent',
      'Staging coder',
      'WebSocket lab',
    ]);
    expect(within(item('Staging coder')).getByText('agents.staging.example.com')).toBeTruthy();
    expect(within(item('Local demo agent')).getByText('demo')).toBeTruthy();
    expect(within(item('WebSocket lab')).queryByText('demo')).toBeNull();
    expect(screen.getByRole('list', { name: 'Endpoints' })).toBe(screen.getByTestId('endpoint-list'));
    expect(screen.getByRole('button', { name: /^Local demo agent/ })).toBe(item('Local demo agent'));
  });

  it("marks the host's selection and shows that endpoint in the main pane", async () => {
    renderApp({ selectedId: 'staging' });

    await waitFor(() => expect(current('Staging coder')).toBe(true));
    const details = screen.getByTestId('endpoint-details');
    expect(within(details).getByRole('heading', { level: 1 }).textContent).toBe('Staging coder');
    expect(within(details).getAllByText('https://agents.staging.example.com/v1/acp').length).toBeGreaterThan(0);
    expect(within(details).getByText('Streamable HTTP')).toBeTruthy();
    expect(within(details).getByText('Shared staging agent. Resets nightly.')).toBeTruthy();
    expect(within(details).getByText('Authorization')).toBeTruthy();
  });

  it('selecting an endpoint persists the choice through the bridge and shows it', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(items()).toHaveLength(3));

    fireEvent.click(item('WebSocket lab'));

    await waitFor(() => expect(bridge.fake.callsTo('endpoints:select')).toEqual([{ id: 'ws-lab' }]));
    expect(current('WebSocket lab')).toBe(true);
    expect(current('Local demo agent')).toBe(false);
    expect(within(screen.getByTestId('endpoint-details')).getByRole('heading', { level: 1 }).textContent).toBe(
      'WebSocket lab',
    );
  });

  it('moves focus with the arrow keys, Home and End, and opens the focused endpoint with a click or Enter', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(items()).toHaveLength(3));
    const list = screen.getByTestId('endpoint-list');
    expect(items().map((el) => el.tabIndex)).toEqual([0, -1, -1]);
    item('Local demo agent').focus();

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Staging coder'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(item('WebSocket lab'));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(item('Local demo agent'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(item('Local demo agent'));
    expect(bridge.fake.callsTo('endpoints:select')).toEqual([]);

    fireEvent.keyDown(list, { key: 'End' });
    expect(items().map((el) => el.tabIndex)).toEqual([0, -1, -1]); // keys on the list itself move nothing
    fireEvent.keyDown(item('Local demo agent'), { key: 'ArrowDown' });
    fireEvent.click(document.activeElement!);

    await waitFor(() => expect(current('Staging coder')).toBe(true));
    expect(bridge.fake.callsTo('endpoints:select')).toEqual([{ id: 'staging' }]);
    expect(items().map((el) => el.tabIndex)).toEqual([-1, 0, -1]);
  });

  it('updates the list when the host pushes endpoints:changed', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(items()).toHaveLength(3));

    act(() => {
      bridge.fake.setList({
        endpoints: [...bridge.fake.list().endpoints, sampleEndpoint({ id: 'new', name: 'Added elsewhere' })],
        selectedId: 'new',
      });
    });

    await waitFor(() => expect(items()).toHaveLength(4));
    expect(current('Added elsewhere')).toBe(true);
  });

  it('shows a load failure as a sentence with a retry', async () => {
    let fail = true;
    const list = { endpoints: [sampleEndpoint({ id: 'x', name: 'Recovered' })], selectedId: 'x' };
    renderApp({
      handlers: { 'endpoints:list': () => (fail ? err('internal', 'settings file is unreadable') : ok(list)) },
    });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Settings file is unreadable.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(items()).toHaveLength(1));
  });

  it('falls back to the host selection and says why when a select fails', async () => {
    renderApp({ handlers: { 'endpoints:select': () => err('not_found', 'No saved endpoint has the id ws-lab') } });
    await waitFor(() => expect(items()).toHaveLength(3));

    fireEvent.click(item('WebSocket lab'));

    await waitFor(() => expect(current('Local demo agent')).toBe(true));
    expect(screen.getByRole('alert').textContent).toContain('No saved endpoint has the id ws-lab.');
  });
});

describe('test connection', () => {
  it("shows the agent's identity, handshake facts, capabilities and auth methods", async () => {
    const { bridge } = renderApp({ probe: () => ok(sampleProbe({ transport: 'ws', durationMs: 1234 })) });
    fireEvent.click(await screen.findByTestId('test-connection'));

    const result = await screen.findByTestId('probe-result');
    expect(bridge.fake.callsTo('endpoints:test')).toEqual([{ id: 'demo' }]);
    const text = result.textContent ?? '';
    expect(text).toContain('ACP Desk demo agent');
    expect(text).toContain('demo-agent 1.2.0');
    expect(within(result).getByText('Protocol version').nextSibling?.textContent).toBe('1');
    expect(within(result).getByText('Transport used').nextSibling?.textContent).toBe('WebSocket');
    expect(within(result).getByText('Round trip').nextSibling?.textContent).toBe('1.23 s');
    const chips = within(within(result).getByRole('list', { name: 'Capabilities' })).getAllByRole('listitem');
    const on = chips.map((c) => c.textContent ?? '').filter((t) => t.endsWith(': supported'));
    expect(on.map((t) => t.slice(1, -': supported'.length))).toEqual([
      'Load session',
      'Image prompts',
      'Embedded context',
      'List sessions',
      'Resume sessions',
    ]);
    expect(text).toContain('API token');
  });

  it('shows the error as a sentence with a next step', async () => {
    renderApp({ probe: () => err('unavailable', 'connection refused by 127.0.0.1:4319') });
    fireEvent.click(await screen.findByTestId('test-connection'));

    const error = await screen.findByTestId('probe-error');
    expect(within(error).getByText('Nothing is listening at 127.0.0.1:4319.')).toBeTruthy();
    expect(within(error).getByText('Start the agent, or check the address.')).toBeTruthy();
    // The transport's own words are behind Details, closed at first.
    const toggle = within(error).getByRole('button', { name: 'Details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(error).getByTestId('error-details').hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(error).getByTestId('error-details').hidden).toBe(false);
    expect(within(error).getByTestId('error-details').textContent).toContain('connection refused by 127.0.0.1:4319');
    expect(screen.queryByTestId('probe-result')).toBeNull();
  });

  it('shows progress while the test runs and keeps each endpoint’s result apart', async () => {
    const slow = deferred<IpcResult<AgentProbe>>();
    renderApp({ probe: () => slow.promise });
    const button = await screen.findByTestId('test-connection');

    fireEvent.click(button);

    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    expect(screen.getByRole('status').textContent).toContain('Connecting to 127.0.0.1:4319');
    await act(async () => slow.resolve(ok(sampleProbe())));
    await screen.findByTestId('probe-result');
    fireEvent.click(item('Staging coder'));
    await waitFor(() => expect(screen.queryByTestId('probe-result')).toBeNull());
    expect(screen.getByText('Not tested yet')).toBeTruthy();
  });
});
