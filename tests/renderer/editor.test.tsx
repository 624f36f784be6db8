import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleProbe } from '../../src/renderer/bridge/fake-data';
import { checkEndpointUrl, type EndpointDraft } from '../../src/shared/domain/endpoint';
import { err, ok } from '../../src/shared/util/result';
import { renderApp } from './render-app';

afterEach(cleanup);

const SECRET = 'Bearer sk-live-0123456789-do-not-show';

async function openNewEditor(options: Parameters<typeof renderApp>[0] = {}) {
  const rendered = renderApp(options);
  fireEvent.click(await screen.findByTestId('add-endpoint'));
  const editor = await screen.findByTestId('endpoint-editor');
  return { ...rendered, editor };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const message = (text: string) => (checkEndpointUrl(text) as { message: string }).message;

async function openEditorOf(name: string, options: Parameters<typeof renderApp>[0] = {}) {
  const rendered = renderApp(options);
  const item = (await screen.findAllByTestId('endpoint-item')).find((el) => el.dataset.endpointName === name)!;
  fireEvent.click(item);
  fireEvent.click(await screen.findByTestId('endpoint-edit'));
  return { ...rendered, editor: await screen.findByTestId('endpoint-editor') };
}

describe('endpoint editor', () => {
  it('checks the URL as you type with the shared message, and warns about plain http to another host', async () => {
    await openNewEditor();
    expect(document.activeElement).toBe(screen.getByTestId('endpoint-name-input'));
    expect(screen.queryByTestId('endpoint-url-error')).toBeNull();

    type('endpoint-url-input', 'ftp://nope');
    expect(screen.getByTestId('endpoint-url-error').textContent).toBe(message('ftp://nope'));
    expect(screen.getByTestId('endpoint-url-input').getAttribute('aria-invalid')).toBe('true');
    type('endpoint-url-input', 'https://user:pw@agent.example.com/acp');
    expect(screen.getByTestId('endpoint-url-error').textContent).toBe(
      'Put credentials in a secret header, not in the URL.',
    );

    type('endpoint-url-input', 'http://agents.internal.example/acp');
    expect(screen.queryByTestId('endpoint-url-error')).toBeNull();
    expect(screen.getByTestId('endpoint-url-warning').textContent).toContain('not encrypted');
    type('endpoint-url-input', 'http://127.0.0.1:4319/acp');
    expect(screen.queryByTestId('endpoint-url-warning')).toBeNull();
  });

  it('offers the scheme a URL typed without one is missing (localhost gets http://, other hosts https://)', async () => {
    await openNewEditor();
    type('endpoint-url-input', 'localhost:8080/acp');
    expect(screen.getByTestId('endpoint-url-error').textContent).toBe('Did you mean http://localhost:8080/acp?');
    fireEvent.click(screen.getByRole('button', { name: 'Use http://localhost:8080/acp' }));
    expect((screen.getByTestId('endpoint-url-input') as HTMLInputElement).value).toBe('http://localhost:8080/acp');
    expect(screen.queryByTestId('endpoint-url-error')).toBeNull();
    expect(screen.queryByTestId('endpoint-url-fix')).toBeNull();

    type('endpoint-url-input', 'agent.example.com/acp');
    expect(screen.getByTestId('endpoint-url-fix').textContent).toBe('Use https://agent.example.com/acp');
    type('endpoint-url-input', 'ftp://nope');
    expect(screen.queryByTestId('endpoint-url-fix')).toBeNull();
  });

  it('refuses to save an invalid draft and focuses the first field in error', async () => {
    const { bridge } = await openNewEditor();

    fireEvent.click(screen.getByTestId('endpoint-save'));

    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('endpoint-name-input')));
    expect(screen.getByText('Give the endpoint a name')).toBeTruthy();
    expect(screen.getByTestId('endpoint-url-error').textContent).toBe(message(''));
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);
  });

  it('saves a draft with a secret header without ever rendering the secret value', async () => {
    const { bridge, editor } = await openNewEditor();
    type('endpoint-name-input', 'Team agent');
    type('endpoint-url-input', 'https://agent.team.example/acp');
    fireEvent.change(screen.getByTestId('endpoint-transport'), { target: { value: 'ws' } });
    fireEvent.click(screen.getByTestId('add-header'));
    const row = within(editor).getByTestId('header-row');
    fireEvent.change(within(row).getByTestId('header-name-input'), { target: { value: 'Authorization' } });
    fireEvent.click(within(row).getByTestId('header-secret-toggle'));
    const secretInput = within(row).getByTestId('header-value-input') as HTMLInputElement;
    expect(secretInput.type).toBe('password');
    fireEvent.change(secretInput, { target: { value: SECRET } });
    expect(document.body.innerHTML).not.toContain(SECRET);

    fireEvent.click(screen.getByTestId('endpoint-save'));

    await screen.findByTestId('endpoint-details');
    const saved = bridge.fake.callsTo('endpoints:save') as { draft: EndpointDraft }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]!.draft).toMatchObject({
      name: 'Team agent',
      url: 'https://agent.team.example/acp',
      transport: 'ws',
      headers: [{ name: 'Authorization', value: SECRET, secret: true }],
    });
    expect(bridge.fake.callsTo('endpoints:select')).toHaveLength(1);
    expect(within(screen.getByTestId('endpoint-details')).getByRole('heading', { level: 1 }).textContent).toBe(
      'Team agent',
    );
    expect(document.body.innerHTML).not.toContain(SECRET);

    fireEvent.click(screen.getByTestId('endpoint-edit'));
    const stored = await screen.findByTestId('secret-stored');
    expect(stored.textContent).toContain('••• stored');
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('keeps a stored secret when saving unless it is replaced', async () => {
    const { bridge } = await openEditorOf('Staging coder');
    expect(screen.getAllByTestId('header-row')).toHaveLength(2);
    type('endpoint-name-input', 'Staging coder 2');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    const first = (bridge.fake.callsTo('endpoints:save') as { id: string; draft: EndpointDraft }[])[0]!;
    expect(first.id).toBe('staging');
    expect(first.draft.headers).toEqual([
      { name: 'Authorization', secret: true },
      { name: 'X-Team', value: 'platform', secret: false },
    ]);
  });

  it('replaces a stored secret with a new value, or keeps it after all', async () => {
    const { bridge } = await openEditorOf('Staging coder');
    fireEvent.click(screen.getByRole('button', { name: 'Replace the value of header Authorization' }));
    fireEvent.change(screen.getAllByTestId('header-value-input')[0]!, { target: { value: 'Bearer new' } });
    fireEvent.click(screen.getByRole('button', { name: 'Keep stored' }));
    expect(screen.getByTestId('secret-stored')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Replace the value of header Authorization' }));
    fireEvent.change(screen.getAllByTestId('header-value-input')[0]!, { target: { value: 'Bearer new' } });
    fireEvent.click(screen.getByTestId('endpoint-save'));

    await screen.findByTestId('endpoint-details');
    const saved = (bridge.fake.callsTo('endpoints:save') as { draft: EndpointDraft }[])[0]!;
    expect(saved.draft.headers?.[0]).toEqual({ name: 'Authorization', value: 'Bearer new', secret: true });
  });

  it('shows a host validation error under the field it names', async () => {
    await openNewEditor({
      handlers: {
        'endpoints:save': () =>
          err('invalid_request', 'This header is set by ACP Desk itself (draft.headers.0.name)', [
            { path: 'draft.headers.0.name', message: 'This header is set by ACP Desk itself' },
          ]),
      },
    });
    type('endpoint-name-input', 'X');
    type('endpoint-url-input', 'https://agent.example.com/acp');
    fireEvent.click(screen.getByTestId('add-header'));
    fireEvent.change(screen.getByTestId('header-name-input'), { target: { value: 'X-Fine' } });
    fireEvent.click(screen.getByTestId('endpoint-save'));

    const row = screen.getByTestId('header-row');
    await waitFor(() => expect(row.textContent).toContain('This header is set by ACP Desk itself'));
    expect(screen.getByTestId('endpoint-editor')).toBeTruthy();
  });

  it('shows a save failure that names no field as a sentence', async () => {
    await openNewEditor({ handlers: { 'endpoints:save': () => err('internal', 'settings file is read-only') } });
    type('endpoint-name-input', 'X');
    type('endpoint-url-input', 'https://agent.example.com/acp');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    expect((await screen.findByTestId('endpoint-save-error')).textContent).toContain('Settings file is read-only.');
  });

  it('tests an unsaved draft without saving it', async () => {
    const { bridge } = await openNewEditor({ probe: () => ok(sampleProbe({ transport: 'ws' })) });
    type('endpoint-name-input', 'Draft');
    type('endpoint-url-input', 'wss://lab.example.net/acp');
    fireEvent.click(screen.getByTestId('test-connection'));

    const result = await screen.findByTestId('probe-result');
    expect(result.textContent).toContain('ACP Desk demo agent');
    expect(bridge.fake.callsTo('endpoints:test')).toEqual([
      { draft: expect.objectContaining({ name: 'Draft', url: 'wss://lab.example.net/acp' }) },
    ]);
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);
  });

  it('removes an endpoint only after confirming', async () => {
    const { bridge } = await openEditorOf('WebSocket lab');
    fireEvent.click(screen.getByTestId('endpoint-remove'));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove WebSocket lab' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.fake.callsTo('endpoints:remove')).toEqual([]);

    fireEvent.click(screen.getByTestId('endpoint-remove'));
    fireEvent.click(screen.getByTestId('endpoint-remove-confirm'));

    await waitFor(() => expect(screen.getAllByTestId('endpoint-item')).toHaveLength(2));
    expect(bridge.fake.callsTo('endpoints:remove')).toEqual([{ id: 'ws-lab' }]);
    expect(await screen.findByTestId('endpoint-details')).toBeTruthy();
  });

  it('duplicates an endpoint without its secret values and opens the copy', async () => {
    const { bridge } = await openEditorOf('Staging coder');
    fireEvent.click(screen.getByTestId('endpoint-duplicate'));

    await waitFor(() =>
      expect(screen.getByTestId('endpoint-name-input')).toHaveProperty('value', 'Staging coder (copy)'),
    );
    const saved = (bridge.fake.callsTo('endpoints:save') as { id?: string; draft: EndpointDraft }[])[0]!;
    expect(saved.id).toBeUndefined();
    expect(saved.draft.headers).toEqual([
      { name: 'Authorization', secret: true },
      { name: 'X-Team', value: 'platform', secret: false },
    ]);
    expect(screen.queryByTestId('secret-stored')).toBeNull(); // the copy has no stored secret yet
  });

  it('Cancel goes back to the endpoint without saving', async () => {
    const { bridge } = await openEditorOf('Staging coder');
    type('endpoint-name-input', 'Changed');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByTestId('endpoint-details')).toBeTruthy();
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);
  });
});
