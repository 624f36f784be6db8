import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import type { EndpointStatus } from '../../src/shared/domain/history';
import { STATUSES, flush, renderShell } from './shell-harness';

afterEach(cleanup);

// The unstable flags (fork, title, archive, status) are not in the stable type the renderer uses.
const caps = (sessionCapabilities: Record<string, unknown>) => ({ sessionCapabilities }) as AgentCapabilities;
const ALL = caps({ fork: {}, title: {}, archive: {}, delete: {}, status: {} });
const OPS = ['Fork session', 'Rename session…', 'Archive session', 'Delete session…'];

const withCaps = (agentCapabilities: AgentCapabilities): EndpointStatus[] =>
  STATUSES.map((s) => (s.endpointId === 'demo' ? { ...s, agentCapabilities } : s));
const press = (key: string, init: Partial<KeyboardEventInit> = {}, target: Window | Element = window) =>
  act(() => void fireEvent.keyDown(target, { key, ...init }));
const titles = () =>
  screen.getAllByTestId('palette-item').map((el) => el.querySelector('.palette-item-title')?.textContent);

/** The shell with `title`'s session open and the palette shown. */
async function openPalette(agentCapabilities: AgentCapabilities, title = 'Explain the greeting module') {
  const rendered = renderShell({ statuses: withCaps(agentCapabilities) });
  await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
  const row = screen.getAllByTestId('session-item').find((el) => el.textContent?.includes(title));
  fireEvent.click(row!);
  await screen.findByTestId('chat-view');
  press('k', { ctrlKey: true });
  return rendered;
}
const choose = (title: string) => fireEvent.click(screen.getByText(title, { selector: '.palette-item-title' }));

describe('palette session operations', () => {
  it('offers each advertised operation for the open session', async () => {
    await openPalette(ALL);
    expect(titles()).toEqual(expect.arrayContaining(OPS));
  });

  it('offers none when the agent advertises none, and only the advertised ones otherwise', async () => {
    await openPalette(caps({ list: {}, close: {} }));
    expect(titles().filter((t) => OPS.includes(t!))).toEqual([]);
    cleanup();
    await openPalette(caps({ title: {} }));
    expect(titles().filter((t) => OPS.includes(t!))).toEqual(['Rename session…']);
  });

  it('leaves out fork and archive for a session that is not live here', async () => {
    await openPalette(ALL, 'Refactor the parser');
    expect(titles().filter((t) => OPS.includes(t!))).toEqual(['Rename session…', 'Delete session…']);
  });

  it('forks through the header menu’s command and opens the fork', async () => {
    const { bridge } = await openPalette(ALL);
    choose('Fork session');
    await flush();
    expect(bridge.fake.callsTo('sessions:fork')).toEqual([{ sessionId: 's-new' }]);
    const opened = bridge.fake.callsTo('sessions:open').map((r) => (r as { sessionId: string }).sessionId);
    expect(opened.at(-1)).toMatch(/^fake-fork-/);
  });

  it('renames in the header’s form, prefilled with the title', async () => {
    const { bridge } = await openPalette(ALL);
    choose('Rename session…');
    const dialog = await screen.findByRole('dialog', { name: 'Rename session' });
    const input = within(dialog).getByLabelText('Session title') as HTMLInputElement;
    expect(input.value).toBe('Explain the greeting module');
    fireEvent.change(input, { target: { value: 'Greeting, explained' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:rename')).toEqual([{ sessionId: 's-new', title: 'Greeting, explained' }]);
  });

  it('asks before deleting, with Cancel focused', async () => {
    const { bridge } = await openPalette(ALL);
    choose('Delete session…');
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete session' });
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' })));
    expect(bridge.fake.callsTo('sessions:delete')).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete, keep the transcript' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:delete')).toEqual([{ sessionId: 's-new', keepTranscript: true }]);
  });

  it('archives through the header, where a refusal is said', async () => {
    const { bridge } = await openPalette(ALL);
    bridge.fake.sessionOps.available = { ...bridge.fake.sessionOps.available, archive: false };
    choose('Archive session');
    await flush();
    expect(bridge.fake.callsTo('sessions:archive')).toEqual([{ sessionId: 's-new' }]);
    expect((await screen.findByTestId('session-op-error')).textContent).toMatch(/does not offer archiving sessions/);
  });

  it('the side panel says what the agent reports about the open session, only when it offers session/status', async () => {
    await openPalette(ALL);
    const panel = screen.getByTestId('side-panel');
    expect((await within(panel).findByTestId('side-agent-status')).textContent).toBe('Open (in the agent’s memory)');
    cleanup();
    await openPalette(caps({ fork: {}, title: {} }));
    await flush();
    expect(within(screen.getByTestId('side-panel')).queryByTestId('side-agent-status')).toBeNull();
  });
});
