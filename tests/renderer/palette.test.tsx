import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { flush, renderShell } from './shell-harness';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

const press = (key: string, init: Partial<KeyboardEventInit> = {}, target: Window | Element = window) =>
  act(() => void fireEvent.keyDown(target, { key, ...init }));
const titles = () =>
  screen.getAllByTestId('palette-item').map((el) => el.querySelector('.palette-item-title')?.textContent);
const activeTitle = () =>
  screen
    .getAllByTestId('palette-item')
    .find((el) => el.getAttribute('aria-selected') === 'true')
    ?.querySelector('.palette-item-title')?.textContent;

async function ready() {
  const rendered = renderShell();
  await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
  return rendered;
}

describe('command palette', () => {
  it('opens with Ctrl+K as a modal dialog with focus in its input, and lists actions with their shortcuts', async () => {
    await ready();
    press('k', { ctrlKey: true });

    const dialog = screen.getByRole('dialog', { name: 'Command palette' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog).toBe(screen.getByTestId('command-palette'));
    const input = screen.getByTestId('palette-input');
    expect(document.activeElement).toBe(input);
    expect(titles()).toEqual(
      expect.arrayContaining([
        'New session',
        'Add endpoint',
        'Edit endpoint',
        'Test connection',
        'Show history',
        'Search transcripts',
        'Toggle side panel',
        'Next session',
        'Previous session',
        'Theme: system',
        'Theme: light',
        'Theme: dark',
        'Open session: Explain the greeting module',
        'Open session: Refactor the parser',
        'Open session: Untitled session',
      ]),
    );
    const newSession = screen.getAllByTestId('palette-item').find((el) => el.dataset.actionId === 'new-session')!;
    expect(newSession.textContent).toContain('Local demo agent');
    expect(within(newSession).getByLabelText('Shortcut: Ctrl+N')).toBeTruthy();
    expect(input.getAttribute('aria-activedescendant')).toBe(newSession.id);

    press('Tab', {}, input);
    expect(document.activeElement).toBe(input); // focus stays inside the dialog
  });

  it('matches words and their prefixes, never letters scattered across words ("test" is not "Theme: system")', async () => {
    await ready();
    press('k', { ctrlKey: true });
    const input = screen.getByTestId('palette-input');

    fireEvent.change(input, { target: { value: 'test' } });
    expect(titles()).toEqual(['Test connection']);
    fireEvent.change(input, { target: { value: 'tes' } });
    expect(titles()).not.toContain('Theme: system');
    fireEvent.change(input, { target: { value: 'sys' } });
    expect(titles()).toEqual(['Theme: system']);
  });

  it('filters fuzzily, moves with the arrow keys and runs the action with Enter', async () => {
    const { store } = await ready();
    press('k', { metaKey: true });
    const input = screen.getByTestId('palette-input');

    fireEvent.change(input, { target: { value: 'thm drk' } });
    expect(titles()[0]).toBe('Theme: dark');
    fireEvent.change(input, { target: { value: 'theme:' } });
    expect(titles()).toEqual(['Theme: system', 'Theme: light', 'Theme: dark']);
    press('ArrowDown', {}, input);
    press('ArrowDown', {}, input);
    expect(activeTitle()).toBe('Theme: dark');
    press('ArrowDown', {}, input);
    expect(activeTitle()).toBe('Theme: system'); // wraps
    press('ArrowUp', {}, input);
    press('Enter', {}, input);

    expect(screen.queryByTestId('command-palette')).toBeNull();
    expect(store.getState().ui.theme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('Esc closes it and puts focus back where it was', async () => {
    await ready();
    const session = screen.getAllByTestId('session-item')[0]!;
    session.focus();
    press('k', { ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('palette-input'));

    press('Escape', {}, screen.getByTestId('palette-input'));

    expect(screen.queryByTestId('command-palette')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(session));
  });

  it('"Show history" opens the history with focus in its search box', async () => {
    await ready();
    press('k', { ctrlKey: true });
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'history' } });
    expect(titles()[0]).toBe('Show history');
    press('Enter', {}, screen.getByTestId('palette-input'));

    expect(await screen.findByTestId('history-view')).toBeTruthy();
    await flush();
    expect(document.activeElement).toBe(screen.getByTestId('history-search'));
  });

  it('runs a session action with a click and says when nothing matches', async () => {
    const { bridge } = await ready();
    press('k', { ctrlKey: true });
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'parser' } });
    fireEvent.click(screen.getByText('Open session: Refactor the parser'));
    expect(await screen.findByTestId('chat-view')).toBeTruthy();
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-old' }]);

    press('k', { ctrlKey: true });
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'zzzzqqq' } });
    expect(screen.getByRole('status').textContent).toBe('Nothing matches “zzzzqqq”.');
    press('k', { ctrlKey: true }, screen.getByTestId('palette-input')); // Ctrl+K again closes it
    expect(screen.queryByTestId('command-palette')).toBeNull();
  });

  it('offers Cancel turn and export only while a session is open', async () => {
    const { bridge } = await ready();
    fireEvent.click(screen.getAllByTestId('session-item')[0]!);
    await screen.findByTestId('chat-view');
    press('k', { ctrlKey: true });
    expect(titles()).toEqual(
      expect.arrayContaining([
        'Focus composer',
        'Export current session as Markdown',
        'Export current session as JSON',
      ]),
    );
    expect(titles()).not.toContain('Cancel turn'); // the opened session is idle
    press('Escape', {}, screen.getByTestId('palette-input'));
    expect(bridge.fake.callsTo('sessions:cancel')).toEqual([]);
  });
});

