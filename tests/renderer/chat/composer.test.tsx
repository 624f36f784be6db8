import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { update } from '../../../src/renderer/state/app-state';
import { err, ok } from '../../../src/shared/util/result';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { SID, T0, flush, fold, renderChat, text, u } from './chat-harness';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The wall clock a few seconds after the events of the harness. */
function clockAt(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0 + ms);
}

const commands = u({
  sessionUpdate: 'available_commands_update',
  availableCommands: [
    { name: 'help', description: 'List the commands.' },
    { name: 'long', description: 'Stream a long answer.' },
    { name: 'echo', description: 'Reply with the text.', input: { hint: 'text' } },
  ],
});
const started: SessionEvent = { type: 'prompt_sent', turnId: 't1', prompt: [text('go')] };

const input = () => screen.getByTestId('composer-input') as HTMLTextAreaElement;
const type = (value: string) => fireEvent.change(input(), { target: { value } });

describe('composer', () => {
  it('Enter sends the text as a prompt and clears the box', async () => {
    const { bridge } = renderChat(fold());
    type('hello agent');
    fireEvent.keyDown(input(), { key: 'Enter' });
    await flush();
    expect(bridge.fake.callsTo('sessions:prompt')).toEqual([{ sessionId: SID, prompt: [text('hello agent')] }]);
    expect(input().value).toBe('');
    expect(document.activeElement).toBe(input());
  });

  it('Shift+Enter keeps the newline for the text box instead of sending', async () => {
    const { bridge } = renderChat(fold());
    type('line one');
    const notPrevented = fireEvent.keyDown(input(), { key: 'Enter', shiftKey: true });
    expect(notPrevented).toBe(true); // the browser inserts the newline
    type('line one\nline two');
    fireEvent.click(screen.getByTestId('send-button'));
    await flush();
    expect(bridge.fake.callsTo('sessions:prompt')).toEqual([{ sessionId: SID, prompt: [text('line one\nline two')] }]);
  });

  it('puts the text back when the prompt fails, and shows the error with a next step', async () => {
    renderChat(fold(), { handlers: { 'sessions:prompt': () => err('unavailable', 'the agent is unreachable') } });
    type('try me');
    fireEvent.keyDown(input(), { key: 'Enter' });
    await flush();
    expect(input().value).toBe('try me');
    const alert = screen.getByTestId('chat-error');
    expect(alert.textContent).toContain('The agent is unreachable.');
    expect(alert.textContent).toContain('Test connection');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss the error' }));
    expect(screen.queryByTestId('chat-error')).toBeNull();
  });

  it('switches Send to Stop while a turn runs; Esc and Stop cancel it', async () => {
    clockAt(5_200); // the turn started at T0 + 200
    const { bridge } = renderChat(fold(started));
    expect(screen.queryByTestId('send-button')).toBeNull();
    expect(screen.getByTestId('turn-status').textContent).toBe('Running for 5 s');
    fireEvent.keyDown(input(), { key: 'Escape' });
    fireEvent.click(screen.getByTestId('stop-button'));
    await flush();
    expect(bridge.fake.callsTo('sessions:cancel')).toEqual([{ sessionId: SID }, { sessionId: SID }]);
  });

  it('Esc pressed before the prompt is acknowledged cancels that turn once it is', async () => {
    let acknowledge: (() => void) | undefined;
    const { bridge } = renderChat(fold(), {
      handlers: {
        'sessions:prompt': () =>
          new Promise((resolve) => {
            acknowledge = () => resolve(ok({ turnId: 'turn-1' }));
          }),
      },
    });
    type('a long task');
    fireEvent.keyDown(input(), { key: 'Enter' });
    await flush();
    // Sent but not yet acknowledged: the composer already offers Stop, and Esc is not ignored.
    expect(screen.getByTestId('stop-button')).toBeTruthy();
    fireEvent.keyDown(input(), { key: 'Escape' });
    await flush();
    expect(bridge.fake.callsTo('sessions:cancel')).toEqual([]);
    acknowledge!();
    await flush();
    expect(bridge.fake.callsTo('sessions:cancel')).toEqual([{ sessionId: SID }]);
  });

  it('Esc after the prompt is acknowledged but before its events arrive still cancels', async () => {
    const { bridge } = renderChat(fold());
    type('a long task');
    fireEvent.keyDown(input(), { key: 'Enter' });
    await flush(); // acknowledged; the turn's events are still on their way to this window
    fireEvent.keyDown(input(), { key: 'Escape' });
    await flush();
    expect(bridge.fake.callsTo('sessions:cancel')).toEqual([{ sessionId: SID }]);
  });

  it('shows Cancelling… and disables Stop once a cancel was requested', () => {
    renderChat(fold(started, { type: 'cancel_requested', turnId: 't1' }));
    expect(screen.getByTestId('turn-status').textContent).toBe('Cancelling…');
    expect((screen.getByTestId('stop-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('"/" opens the agent commands; arrows and Enter insert the picked one', () => {
    renderChat(fold(commands));
    type('/');
    const list = screen.getByTestId('command-completion');
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      '/helpList the commands.',
      '/longStream a long answer.',
      '/echo textReply with the text.',
    ]);
    expect(input().getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(input().value).toBe('/long ');
    expect(screen.queryByTestId('command-completion')).toBeNull();
  });

  it('filters commands as the name is typed; Tab picks and Esc closes the list', () => {
    renderChat(fold(commands));
    type('/ec');
    expect(within(screen.getByTestId('command-completion')).getAllByRole('option')).toHaveLength(1);
    fireEvent.keyDown(input(), { key: 'Tab' });
    expect(input().value).toBe('/echo ');
    type('/h');
    fireEvent.keyDown(input(), { key: 'Escape' });
    expect(screen.queryByTestId('command-completion')).toBeNull();
  });

  it('is disabled with the reason when the session is read-only', () => {
    renderChat(fold(), { summary: { live: false, readOnly: 'The agent no longer has this session.' } });
    expect(input().disabled).toBe(true);
    expect(screen.getByText('The agent no longer has this session.', { selector: '.composer-note' })).toBeTruthy();
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('takes focus whenever the store asks for it', () => {
    const { store } = renderChat(fold());
    (document.activeElement as HTMLElement | null)?.blur();
    act(() => update(store, 'ui', (s) => ({ ...s, composerFocus: s.composerFocus + 1 })));
    expect(document.activeElement).toBe(input());
  });
});
