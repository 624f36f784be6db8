import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAST_SESSION_KEY, PAGE_LOAD } from '../../src/renderer/state/last-session';
import { renderShell } from './shell-harness';

/** What an earlier page load (before the reload) left in the tab's sessionStorage. */
const rememberedBefore = (sessionId: string) =>
  sessionStorage.setItem(LAST_SESSION_KEY, JSON.stringify({ sessionId, page: 'an-earlier-page-load' }));
const stored = () => JSON.parse(sessionStorage.getItem(LAST_SESSION_KEY) ?? 'null') as { sessionId: string } | null;

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

describe('a reload lands on the session that was open', () => {
  it('reopens the remembered session once the session list has arrived', async () => {
    rememberedBefore('s-old');
    const { bridge, store } = renderShell();
    await waitFor(() => expect(store.getState().sessions.activeId).toBe('s-old'));
    expect(store.getState().ui.view.kind).toBe('chat');
    await waitFor(() => expect(screen.getByTestId('chat-view').getAttribute('aria-busy')).toBeNull());
    expect(bridge.fake.callsTo('sessions:open')).toEqual([{ sessionId: 's-old' }]);
  });

  it('stays on the endpoint page and forgets the id when that session no longer exists', async () => {
    rememberedBefore('s-deleted');
    const { bridge, store } = renderShell();
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
    await waitFor(() => expect(sessionStorage.getItem(LAST_SESSION_KEY)).toBeNull());
    expect(store.getState().ui.view.kind).toBe('endpoint');
    expect(store.getState().sessions.activeId).toBeNull();
    expect(bridge.fake.callsTo('sessions:open')).toEqual([]);
  });

  it('remembers the session opened from the sidebar, and forgets it on leaving the chat', async () => {
    const { store } = renderShell();
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
    const item = screen.getAllByTestId('session-item').find((el) => el.dataset.sessionId === 's-new')!;
    fireEvent.click(item);
    await waitFor(() => expect(stored()).toEqual({ sessionId: 's-new', page: PAGE_LOAD }));
    store.commands.showView({ kind: 'history' });
    await waitFor(() => expect(sessionStorage.getItem(LAST_SESSION_KEY)).toBeNull());
  });

  it('does not reopen an id this same page load remembered (a remount is not a reload)', async () => {
    sessionStorage.setItem(LAST_SESSION_KEY, JSON.stringify({ sessionId: 's-old', page: PAGE_LOAD }));
    const { bridge } = renderShell();
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
    expect(bridge.fake.callsTo('sessions:open')).toEqual([]);
  });
});
