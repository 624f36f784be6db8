import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionOption } from '@agentclientprotocol/sdk';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { SID, flush, fold, renderChat, text, u } from './chat-harness';

afterEach(cleanup);

const OPTIONS: PermissionOption[] = [
  { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
  { optionId: 'no', name: 'Reject', kind: 'reject_once' },
];
const ask = (requestId: string, title: string): SessionEvent => ({
  type: 'permission_requested',
  requestId,
  toolCall: { toolCallId: 'c1', title },
  options: OPTIONS,
});
const turn1: SessionEvent[] = [
  { type: 'prompt_sent', turnId: 't1', prompt: [text('edit facets')] },
  u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
  u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
  { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
];
/** Enough rows that the first ones are far outside the (estimated) viewport. */
const chatter = (n: number): SessionEvent[] =>
  Array.from({ length: n }, (_, i) =>
    u({ sessionUpdate: 'agent_message_chunk', content: text(`line ${i}`), messageId: `m${i}` }),
  );

describe('a toolCallId reused in a later turn', () => {
  it("gets its own card in the new turn; the old turn's card stays completed", () => {
    renderChat(
      fold(
        ...turn1,
        { type: 'prompt_sent', turnId: 't2', prompt: [text('again')] },
        u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit notes.txt', kind: 'edit', status: 'pending' }),
        ask('r2', 'Edit notes.txt'),
      ),
    );
    const cards = screen.getAllByTestId('tool-call');
    expect(cards.map((c) => [c.getAttribute('aria-label'), c.dataset.status])).toEqual([
      ['Tool call: Edit facets.txt', 'completed'],
      ['Tool call: Edit notes.txt', 'pending'],
    ]);
    expect(within(cards[0]!).queryByTestId('permission-prompt')).toBeNull();
    expect(within(cards[1]!).getByTestId('permission-prompt')).toBeTruthy();
  });
});

describe('a pending permission prompt is always on screen', () => {
  it('is pinned above the composer while its card is scrolled out of view, and answers from there', async () => {
    const { bridge } = renderChat(
      fold(
        { type: 'prompt_sent', turnId: 't1', prompt: [text('edit facets')] },
        u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
        ...chatter(40),
        ask('r1', 'Edit facets.txt'),
      ),
    );
    // In view at first (a headless DOM does not follow the end); then scrolled away from it.
    expect(screen.queryByTestId('pinned-permissions')).toBeNull();
    const list = screen.getByTestId('message-list');
    act(() => {
      // A few rows down: the card is still rendered (overscan) but above the viewport.
      list.scrollTop = 500;
      fireEvent.scroll(list);
    });
    const pinned = await screen.findByTestId('pinned-permissions');
    const prompt = within(pinned).getByRole('group', { name: 'Permission request: Edit facets.txt' });
    // One prompt per request: the card (still rendered in the overscan) does not repeat it.
    expect(screen.getAllByTestId('tool-call')).toHaveLength(1);
    expect(screen.getAllByTestId('permission-prompt')).toEqual([prompt]);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Allow once' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolvePermission')).toEqual([
      { sessionId: SID, requestId: 'r1', outcome: { outcome: 'selected', optionId: 'once' } },
    ]);
  });

  it('is not pinned while its card is in view', () => {
    renderChat(
      fold(
        { type: 'prompt_sent', turnId: 't1', prompt: [text('edit facets')] },
        u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
        ask('r1', 'Edit facets.txt'),
      ),
    );
    expect(screen.queryByTestId('pinned-permissions')).toBeNull();
    expect(within(screen.getByTestId('tool-call')).getByTestId('permission-prompt')).toBeTruthy();
  });
});

describe('a permission decision stays in the transcript', () => {
  it('shows "Allowed once: Edit facets.txt" with its time once resolved', () => {
    const { push } = renderChat(
      fold(
        { type: 'prompt_sent', turnId: 't1', prompt: [text('edit facets')] },
        u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
        ask('r1', 'Edit facets.txt'),
      ),
    );
    push({
      type: 'permission_resolved',
      requestId: 'r1',
      outcome: { outcome: 'selected', optionId: 'once' },
      by: 'user',
    });
    // In the card that asked, in place of the prompt (no row of its own).
    const note = within(screen.getByTestId('tool-call')).getByTestId('permission-decision');
    expect(note.textContent).toContain('Allowed once: Edit facets.txt');
    expect(note.dataset.kind).toBe('allow_once');
    expect(note.querySelector('time')?.getAttribute('dateTime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(screen.queryByTestId('permission-prompt')).toBeNull();
  });
});
