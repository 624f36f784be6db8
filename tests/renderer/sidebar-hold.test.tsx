import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { update } from '../../src/renderer/state/app-state';
import { summariesReceived } from '../../src/renderer/state/sessions-slice';
import type { AppStore } from '../../src/renderer/state/store';
import { NOW, SUMMARIES, renderShell } from './shell-harness';

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

const demoOrder = () =>
  within(screen.getByRole('list', { name: 'Sessions on Local demo agent' }))
    .getAllByTestId('session-item')
    .map((el) => el.dataset.sessionId);

/** s-old gets activity: by activity it now comes first. */
const oldGetsActivity = (store: AppStore) =>
  act(() => {
    const list = SUMMARIES.map((s) => (s.sessionId === 's-old' ? { ...s, lastActivity: NOW } : s));
    update(store, 'sessions', (s) => summariesReceived(s, list));
  });

describe('the session list holds its order under the cursor', () => {
  it('keeps the order while hovered and applies the new one when the pointer leaves', async () => {
    const { store } = renderShell();
    await waitFor(() => expect(demoOrder()).toEqual(['s-new', 's-old']));
    const list = screen.getByTestId('endpoint-list');
    fireEvent.mouseEnter(list);
    oldGetsActivity(store);
    expect(demoOrder()).toEqual(['s-new', 's-old']);
    fireEvent.mouseLeave(list);
    expect(demoOrder()).toEqual(['s-old', 's-new']);
  });

  it('keeps the order while a row has focus, and until focus leaves the list (not moving within it)', async () => {
    const { store } = renderShell();
    await waitFor(() => expect(demoOrder()).toEqual(['s-new', 's-old']));
    const rows = screen.getAllByTestId('session-item');
    const first = rows.find((el) => el.dataset.sessionId === 's-new')!;
    const second = rows.find((el) => el.dataset.sessionId === 's-old')!;
    act(() => first.focus());
    oldGetsActivity(store);
    expect(demoOrder()).toEqual(['s-new', 's-old']);
    fireEvent.blur(first, { relatedTarget: second });
    expect(demoOrder()).toEqual(['s-new', 's-old']);
    fireEvent.blur(second, { relatedTarget: document.body });
    expect(demoOrder()).toEqual(['s-old', 's-new']);
  });

  it('reorders by activity at once when nobody is pointing at the list', async () => {
    const { store } = renderShell();
    await waitFor(() => expect(demoOrder()).toEqual(['s-new', 's-old']));
    oldGetsActivity(store);
    expect(demoOrder()).toEqual(['s-old', 's-new']);
  });
});
