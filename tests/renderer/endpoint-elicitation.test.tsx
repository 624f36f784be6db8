/**
 * A request-scoped elicitation (no session, issue 14) is a modal dialog on its endpoint's pages:
 * labelled, focus inside and kept there, Esc cancels, answered through endpoints:resolveElicitation.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { update } from '../../src/renderer/state/app-state';
import type { EndpointElicitation, EndpointStatus } from '../../src/shared/domain/history';
import { STATUSES, flush, renderShell } from './shell-harness';

afterEach(cleanup);

const FORM: EndpointElicitation = {
  requestId: 'endpoint#elicit-1',
  at: Date.now(),
  request: {
    requestId: 'workspace',
    mode: 'form',
    message: 'Which workspace?',
    requestedSchema: {
      properties: { seats: { type: 'integer', title: 'Seats' }, note: { type: 'string', title: 'Note' } },
      required: ['seats'],
    },
  },
};

const URL_ASK = (url: string): EndpointElicitation => ({
  requestId: 'endpoint#elicit-2',
  at: Date.now(),
  request: { requestId: 'w', mode: 'url', message: 'Sign in', elicitationId: 'login', url },
});

const demo = (patch: Partial<EndpointStatus>): EndpointStatus => ({ ...STATUSES[0]!, ...patch });

async function shown(...elicitations: EndpointElicitation[]) {
  const app = renderShell();
  await flush();
  act(() => app.bridge.fake.emit('endpoints:statusChanged', demo({ elicitations })));
  return app;
}

describe('endpoint elicitation dialog', () => {
  it('is a labelled modal dialog with focus on its first field', async () => {
    await shown(FORM);
    const dialog = screen.getByRole('dialog', { name: 'Local demo agent asks for input' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('Which workspace?');
    expect(document.activeElement).toBe(within(dialog).getByRole('spinbutton', { name: 'Seats' }));
  });

  it('Accept sends the typed content for the endpoint', async () => {
    const { bridge } = await shown(FORM);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Seats' }), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:resolveElicitation')).toEqual([
      { id: 'demo', requestId: 'endpoint#elicit-1', answer: { action: 'accept', content: { seats: 3 } } },
    ]);
  });

  it('a required field left empty is named and focused, nothing is sent', async () => {
    const { bridge } = await shown(FORM);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await flush();
    const seats = screen.getByRole('spinbutton', { name: 'Seats' });
    expect(document.activeElement).toBe(seats);
    expect(seats.getAttribute('aria-invalid')).toBe('true');
    expect(bridge.fake.callsTo('endpoints:resolveElicitation')).toEqual([]);
  });

  it('Esc cancels', async () => {
    const { bridge } = await shown(FORM);
    fireEvent.keyDown(screen.getByRole('spinbutton', { name: 'Seats' }), { key: 'Escape' });
    await flush();
    expect(bridge.fake.callsTo('endpoints:resolveElicitation')).toEqual([
      { id: 'demo', requestId: 'endpoint#elicit-1', answer: { action: 'cancel' } },
    ]);
  });

  it('keeps Tab and Shift+Tab inside', async () => {
    await shown(FORM);
    const dialog = screen.getByRole('dialog');
    const seats = within(dialog).getByRole('spinbutton', { name: 'Seats' });
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(seats);
    fireEvent.keyDown(seats, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('goes when the endpoint no longer has it, and focus returns where it was', async () => {
    const app = renderShell();
    await flush();
    const before = screen.getAllByRole('button')[0]!;
    before.focus();
    act(() => app.bridge.fake.emit('endpoints:statusChanged', demo({ elicitations: [FORM] })));
    expect(document.activeElement).not.toBe(before);
    act(() => app.bridge.fake.emit('endpoints:statusChanged', demo({})));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(before);
  });

  it('shows the oldest first and says how many more wait', async () => {
    await shown(FORM, URL_ASK('https://login.example.test/'));
    expect(screen.getByTestId('endpoint-elicitation').dataset.mode).toBe('form');
    expect(screen.getByText('One more request waits.')).toBeTruthy();
  });

  it('shows on the chat of one of the endpoint’s sessions', async () => {
    const { store } = await shown(FORM);
    await act(() => store.sessions.openSession('s-new'));
    await flush();
    expect(store.getState().ui.view.kind).toBe('chat');
    expect(screen.getByRole('dialog', { name: 'Local demo agent asks for input' })).toBeTruthy();
  });

  it('is not shown on another endpoint’s page', async () => {
    const { store } = await shown(FORM);
    expect(screen.getByRole('dialog')).toBeTruthy();
    act(() => update(store, 'ui', (u) => ({ ...u, view: { kind: 'endpoint', endpointId: 'staging', mode: 'view' } })));
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => update(store, 'ui', (u) => ({ ...u, view: { kind: 'history' } })));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a URL request shows its origin and address; a refused one cannot be opened', async () => {
    const { bridge } = await shown(URL_ASK('http://login.example.test/device'));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('elicitation-origin').textContent).toBe(
      'A page on login.example.test (http://login.example.test)',
    );
    expect(within(dialog).getByTestId('elicitation-url').textContent).toBe('http://login.example.test/device');
    expect(within(dialog).queryByTestId('elicitation-open')).toBeNull();
    // Nothing focusable but the answers: the dialog itself holds focus first.
    expect(document.activeElement).toBe(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:resolveElicitation')).toEqual([
      { id: 'demo', requestId: 'endpoint#elicit-2', answer: { action: 'decline' } },
    ]);
  });

  it('an opened URL request waits for the agent, and Stop waiting dismisses it', async () => {
    const { bridge } = await shown({ ...URL_ASK('https://login.example.test/'), accepted: true });
    expect(screen.getByTestId('endpoint-elicitation').dataset.state).toBe('waiting');
    expect(screen.getByTestId('elicitation-waiting').textContent).toContain('Waiting for the agent');
    fireEvent.click(screen.getByRole('button', { name: 'Stop waiting' }));
    await flush();
    expect(bridge.fake.callsTo('endpoints:resolveElicitation')).toEqual([
      { id: 'demo', requestId: 'endpoint#elicit-2', answer: { action: 'cancel' } },
    ]);
  });

  it('says so when the request is no longer waiting', async () => {
    const app = renderShell({
      handlers: {
        'endpoints:resolveElicitation': () => ({
          ok: false,
          error: { code: 'not_found', message: 'That request for input is no longer waiting for an answer.' },
        }),
      },
    });
    await flush();
    act(() => app.bridge.fake.emit('endpoints:statusChanged', demo({ elicitations: [FORM] })));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await flush();
    expect(screen.getByTestId('endpoint-elicitation-error').textContent).toBe(
      'That request for input is no longer waiting for an answer.',
    );
  });
});
