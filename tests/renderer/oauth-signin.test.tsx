/**
 * OAuth sign-in in the renderer (issue 15), against the fake bridge (which validates every
 * payload with the same invokeSchemas as the hosts): the editor's Sign-in section saves the
 * draft's `auth`, a saved OAuth endpoint shows "Not signed in" → Sign in → "Signed in as … ·
 * expires HH:MM" → Sign out; a device prompt shows the code with Copy and the verification
 * link; the sidebar menu offers Sign in / Sign out; a refused session start offers Sign in.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEndpoint, sampleEndpoints } from '../../src/renderer/bridge/fake-data';
import type { EndpointDraft, SavedEndpoint } from '../../src/shared/domain/endpoint';
import { endpointAuthDraftSchema, type OAuthStatusView } from '../../src/shared/domain/endpoint-auth';
import { err, ok } from '../../src/shared/util/result';
import { deferred, renderApp } from './render-app';

afterEach(cleanup);

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

const oauthEndpoint = (): SavedEndpoint =>
  sampleEndpoint({
    id: 'corp',
    name: 'Corp agent',
    url: 'https://agent.corp.example/acp',
    auth: { kind: 'oauth', clientId: 'desk', hasClientSecret: true, scopes: ['acp'], flow: 'auto' },
  });

async function openEditorOf(name: string, options: Parameters<typeof renderApp>[0] = {}) {
  const rendered = renderApp({ endpoints: [...sampleEndpoints(), oauthEndpoint()], ...options });
  const item = (await screen.findAllByTestId('endpoint-item')).find((el) => el.dataset.endpointName === name)!;
  fireEvent.click(item);
  fireEvent.click(await screen.findByTestId('endpoint-edit'));
  await screen.findByTestId('endpoint-editor');
  return rendered;
}

async function saveAndGetDraft(bridge: ReturnType<typeof renderApp>['bridge']): Promise<EndpointDraft> {
  fireEvent.click(screen.getByTestId('endpoint-save'));
  await screen.findByTestId('endpoint-details');
  return (bridge.fake.callsTo('endpoints:save') as { draft: EndpointDraft }[]).at(-1)!.draft;
}

describe('endpoint editor: Sign-in section', () => {
  it('a new endpoint signs in with nothing by default; OAuth with a client id and scopes saves them', async () => {
    const { bridge } = renderApp();
    fireEvent.click(await screen.findByTestId('add-endpoint'));
    await screen.findByTestId('endpoint-editor');
    type('endpoint-name-input', 'Hosted');
    type('endpoint-url-input', 'https://agent.example.com/acp');
    const none = screen.getByRole('radio', { name: 'None (headers only)' }) as HTMLInputElement;
    expect(none.checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'OAuth' }));
    expect(screen.getByLabelText('Client ID').getAttribute('placeholder')).toBe('Registered automatically');
    expect(screen.getByText('Registered automatically when empty.')).toBeTruthy();
    type('auth-client-id', 'desk-app');
    type('auth-scopes', 'openid  acp');
    fireEvent.click(screen.getByTestId('auth-advanced'));
    type('auth-server', 'https://login.example.com');
    type('auth-flow', 'device');
    const draft = await saveAndGetDraft(bridge);
    expect(draft.auth).toEqual({
      kind: 'oauth',
      clientId: 'desk-app',
      scopes: ['openid', 'acp'],
      authorizationServer: 'https://login.example.com',
      flow: 'device',
    });
    expect(endpointAuthDraftSchema.safeParse(draft.auth).success).toBe(true);
  });

  it('keeps the stored client secret unless replaced, and never shows it', async () => {
    const { bridge } = await openEditorOf('Corp agent');
    expect((screen.getByRole('radio', { name: 'OAuth' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('auth-client-id') as HTMLInputElement).value).toBe('desk');
    expect(screen.getByTestId('signin-fields').textContent).toContain('stored');
    const draft = await saveAndGetDraft(bridge);
    expect(draft.auth).toEqual({ kind: 'oauth', clientId: 'desk', scopes: ['acp'], flow: 'auto' });
  });

  it('shows Not signed in, signs in (Signed in as … · expires HH:MM), and signs out', async () => {
    const { bridge } = await openEditorOf('Corp agent');
    const status = await screen.findByTestId('oauth-status');
    expect(status.textContent).toContain('Not signed in');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(status.textContent).toMatch(/Signed in as alice@example\.com · expires \d\d:\d\d/));
    expect(bridge.fake.callsTo('endpoints:signIn')).toEqual([{ id: 'corp' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(status.textContent).toContain('Not signed in'));
    expect(bridge.fake.callsTo('endpoints:signOut')).toEqual([{ id: 'corp' }]);
  });

  it('shows a device code with Copy and the verification link while signing in, and Cancel', async () => {
    const pending = deferred<ReturnType<typeof ok<OAuthStatusView>>>();
    const { bridge } = await openEditorOf('Corp agent', {
      handlers: { 'endpoints:signIn': () => pending.promise },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    act(() =>
      bridge.fake.emit('endpoints:oauthChanged', {
        endpointId: 'corp',
        state: 'signing-in',
        prompt: {
          kind: 'device',
          userCode: 'WDJB-MJHT',
          verificationUri: 'https://login.example.com/device',
          verificationUriComplete: 'https://login.example.com/device?user_code=WDJB-MJHT',
          expiresAt: Date.now() + 600_000,
        },
      }),
    );
    const prompt = await screen.findByTestId('oauth-prompt');
    expect(within(prompt).getByLabelText('Device code').textContent).toBe('WDJB-MJHT');
    expect(within(prompt).getByRole('button', { name: 'Copy' })).toBeTruthy();
    const link = within(prompt).getByRole('link', { name: 'https://login.example.com/device' });
    expect(link.getAttribute('href')).toBe('https://login.example.com/device?user_code=WDJB-MJHT');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByTestId('oauth-status').textContent).toContain('Signing in…');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel sign-in' }));
    await waitFor(() => expect(bridge.fake.callsTo('endpoints:cancelSignIn')).toEqual([{ id: 'corp' }]));
    // The host ends the sign-in: its invoke fails as cancelled and the status is pushed.
    pending.resolve(err('conflict', 'The sign-in was cancelled.') as never);
    act(() => bridge.fake.emit('endpoints:oauthChanged', { endpointId: 'corp', state: 'signed-out' }));
    await waitFor(() => expect(screen.queryByTestId('oauth-prompt')).toBeNull());
  });
});

describe('OAuth in the sidebar and on refusals', () => {
  it('the endpoint menu offers Sign in for an OAuth endpoint, then Sign out', async () => {
    const { bridge } = renderApp({ endpoints: [...sampleEndpoints(), oauthEndpoint()] });
    const more = await screen.findByRole('button', { name: 'More actions for Corp agent' });
    fireEvent.click(more);
    const menu = screen.getByRole('menu', { name: 'Actions for Corp agent' });
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Sign in' }));
    await waitFor(() => expect(bridge.fake.callsTo('endpoints:signIn')).toEqual([{ id: 'corp' }]));
    await screen.findByTestId('endpoint-details');
    await waitFor(() => expect(screen.getByTestId('oauth-status').textContent).toContain('Signed in as alice'));
    fireEvent.click(screen.getByRole('button', { name: 'More actions for Corp agent' }));
    const again = screen.getByRole('menu', { name: 'Actions for Corp agent' });
    expect(within(again).queryByRole('menuitem', { name: 'Sign in' })).toBeNull();
    fireEvent.click(within(again).getByRole('menuitem', { name: 'Sign out' }));
    await waitFor(() => expect(bridge.fake.callsTo('endpoints:signOut')).toEqual([{ id: 'corp' }]));
    // Endpoints without OAuth have neither.
    fireEvent.click(screen.getByRole('button', { name: 'More actions for Local demo agent' }));
    const plain = screen.getByRole('menu', { name: 'Actions for Local demo agent' });
    expect(within(plain).queryByRole('menuitem', { name: /Sign (in|out)/ })).toBeNull();
  });

  it('a session start refused for want of an OAuth sign-in offers Sign in, which signs in and starts it', async () => {
    let calls = 0;
    const { bridge } = renderApp({
      endpoints: [...sampleEndpoints(), oauthEndpoint()],
      selectedId: 'corp',
      handlers: {
        'sessions:new': () =>
          ++calls === 1
            ? err('unauthorized', 'Not signed in: sign in to use this endpoint.', {
                signIn: { endpointId: 'corp', configured: true },
              })
            : ok({ sessionId: 's-new' }),
      },
    });
    const details = await screen.findByTestId('endpoint-details');
    fireEvent.click(within(details).getByRole('button', { name: /New session/ }));
    const alert = await within(details).findByTestId('session-start-error');
    expect(alert.textContent).toContain('Not signed in: sign in to use this endpoint.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(bridge.fake.callsTo('sessions:new')).toHaveLength(2));
    expect(bridge.fake.callsTo('endpoints:signIn')).toEqual([{ id: 'corp' }]);
  });
});
