import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { fold, renderChat, text, u } from './chat-harness';

afterEach(cleanup);

const gap: SessionEvent = {
  type: 'transport',
  event: {
    type: 'gap',
    lane: 'post',
    droppedAt: 0,
    durationMs: 2300,
    reason: 'socket closed',
    inFlight: ['7'],
    mayHaveLost: 'updates',
  },
};

describe('conversation rows', () => {
  it('renders markers in place with an icon and their text', () => {
    renderChat(
      fold(
        gap,
        { type: 'transport', event: { type: 'connection-lost', reason: 'network down' } },
        { type: 'transport', event: { type: 'recovered', sessionId: 's', via: 'session/resume' } },
        u({ sessionUpdate: 'notice', severity: 'info', title: 'Heads up' }),
        { type: 'error', message: 'Something broke' },
        { type: 'detached', reason: 'The agent forgot this session.' },
      ),
    );
    const markers = screen.getAllByTestId('marker');
    // The connection lost and its recovery are one marker, updated in place when it ends.
    expect(markers.map((m) => m.dataset.marker)).toEqual(['gap', 'recovered', 'notice', 'error', 'detached']);
    expect(markers[1]!.textContent).toMatch(/Connection lost \(since .*\), then restored; session re-attached/);
    expect(markers[0]!.textContent).toContain('Stream dropped for 2.3 s, reconnected. Content may be missing here.');
    expect(markers[0]!.querySelector('svg')).toBeTruthy();
    expect(markers[0]!.getAttribute('role')).toBe('note');
  });

  it('shows user and agent messages; the optimistic prompt is styled as sending until answered', () => {
    const { push } = renderChat(fold({ type: 'prompt_sent', turnId: 't1', prompt: [text('do it')] }));
    const user = screen.getByTestId('entry-user');
    expect(user.textContent).toContain('do it');
    expect(user.dataset.pending).toBe('true');
    push(u({ sessionUpdate: 'agent_message_chunk', content: text('On it.') }));
    expect(screen.getByTestId('entry-user').dataset.pending).toBeUndefined();
    expect(screen.getByTestId('entry-agent').textContent).toBe('On it.');
  });

  it('shows image thumbnails and resource links of a user message', () => {
    renderChat(
      fold(
        u({ sessionUpdate: 'user_message_chunk', content: text('look') }),
        u({ sessionUpdate: 'user_message_chunk', content: { type: 'image', data: 'AAAA', mimeType: 'image/png' } }),
        u({
          sessionUpdate: 'user_message_chunk',
          content: { type: 'resource_link', name: 'spec.md', uri: 'file:///work/spec.md' },
        }),
      ),
    );
    const user = screen.getByTestId('entry-user');
    expect(within(user).getByRole('img').getAttribute('src')).toBe('data:image/png;base64,AAAA');
    expect(within(user).getByText('spec.md').closest('.content-chip')?.getAttribute('title')).toBe(
      'file:///work/spec.md',
    );
  });

  it('shows thoughts open while streaming and folded once the next entry exists', () => {
    const { push } = renderChat(
      fold(
        { type: 'prompt_sent', turnId: 't1', prompt: [text('q')] },
        u({ sessionUpdate: 'agent_thought_chunk', content: text('pondering') }),
      ),
    );
    const toggle = within(screen.getByTestId('entry-thought')).getByRole('button');
    expect(toggle.textContent).toBe('Thinking…');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('pondering')).toBeTruthy();
    push(u({ sessionUpdate: 'agent_message_chunk', content: text('answer') }));
    const folded = within(screen.getByTestId('entry-thought')).getByRole('button');
    expect(folded.textContent).toMatch(/^Thought for /);
    expect(folded.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('pondering')).toBeNull();
    fireEvent.click(folded);
    expect(screen.getByText('pondering')).toBeTruthy();
  });

  it('ends turns with the stop reason and duration, and failures with a next step', () => {
    renderChat(
      fold(
        { type: 'prompt_sent', turnId: 't1', prompt: [text('a')] },
        { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
        { type: 'prompt_sent', turnId: 't2', prompt: [text('b')] },
        { type: 'turn_ended', turnId: 't2', stopReason: 'max_tokens' },
        { type: 'prompt_sent', turnId: 't3', prompt: [text('c')] },
        { type: 'turn_ended', turnId: 't3', error: { message: 'internal error: boom', code: -32603 } },
      ),
    );
    const ends = screen.getAllByTestId('turn-end');
    expect(ends.map((e) => e.dataset.stopReason)).toEqual(['end_turn', 'max_tokens', 'error']);
    expect(ends[0]!.textContent).toBe('Done · 100 ms');
    expect(ends[1]!.textContent).toContain('Stopped at the token limit');
    expect(ends[1]!.textContent).toContain('Ask the agent to continue');
    expect(ends[2]!.textContent).toContain('Turn failed');
    expect(ends[2]!.textContent).toContain('Internal error: boom.');
    expect(ends[2]!.textContent).toContain('Send the prompt again');
  });

  it('is a polite log, busy while a turn runs', () => {
    const { push } = renderChat(fold({ type: 'prompt_sent', turnId: 't1', prompt: [text('a')] }));
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.getAttribute('aria-busy')).toBe('true');
    push({ type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' });
    expect(log.getAttribute('aria-busy')).toBe('false');
  });
});
