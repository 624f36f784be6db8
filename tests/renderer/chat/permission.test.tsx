import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionOption } from '@agentclientprotocol/sdk';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { SID, flush, fold, renderChat, u } from './chat-harness';

afterEach(cleanup);

const OPTIONS: PermissionOption[] = [
  { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
  { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
  { optionId: 'no', name: 'Reject', kind: 'reject_once' },
];

const toolCall = u({
  sessionUpdate: 'tool_call',
  toolCallId: 'c1',
  title: 'Edit a.ts',
  kind: 'edit',
  status: 'pending',
});
const asked: SessionEvent = {
  type: 'permission_requested',
  requestId: 'req-1',
  toolCall: { toolCallId: 'c1', title: 'Edit a.ts' },
  options: OPTIONS,
};

describe('permission prompt', () => {
  it('shows one button per option under its tool call, styled by kind', () => {
    renderChat(fold(toolCall, asked));
    const card = screen.getByTestId('tool-call');
    expect(card.className).toContain('tool-awaiting');
    const prompt = within(card).getByRole('group', { name: 'Permission request: Edit a.ts' });
    expect(prompt.dataset.testid).toBe('permission-prompt');
    const buttons = within(prompt).getAllByTestId('permission-option');
    expect(buttons.map((b) => [b.textContent, b.dataset.kind])).toEqual([
      ['Allow once', 'allow_once'],
      ['Always allow', 'allow_always'],
      ['Reject', 'reject_once'],
    ]);
    expect(buttons[0]!.className).toContain('btn-primary');
    expect(buttons[2]!.className).toContain('perm-reject');
  });

  it('focuses the allow option and moves between options with the arrow keys', () => {
    renderChat(fold(toolCall, asked));
    const buttons = screen.getAllByTestId('permission-option');
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.keyDown(buttons[1]!, { key: 'ArrowLeft' });
    fireEvent.keyDown(buttons[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(buttons[2]);
  });

  it('sends the chosen option id', async () => {
    const { bridge } = renderChat(fold(toolCall, asked));
    fireEvent.click(screen.getByRole('button', { name: 'Always allow' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolvePermission')).toEqual([
      { sessionId: SID, requestId: 'req-1', outcome: { outcome: 'selected', optionId: 'always' } },
    ]);
  });

  it('Cancel sends a cancelled outcome, and the prompt goes once resolved', async () => {
    const { bridge, push } = renderChat(fold(toolCall, asked));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await flush();
    expect(bridge.fake.callsTo('sessions:resolvePermission')).toEqual([
      { sessionId: SID, requestId: 'req-1', outcome: { outcome: 'cancelled' } },
    ]);
    push({ type: 'permission_resolved', requestId: 'req-1', outcome: { outcome: 'cancelled' }, by: 'user' });
    await waitFor(() => expect(screen.queryByTestId('permission-prompt')).toBeNull());
  });

  it('shows a request for an unlisted tool call at the end of the list', () => {
    const state = fold(asked);
    // A request whose tool call never got a row (e.g. while a replay is being folded).
    const { entryIds, entries } = state;
    const trimmed = {
      ...state,
      entryIds: entryIds.filter((id) => entries[id]!.kind !== 'tool_call'),
    };
    renderChat(trimmed);
    const footer = document.querySelector('.message-list-footer')!;
    expect(within(footer as HTMLElement).getByTestId('permission-prompt')).toBeTruthy();
  });
});
