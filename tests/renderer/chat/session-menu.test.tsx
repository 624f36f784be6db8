import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import { err, ok } from '../../../src/shared/util/result';
import { SID, flush, fold, renderChat, u } from './chat-harness';

afterEach(cleanup);

// The unstable flags (fork, title, archive, status) are not in the stable type the renderer uses.
const caps = (sessionCapabilities: Record<string, unknown>) => ({ sessionCapabilities }) as AgentCapabilities;
const ALL = caps({ fork: {}, title: {}, archive: {}, delete: {}, status: {} });
const titled = () => fold(u({ sessionUpdate: 'session_info_update', title: 'Fix the greeting' }));

const openMenu = () => {
  fireEvent.click(screen.getByTestId('session-menu'));
  return screen.getByRole('menu', { name: 'Session actions' });
};
const itemNames = (menu: HTMLElement) =>
  within(menu)
    .getAllByRole('menuitem')
    .map((b) => b.textContent);

describe('chat header session actions', () => {
  it('are absent when the agent advertises none of them', () => {
    renderChat(titled(), { capabilities: caps({ list: {}, close: {} }) });
    expect(screen.queryByTestId('session-menu')).toBeNull();
  });

  it('show exactly the advertised ones', () => {
    renderChat(titled(), { capabilities: ALL });
    expect(itemNames(openMenu())).toEqual(['Fork session', 'Rename…', 'Archive', 'Delete…']);
    cleanup();
    renderChat(titled(), { capabilities: caps({ delete: {} }) });
    expect(itemNames(openMenu())).toEqual(['Delete…']);
  });

  it('leave out fork and archive for a read-only session', () => {
    renderChat(titled(), { capabilities: ALL, summary: { readOnly: 'The endpoint was removed.', live: false } });
    expect(itemNames(openMenu())).toEqual(['Rename…', 'Delete…']);
  });

  it('an archived session offers Unarchive (and no Fork or Archive), which asks the agent', async () => {
    const { bridge } = renderChat(titled(), {
      capabilities: ALL,
      summary: {
        readOnly: 'This session is archived on the agent; unarchive it to continue.',
        live: false,
        archived: true,
      },
      handlers: {
        'sessions:unarchive': () => ok(null),
        'sessions:open': () => err('not_found', 'no such session in the fake'),
      },
    });
    const menu = openMenu();
    expect(itemNames(menu)).toEqual(['Rename…', 'Unarchive', 'Delete…']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Unarchive' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:unarchive')).toEqual([{ sessionId: SID }]);
    // Then it is opened again, which re-attaches it.
    expect(bridge.fake.callsTo('sessions:open')).toContainEqual({ sessionId: SID });
  });

  it('forks the session and opens the fork', async () => {
    const { bridge } = renderChat(titled(), {
      capabilities: ALL,
      handlers: {
        'sessions:fork': () => ok({ sessionId: 'sess-fork' }),
        'sessions:open': () => err('not_found', 'no such session in the fake'),
      },
    });
    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Fork session' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:fork')).toEqual([{ sessionId: SID }]);
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 'sess-fork' }]);
  });

  it('renames with the current title prefilled', async () => {
    const { bridge } = renderChat(titled(), { capabilities: ALL });
    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Rename…' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename session' });
    const input = within(dialog).getByLabelText('Session title') as HTMLInputElement;
    expect(input.value).toBe('Fix the greeting');
    fireEvent.change(input, { target: { value: '  Greeting fix  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:rename')).toEqual([{ sessionId: SID, title: 'Greeting fix' }]);
    expect(screen.queryByRole('dialog', { name: 'Rename session' })).toBeNull();
  });

  it('asks before deleting, with Cancel focused, and sends the transcript choice', async () => {
    const { bridge } = renderChat(titled(), { capabilities: ALL });
    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Delete…' }));
    let confirm = screen.getByRole('alertdialog', { name: 'Delete session' });
    expect(confirm.textContent).toMatch(/cannot be undone/);
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.fake.callsTo('sessions:delete')).toEqual([]);

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Delete…' }));
    confirm = screen.getByRole('alertdialog', { name: 'Delete session' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete, keep the transcript' }));
    await flush();
    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Delete…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete with the transcript' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:delete')).toEqual([
      { sessionId: SID, keepTranscript: true },
      { sessionId: SID, keepTranscript: false },
    ]);
  });

  it("shows the core's refusal as a sentence", async () => {
    renderChat(titled(), {
      capabilities: ALL,
      handlers: {
        'sessions:archive': () =>
          err(
            'unavailable',
            'Test agent does not offer archiving sessions (it does not advertise sessionCapabilities.archive).',
          ),
      },
    });
    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Archive' }));
    await flush();
    expect(screen.getByTestId('session-op-error').textContent).toMatch(/does not offer archiving sessions/);
  });
});
