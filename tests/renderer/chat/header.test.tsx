import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionConfigOption } from '@agentclientprotocol/sdk';
import { ok } from '../../../src/shared/util/result';
import { update } from '../../../src/renderer/state/app-state';
import { statusReceived } from '../../../src/renderer/state/sessions-slice';
import type { EndpointStatus } from '../../../src/shared/domain/history';
import { EP, SID, flush, fold, renderChat, u } from './chat-harness';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const configOptions: SessionConfigOption[] = [
  {
    id: 'model',
    name: 'Model',
    type: 'select',
    currentValue: 'fast',
    options: [
      { group: 'small', name: 'Small', options: [{ value: 'fast', name: 'Fast' }] },
      { group: 'big', name: 'Big', options: [{ value: 'smart', name: 'Smart' }] },
    ],
  },
  { id: 'web', name: 'Web search', type: 'boolean', currentValue: false },
];

const withSettings = () =>
  fold(
    {
      type: 'session_state',
      modes: {
        currentModeId: 'ask',
        availableModes: [
          { id: 'ask', name: 'Ask' },
          { id: 'auto', name: 'Auto' },
        ],
      },
      configOptions,
    },
    u({ sessionUpdate: 'session_info_update', title: 'Fix the greeting' }),
    u({ sessionUpdate: 'usage_update', used: 1500, size: 200_000 }),
  );

describe('chat header', () => {
  it('shows the title, the endpoint and the connection state', () => {
    renderChat(withSettings());
    const header = screen.getByTestId('chat-header');
    expect(within(header).getByRole('heading').textContent).toBe('Fix the greeting');
    expect(header.textContent).toContain('Demo agent');
    expect(within(header).getByTestId('connection-state').dataset.state).toBe('connected');
    expect(within(header).getByTestId('usage-meter').textContent).toContain('1.5k / 200k');
  });

  it('says "New session" without a title and explains failures and read-only sessions', () => {
    const { push } = renderChat(fold(), { summary: { readOnly: 'The endpoint was removed.', live: false } });
    expect(screen.getByRole('heading').textContent).toBe('New session');
    expect(screen.getByTestId('connection-state').textContent).toContain('Read-only');
    expect(screen.getByTestId('connection-state').textContent).toContain('The endpoint was removed.');
    push({ type: 'connection', state: 'reconnecting' });
    push({ type: 'detached', reason: 'The agent restarted.' });
    expect(screen.getByTestId('connection-state').dataset.state).toBe('detached');
    expect(screen.getByTestId('connection-state').textContent).toContain('The agent restarted.');
  });

  it("shows the endpoint's reconnecting and failed states, the failure as a sentence with Details", () => {
    const { store } = renderChat(fold());
    const status = (patch: Omit<EndpointStatus, 'endpointId'>) =>
      act(() => update(store, 'sessions', (s) => statusReceived(s, { endpointId: EP, ...patch })));
    status({ state: 'reconnecting', attempt: 3 });
    expect(screen.getByTestId('connection-state').textContent).toContain('Reconnecting (attempt 3)');
    expect(screen.queryByTestId('error-details-toggle')).toBeNull();
    status({
      state: 'failed',
      detail: 'Could not reconnect after 8 attempts: fetch failed (connect ECONNREFUSED 127.0.0.1:4100)',
    });
    const badge = screen.getByTestId('connection-state');
    expect(badge.dataset.state).toBe('failed');
    expect(badge.textContent).toContain('Nothing is listening at 127.0.0.1:4100');
    expect(badge.textContent).not.toContain('ECONNREFUSED');
    const toggle = screen.getByTestId('error-details-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('error-details').textContent).toContain('ECONNREFUSED 127.0.0.1:4100');
    status({ state: 'connected' });
    expect(screen.getByTestId('connection-state').textContent).toBe('Connected');
    expect(screen.queryByTestId('error-details-toggle')).toBeNull();
  });

  it('changes the mode and config options through the store', async () => {
    const { bridge } = renderChat(withSettings());
    fireEvent.change(screen.getByTestId('mode-picker'), { target: { value: 'auto' } });
    const model = screen.getAllByTestId('config-option').find((e) => e.dataset.configId === 'model')!;
    expect([...model.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Small', 'Big']);
    fireEvent.change(model, { target: { value: 'smart' } });
    const web = screen.getByRole('switch', { name: 'Web search' });
    expect(web.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(web);
    await flush();
    expect(bridge.fake.callsTo('sessions:setMode')).toEqual([{ sessionId: SID, modeId: 'auto' }]);
    expect(bridge.fake.callsTo('sessions:setConfigOption')).toEqual([
      { sessionId: SID, configId: 'model', value: 'smart' },
      { sessionId: SID, configId: 'web', value: true },
    ]);
  });

  it('exports Markdown and JSON as downloads', async () => {
    const createObjectURL = vi.fn(() => 'blob:export');
    Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, configurable: true });
    Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true });
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.download} ${this.href}`);
    });
    const { bridge } = renderChat(fold(), {
      handlers: {
        'sessions:export': ({ format }) =>
          ok({
            fileName: format === 'json' ? 'chat.json' : 'chat.md',
            mimeType: format === 'json' ? 'application/json' : 'text/markdown',
            content: '# chat',
          }),
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    fireEvent.click(screen.getByTestId('export-markdown'));
    await waitFor(() => expect(clicks).toEqual(['chat.md blob:export']));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    fireEvent.click(screen.getByTestId('export-json'));
    await waitFor(() => expect(clicks).toHaveLength(2));
    expect(bridge.fake.callsTo('sessions:export')).toEqual([
      { sessionId: SID, format: 'markdown' },
      { sessionId: SID, format: 'json' },
    ]);
    expect(createObjectURL).toHaveBeenCalledTimes(2);
  });
});
