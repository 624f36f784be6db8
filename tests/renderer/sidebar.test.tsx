import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../src/shared/util/result';
import { NOW, renderShell, summary } from './shell-harness';

afterEach(cleanup);

const endpointItem = (name: string) =>
  screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointName === name)!;
const node = (name: string) => endpointItem(name).closest('li')!;
const sessionItem = (id: string) => screen.getAllByTestId('session-item').find((el) => el.dataset.sessionId === id)!;
const newSessionButton = (name: string) =>
  screen.getAllByTestId('new-session').find((el) => el.dataset.endpointName === name)!;

describe('sidebar', () => {
  it('shows each endpoint with its live status and agent, and its sessions newest first', async () => {
    renderShell();
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));

    expect(endpointItem('Local demo agent').textContent).toContain('Connected');
    expect(endpointItem('Local demo agent').textContent).toContain('ACP Desk demo agent 0.1.0');
    expect(endpointItem('Staging coder').textContent).toContain('Failed');
    // One classified line under the endpoint, not the transport's words.
    const line = within(node('Staging coder')).getByTestId('endpoint-status-line');
    expect(line.textContent).toBe('Nothing is listening at agents.staging.example.com.');
    expect(line.getAttribute('title')).toBe(
      'Nothing is listening at agents.staging.example.com. Start the agent, or check the address.',
    );
    expect(endpointItem('WebSocket lab').textContent).toContain('Reconnecting (attempt 3)');

    const demoSessions = within(node('Local demo agent')).getAllByTestId('session-item');
    expect(demoSessions.map((el) => el.dataset.sessionId)).toEqual(['s-new', 's-old']);
    expect(sessionItem('s-new').dataset.live).toBe('true');
    expect(sessionItem('s-new').textContent).toContain('Explain the greeting module');
    expect(sessionItem('s-new').textContent).toContain('just now');
    expect(sessionItem('s-new').textContent).toContain('turn running');
    expect(sessionItem('s-old').textContent).toContain('3 h ago');
    expect(sessionItem('s-old').dataset.live).toBe('false');
    const readOnly = sessionItem('s-staging');
    expect(readOnly.textContent).toContain('Untitled session');
    expect(readOnly.textContent).toContain('read-only: The agent cannot load past sessions');
  });

  it('says "Not connected" for an endpoint the host has no status for', async () => {
    renderShell({ statuses: [] });
    await waitFor(() => expect(endpointItem('Local demo agent').textContent).toContain('Not connected'));
    expect(endpointItem('Local demo agent').textContent).toContain('127.0.0.1:4319');
  });

  it('follows pushed status changes', async () => {
    const { bridge } = renderShell({ statuses: [] });
    await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(3));

    act(() =>
      bridge.fake.emit('endpoints:statusChanged', { endpointId: 'ws-lab', state: 'closed', detail: 'agent went away' }),
    );

    expect(endpointItem('WebSocket lab').textContent).toContain('Disconnected');
    expect(endpointItem('WebSocket lab').dataset.status).toBe('closed');
  });

  it('"+" starts a session on that endpoint and opens it', async () => {
    const { bridge, store } = renderShell();
    await waitFor(() => expect(screen.getAllByTestId('new-session')).toHaveLength(3));
    expect(newSessionButton('Staging coder').getAttribute('aria-label')).toBe('New session on Staging coder');

    fireEvent.click(newSessionButton('Staging coder'));

    await waitFor(() => expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-created' }]));
    expect(bridge.fake.callsTo('sessions:new')).toEqual([{ endpointId: 'staging' }]);
    expect(store.getState().ui.view).toEqual({ kind: 'chat' });
    expect(await screen.findByTestId('chat-view')).toBeTruthy();
  });

  it('clicking a session opens it and marks it as the current page', async () => {
    const { bridge } = renderShell();
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));

    fireEvent.click(sessionItem('s-old'));

    await screen.findByTestId('chat-view');
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-old' }]);
    expect(sessionItem('s-old').getAttribute('aria-current')).toBe('page');
    expect(endpointItem('Local demo agent').getAttribute('aria-current')).toBeNull();
  });

  it('shows why a new session failed under the endpoint in one line, and dismisses it', async () => {
    renderShell({ handlers: { 'sessions:new': () => err('unavailable', 'connection refused by 127.0.0.1:4319') } });
    await waitFor(() => expect(screen.getAllByTestId('new-session')).toHaveLength(3));

    fireEvent.click(newSessionButton('WebSocket lab'));

    const alert = await within(node('WebSocket lab')).findByTestId('session-start-error');
    expect(alert.textContent).toBe('Nothing is listening at 127.0.0.1:4319. Start the agent, or check the address.');
    // A compact line in the sidebar, said once: no box of details, no second copy elsewhere.
    expect(alert.className).toContain('session-alert-compact');
    expect(within(alert).queryByTestId('error-details-toggle')).toBeNull();
    expect(screen.getAllByTestId('session-start-error')).toHaveLength(1);
    expect(screen.queryByTestId('auth-method')).toBeNull();
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(within(node('WebSocket lab')).queryByTestId('session-start-error')).toBeNull();
    expect(document.activeElement).toBe(endpointItem('WebSocket lab'));
  });

  it('says it once, in full in the main pane, for the endpoint the main pane shows', async () => {
    renderShell({
      handlers: {
        'sessions:new': () =>
          err(
            'unavailable',
            'Starting a session failed: Could not reach the server: fetch failed (connect ECONNREFUSED 127.0.0.1:4319)',
          ),
      },
    });
    await waitFor(() => expect(endpointItem('Local demo agent').getAttribute('aria-current')).toBe('page'));

    fireEvent.click(newSessionButton('Local demo agent'));

    const alert = await within(screen.getByTestId('endpoint-details')).findByTestId('session-start-error');
    expect(screen.getAllByTestId('session-start-error')).toHaveLength(1);
    expect(within(node('Local demo agent')).queryByTestId('session-start-error')).toBeNull();
    expect(alert.getAttribute('role')).toBe('alert');
    expect(within(alert).getByText('Nothing is listening at 127.0.0.1:4319.')).toBeTruthy();
    expect(within(alert).getByText('Start the agent, or check the address.')).toBeTruthy();
    // The errno text is only behind Details, hidden until asked for.
    expect(within(alert).getByTestId('error-details').hidden).toBe(true);
    fireEvent.click(within(alert).getByRole('button', { name: 'Details' }));
    expect(within(alert).getByTestId('error-details').hidden).toBe(false);
    expect(within(alert).getByTestId('error-details').textContent).toContain('connect ECONNREFUSED 127.0.0.1:4319');
  });

  it('offers the agent’s sign-in methods when it wants authentication, then starts the session', async () => {
    let signedIn = false;
    const { bridge } = renderShell({
      statuses: [
        {
          endpointId: 'demo',
          state: 'connected',
          authRequired: true,
          authMethods: [
            { id: 'demo-token', name: 'Demo token', description: 'Any token works' },
            { id: 'tui', name: 'Terminal login', type: 'terminal' } as never,
          ],
        },
      ],
      handlers: {
        'sessions:new': () =>
          signedIn ? ok({ sessionId: 's-created' }) : err('unauthorized', 'the agent requires authentication'),
        'endpoints:authenticate': () => {
          signedIn = true;
          return ok(null);
        },
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('new-session')).toHaveLength(3));
    fireEvent.click(newSessionButton('Local demo agent'));

    const alert = await within(screen.getByTestId('endpoint-details')).findByTestId('session-start-error');
    expect(alert.textContent).toContain('The agent requires authentication.');
    const methods = within(alert).getAllByTestId('auth-method');
    expect(methods.map((m) => m.textContent)).toEqual(['Demo token']); // terminal sign-in is not ours to run
    expect(methods[0]!.getAttribute('title')).toBe('Any token works');
    fireEvent.click(methods[0]!);

    await screen.findByTestId('chat-view');
    expect(bridge.fake.callsTo('endpoints:authenticate')).toEqual([{ id: 'demo', methodId: 'demo-token' }]);
    expect(bridge.fake.callsTo('sessions:new')).toHaveLength(2);
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-created' }]);
  });

  it('says so when signing in fails', async () => {
    renderShell({
      statuses: [{ endpointId: 'demo', state: 'connected', authMethods: [{ id: 'token', name: 'API token' }] }],
      handlers: {
        'sessions:new': () => err('unauthorized', 'sign in first'),
        'endpoints:authenticate': () => err('unauthorized', 'the token was rejected'),
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('new-session')).toHaveLength(3));
    fireEvent.click(newSessionButton('Local demo agent'));
    fireEvent.click(await within(screen.getByTestId('endpoint-details')).findByTestId('auth-method'));

    await waitFor(() =>
      expect(screen.getByTestId('endpoint-details').textContent).toContain('The token was rejected.'),
    );
  });

  it('walks endpoints and sessions with the arrow keys; Right reaches the "+" button', async () => {
    renderShell({ selectedId: 'demo' });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
    endpointItem('Local demo agent').focus();

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(sessionItem('s-new'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(endpointItem('Staging coder'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(newSessionButton('Staging coder'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(sessionItem('s-staging'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(endpointItem('Staging coder'));
    // One tab stop: the row focused last.
    expect(screen.getAllByTestId('endpoint-item').filter((el) => el.tabIndex === 0)).toEqual([
      endpointItem('Staging coder'),
    ]);
    expect(screen.getAllByTestId('session-item').every((el) => el.tabIndex === -1)).toBe(true);
  });

  it('shows five sessions per endpoint and the rest on request', async () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      summary({ sessionId: `m${i}`, title: `Session ${i}`, lastActivity: NOW - i * 60_000 }),
    );
    renderShell({ summaries: many });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(5));

    fireEvent.click(screen.getByRole('button', { name: 'Show 3 more' }));

    expect(screen.getAllByTestId('session-item')).toHaveLength(8);
  });

  it('goes to the history, marked as the current page', async () => {
    renderShell();
    const link = await screen.findByTestId('history-link');
    fireEvent.click(link);
    expect(await screen.findByTestId('history-view')).toBeTruthy();
    expect(link.getAttribute('aria-current')).toBe('page');
  });
});
