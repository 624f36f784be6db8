import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleProbe } from '../../src/renderer/bridge/fake-data';
import type { EndpointDraft } from '../../src/shared/domain/endpoint';
import { ok } from '../../src/shared/util/result';
import { renderApp } from './render-app';

afterEach(cleanup);

const TOKEN = 'ghp_mcp-form-secret-0123456789';
const change = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

async function openEditorOf(name: string, options: Parameters<typeof renderApp>[0] = {}) {
  const rendered = renderApp(options);
  const item = (await screen.findAllByTestId('endpoint-item')).find((el) => el.dataset.endpointName === name)!;
  fireEvent.click(item);
  fireEvent.click(await screen.findByTestId('endpoint-edit'));
  return { ...rendered, editor: await screen.findByTestId('endpoint-editor') };
}

const saves = (bridge: ReturnType<typeof renderApp>['bridge']) =>
  bridge.fake.callsTo('endpoints:save') as { id?: string; draft: EndpointDraft }[];

describe('MCP servers form', () => {
  it('adds a stdio server with a secret env value that is never shown again and is kept on later saves', async () => {
    const { bridge } = await openEditorOf('WebSocket lab');
    fireEvent.click(screen.getByTestId('add-mcp-stdio'));
    const server = screen.getByTestId('mcp-server');
    change(within(server).getByTestId('mcp-name-input'), 'github');
    change(within(server).getByTestId('mcp-command-input'), 'gh-mcp');
    change(within(server).getByTestId('mcp-args-input'), '--stdio\n--read-only');
    fireEvent.click(within(server).getByTestId('add-mcp-entry'));
    fireEvent.click(within(server).getByTestId('add-mcp-entry'));
    const [secretRow, plainRow] = within(server).getAllByTestId('mcp-entry-row');
    change(within(secretRow!).getByTestId('mcp-entry-name-input'), 'GITHUB_TOKEN');
    fireEvent.click(within(secretRow!).getByTestId('mcp-entry-secret-toggle'));
    const secretInput = within(secretRow!).getByTestId('mcp-entry-value-input') as HTMLInputElement;
    expect(secretInput.type).toBe('password');
    change(secretInput, TOKEN);
    change(within(plainRow!).getByTestId('mcp-entry-name-input'), 'LOG_LEVEL');
    change(within(plainRow!).getByTestId('mcp-entry-value-input'), 'debug');
    expect(document.body.innerHTML).not.toContain(TOKEN);

    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    expect(saves(bridge)[0]!.draft.mcpServers).toEqual([
      {
        name: 'github',
        command: 'gh-mcp',
        args: ['--stdio', '--read-only'],
        env: [
          { name: 'GITHUB_TOKEN', value: TOKEN, secret: true },
          { name: 'LOG_LEVEL', value: 'debug', secret: false },
        ],
      },
    ]);

    // Reopened: the other fields are back, the secret is only "stored".
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    const reopened = await screen.findByTestId('mcp-server');
    expect((within(reopened).getByTestId('mcp-name-input') as HTMLInputElement).value).toBe('github');
    expect((within(reopened).getByTestId('mcp-command-input') as HTMLInputElement).value).toBe('gh-mcp');
    expect((within(reopened).getByTestId('mcp-args-input') as HTMLTextAreaElement).value).toBe('--stdio\n--read-only');
    const rows = within(reopened).getAllByTestId('mcp-entry-row');
    expect((within(rows[1]!).getByTestId('mcp-entry-value-input') as HTMLInputElement).value).toBe('debug');
    expect(within(rows[0]!).getByTestId('mcp-secret-stored').textContent).toContain(
      'stored — enter a new value to replace it',
    );
    expect((within(rows[0]!).getByTestId('mcp-entry-value-input') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(TOKEN);

    // Another field of the server changes: the secret goes out without a value, so the host keeps it.
    change(within(reopened).getByTestId('mcp-args-input'), '--stdio');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    expect(saves(bridge)[1]!.draft.mcpServers).toEqual([
      {
        name: 'github',
        command: 'gh-mcp',
        args: ['--stdio'],
        env: [
          { name: 'GITHUB_TOKEN', secret: true },
          { name: 'LOG_LEVEL', value: 'debug', secret: false },
        ],
      },
    ]);

    // A change elsewhere leaves the MCP list out of the draft entirely; the secret is still stored.
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    change(await screen.findByTestId('endpoint-name-input'), 'WebSocket lab 2');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    expect(saves(bridge)[2]!.draft).not.toHaveProperty('mcpServers');
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    expect(await screen.findByTestId('mcp-secret-stored')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('removes a server', async () => {
    const { bridge } = await openEditorOf('WebSocket lab');
    fireEvent.click(screen.getByTestId('add-mcp-stdio'));
    change(screen.getByTestId('mcp-name-input'), 'files');
    change(screen.getByTestId('mcp-command-input'), 'fs-mcp');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    const server = await screen.findByTestId('mcp-server');
    fireEvent.click(within(server).getByRole('button', { name: 'Remove files' }));
    expect(screen.queryByTestId('mcp-server')).toBeNull();
    fireEvent.click(screen.getByTestId('endpoint-save'));
    await screen.findByTestId('endpoint-details');
    expect(saves(bridge)[1]!.draft.mcpServers).toEqual([]);
  });

  it('offers http and sse servers only when the agent advertises them', async () => {
    const probe = sampleProbe();
    await openEditorOf('WebSocket lab', {
      probe: () =>
        ok({
          ...probe,
          agentCapabilities: { ...probe.agentCapabilities, mcpCapabilities: { http: true, sse: false } },
        }),
    });
    expect(screen.getByTestId('add-mcp-stdio')).toBeTruthy();
    expect(screen.queryByTestId('add-mcp-http')).toBeNull();
    expect(screen.queryByTestId('add-mcp-sse')).toBeNull();

    fireEvent.click(screen.getByTestId('test-connection'));
    fireEvent.click(await screen.findByTestId('add-mcp-http'));
    expect(screen.queryByTestId('add-mcp-sse')).toBeNull();
    const server = screen.getByTestId('mcp-server');
    expect(server.dataset.mcpKind).toBe('http');
    expect(within(server).queryByTestId('mcp-command-input')).toBeNull();
    change(within(server).getByTestId('mcp-name-input'), 'search');
    change(within(server).getByTestId('mcp-url-input'), 'not a url');
    expect(screen.getByText('Use a full URL such as https://mcp.example.com/mcp')).toBeTruthy();
    change(within(server).getByTestId('mcp-url-input'), 'https://mcp.example/mcp');
    fireEvent.click(within(server).getByTestId('add-mcp-entry'));
    const row = within(server).getByTestId('mcp-entry-row');
    change(within(row).getByTestId('mcp-entry-name-input'), 'Authorization');
    fireEvent.click(within(row).getByTestId('mcp-entry-secret-toggle'));
    change(within(row).getByTestId('mcp-entry-value-input'), 'Bearer mcp-key-123456');
    expect(document.body.innerHTML).not.toContain('Bearer mcp-key-123456');
  });
});