describe('global shortcuts', () => {
  it('Alt+↓/↑ and Ctrl+Shift+]/[ walk the sessions in sidebar order', async () => {
    const { bridge } = await ready();
    const opened = () => bridge.fake.callsTo('sessions:open').map((r) => (r as { sessionId: string }).sessionId);

    press('ArrowDown', { altKey: true });
    await waitFor(() => expect(opened()).toEqual(['s-new']));
    press(']', { ctrlKey: true, shiftKey: true, code: 'BracketRight' });
    await waitFor(() => expect(opened()).toEqual(['s-new', 's-old']));
    press('}', { ctrlKey: true, shiftKey: true }); // shifted bracket on a US layout, no code
    await waitFor(() => expect(opened()).toEqual(['s-new', 's-old', 's-staging']));
    press('ArrowDown', { altKey: true });
    await waitFor(() => expect(opened()).toEqual(['s-new', 's-old', 's-staging', 's-new'])); // wraps
    press('[', { ctrlKey: true, shiftKey: true, code: 'BracketLeft' });
    press('ArrowUp', { altKey: true });
    await waitFor(() => expect(opened().slice(4)).toEqual(['s-staging', 's-old']));
    expect(
      screen
        .getAllByTestId('session-item')
        .find((el) => el.dataset.sessionId === 's-old')!
        .getAttribute('aria-current'),
    ).toBe('page');
  });

  it('Ctrl+B toggles the side panel, Ctrl+Shift+H shows the history, Ctrl+N starts a session', async () => {
    const { bridge } = await ready();
    expect(screen.getByTestId('side-panel')).toBeTruthy();
    expect(within(screen.getByTestId('side-panel')).getByTestId('traffic-open')).toBeTruthy();

    press('b', { ctrlKey: true });
    expect(screen.queryByTestId('side-panel')).toBeNull();
    expect(screen.getByTestId('side-panel-toggle').getAttribute('aria-pressed')).toBe('false');
    press('b', { ctrlKey: true });
    expect(screen.getByTestId('side-panel')).toBeTruthy();

    press('H', { ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId('history-view')).toBeTruthy();

    press('n', { ctrlKey: true });
    await waitFor(() => expect(bridge.fake.callsTo('sessions:new')).toEqual([{ endpointId: 'demo' }]));
    expect(await screen.findByTestId('chat-view')).toBeTruthy();
  });

  it('Ctrl+L asks the composer of the open session for focus', async () => {
    const { store } = await ready();
    press('l', { ctrlKey: true });
    expect(store.getState().ui.composerFocus).toBe(0); // no session open: nothing to focus

    fireEvent.click(screen.getAllByTestId('session-item')[1]!);
    await screen.findByTestId('chat-view');
    store.commands.showView({ kind: 'history' });
    const before = store.getState().ui.composerFocus;
    press('l', { ctrlKey: true });
    expect(store.getState().ui.composerFocus).toBe(before + 1);
    expect(store.getState().ui.view).toEqual({ kind: 'chat' });
  });

  it('runs Ctrl shortcuts while typing in a field and leaves Alt+arrows to the field', async () => {
    const { bridge } = await ready();
    fireEvent.click(screen.getByTestId('history-link'));
    const box = await screen.findByTestId('history-search');
    box.focus();

    press('ArrowDown', { altKey: true }, box);
    expect(bridge.fake.callsTo('sessions:open')).toEqual([]);
    press('b', { ctrlKey: true }, box);
    expect(screen.queryByTestId('side-panel')).toBeNull();
    press('k', { ctrlKey: true }, box);
    expect(screen.getByTestId('command-palette')).toBeTruthy();
  });

  it('Ctrl+N in the composer starts a session on the open session’s endpoint, not the clicked one', async () => {
    const { bridge, store } = await ready();
    fireEvent.click(screen.getByText('Staging coder'));
    await waitFor(() => expect(store.getState().endpoints.selectedId).toBe('staging'));
    fireEvent.click(screen.getAllByTestId('session-item').find((el) => el.dataset.sessionId === 's-old')!);
    await screen.findByTestId('chat-view');
    press('k', { ctrlKey: true });
    const item = screen.getAllByTestId('palette-item').find((el) => el.dataset.actionId === 'new-session')!;
    expect(item.textContent).toContain('Local demo agent');
    press('Escape', {}, screen.getByTestId('palette-input'));

    const composer = await screen.findByRole('textbox', { name: /message|prompt/i });
    press('n', { ctrlKey: true }, composer);
    await waitFor(() => expect(bridge.fake.callsTo('sessions:new')).toEqual([{ endpointId: 'demo' }]));
  });

  it('shows the side panel with the open session’s facts', async () => {
    await ready();
    fireEvent.click(screen.getAllByTestId('session-item')[0]!);
    await screen.findByTestId('chat-view');
    const panel = screen.getByTestId('side-panel');
    expect(panel.textContent).toContain('Local demo agent');
    expect(panel.textContent).toContain('s-new');
    expect(panel.textContent).toContain('The agent has not shared a plan in this session.');
    fireEvent.click(within(panel).getByRole('button', { name: 'Hide side panel' }));
    expect(screen.queryByTestId('side-panel')).toBeNull();
    expect(document.activeElement?.id).toBe('main');
  });
});
