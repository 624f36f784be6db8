/**
 * The DOM side of two layout fixes (issue 13); tests/e2e/chat-layout.spec.ts measures the CSS
 * in Chromium. jsdom has no layout, so the scroller's geometry is set by hand.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { update } from '../../../src/renderer/state/app-state';
import { statusReceived } from '../../../src/renderer/state/sessions-slice';
import { EP, fold, renderChat, text, u } from './chat-harness';

afterEach(cleanup);

function scrollTo(el: HTMLElement, top: number, height = 2000, client = 400): void {
  Object.defineProperty(el, 'scrollHeight', { configurable: true, value: height });
  Object.defineProperty(el, 'clientHeight', { configurable: true, value: client });
  el.scrollTop = top;
  act(() => void fireEvent.scroll(el));
}

describe('chat layout', () => {
  it('a failed connection puts its reason in its own truncating part, whole in the tooltip', () => {
    const detail = 'Could not reconnect after 8 attempts: HTTP 404 on the stream of this session';
    const { store } = renderChat(fold(), { summary: { title: 'Question' } });
    act(() => update(store, 'sessions', (s) => statusReceived(s, { endpointId: EP, state: 'failed', detail })));
    const badge = screen.getByTestId('connection-state');
    expect(badge.querySelector('.conn-label')?.textContent).toBeTruthy();
    // Its classified sentence (failure-class.ts), not the raw text, which is behind Details.
    const sentence = badge.querySelector('.conn-detail')?.textContent ?? '';
    expect(sentence).toBeTruthy();
    expect(sentence).not.toContain('HTTP 404 on the stream');
    expect(badge.getAttribute('title')).toContain(sentence);
    expect(screen.getByTestId('error-details').textContent).toContain('HTTP 404 on the stream');
    // The title and the endpoint are siblings of the badge, never inside it (they keep their width).
    const header = screen.getByTestId('chat-header');
    expect(header.querySelector('.chat-title')?.contains(badge)).toBe(false);
    expect(header.querySelector('.chat-endpoint')?.textContent).toBe('Demo agent');
  });

  it('"Jump to latest" reserves its strip under the list while it shows, and releases it at the end', () => {
    renderChat(
      fold(u({ sessionUpdate: 'agent_message_chunk', content: text('hello') }), {
        type: 'transport',
        event: { type: 'connection-lost', reason: 'network down' },
      }),
    );
    const list = screen.getByTestId('message-list');
    const wrap = list.closest<HTMLElement>('.message-list-wrap')!;
    expect(screen.queryByTestId('jump-latest')).toBeNull();
    expect(wrap.hasAttribute('data-jump')).toBe(false);

    scrollTo(list, 0); // scrolled far up
    expect(screen.getByTestId('jump-latest')).toBeTruthy();
    expect(wrap.hasAttribute('data-jump')).toBe(true);

    scrollTo(list, 1600); // back at the end
    expect(screen.queryByTestId('jump-latest')).toBeNull();
    expect(wrap.hasAttribute('data-jump')).toBe(false);
  });
});
