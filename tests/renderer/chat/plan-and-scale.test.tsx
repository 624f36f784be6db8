import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanPanel } from '../../../src/renderer/features/chat/ChatView';
import { update } from '../../../src/renderer/state/app-state';
import { StoreProvider } from '../../../src/renderer/state/store-context';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { SID, fold, renderChat, text, u } from './chat-harness';

afterEach(cleanup);

const plan = u({
  sessionUpdate: 'plan',
  entries: [
    { content: 'Read the file', priority: 'high', status: 'completed' },
    { content: 'Edit it', priority: 'medium', status: 'in_progress' },
    { content: 'Run the tests', priority: 'low', status: 'pending' },
  ],
});

describe('plan', () => {
  it('PlanPanel lists entries with a status and a priority', () => {
    const { store } = renderChat(fold(plan));
    render(
      <StoreProvider store={store}>
        <PlanPanel sessionId={SID} />
      </StoreProvider>,
    );
    const panel = screen.getAllByTestId('plan-panel').find((p) => !p.dataset.compact)!;
    const items = within(panel).getAllByRole('listitem');
    expect(items.map((i) => i.dataset.status)).toEqual(['completed', 'in_progress', 'pending']);
    expect(within(items[1]!).getByRole('img', { name: 'In progress' })).toBeTruthy();
    expect(items[0]!.textContent).toContain('high');
    expect(panel.textContent).toContain('1 of 3 done');
  });

  it('shows a compact plan above the composer only while the side panel is closed', () => {
    const { store } = renderChat(fold(plan), { sidePanelOpen: true });
    expect(screen.queryByTestId('plan-panel')).toBeNull();
    act(() => update(store, 'ui', (s) => ({ ...s, sidePanelOpen: false })));
    const compact = screen.getByTestId('plan-panel');
    expect(compact.dataset.compact).toBe('true');
    expect(compact.textContent).toContain('Edit it');
    fireEvent.click(within(compact).getByRole('button'));
    expect(within(compact).getAllByRole('listitem')).toHaveLength(3);
  });
});

describe('virtualization', () => {
  it('keeps only a window of rows in the DOM for a 2000-entry conversation', () => {
    const events: SessionEvent[] = [];
    for (let i = 0; i < 1000; i++) {
      events.push(u({ sessionUpdate: 'user_message_chunk', content: text(`question ${i}`), messageId: `u${i}` }));
      events.push(u({ sessionUpdate: 'agent_message_chunk', content: text(`answer ${i}`), messageId: `a${i}` }));
    }
    const state = fold(...events);
    expect(state.entryIds).toHaveLength(2000);
    renderChat(state);
    const rows = screen.getByTestId('message-list').querySelectorAll('[data-index]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    const inner = screen.getByTestId('message-list').firstElementChild as HTMLElement;
    expect(parseFloat(inner.style.height)).toBeGreaterThan(2000 * 50);
  });
});
