/** ChatError (issue 13): a connection failure reads as its class's sentence, raw text behind Details. */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { update } from '../../../src/renderer/state/app-state';
import type { ErrorText } from '../../../src/renderer/state/error-text';
import { sessionError } from '../../../src/renderer/state/sessions-slice';
import { SID, fold, renderChat } from './chat-harness';

afterEach(cleanup);

function showError(error: ErrorText) {
  const { store } = renderChat(fold());
  act(() => update(store, 'sessions', (s) => sessionError(s, SID, error)));
  return screen.getByTestId('chat-error');
}

describe('chat error', () => {
  it('classifies raw connection text: one sentence, one next step, the errno text behind Details', () => {
    const box = showError({
      code: 'unavailable',
      message: 'fetch failed (connect ECONNREFUSED 127.0.0.1:4100)',
      nextStep: 'Check that the agent is reachable (Test connection on its endpoint), then try again.',
    });
    expect(box.dataset.kind).toBe('nothing-listening');
    const text = box.querySelector('.chat-error-text')!.textContent!;
    expect(text).toContain('Nothing is listening at 127.0.0.1:4100');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('Check that the agent is reachable');
    const toggle = screen.getByTestId('error-details-toggle');
    expect(screen.getByTestId('error-details').hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('error-details').hidden).toBe(false);
    expect(screen.getByTestId('error-details').textContent).toContain('ECONNREFUSED 127.0.0.1:4100');
  });

  it('keeps what the host already classified, and a sentence no class knows as it is', () => {
    const classified = showError({
      code: 'unavailable',
      message: 'The server answered but it is not an ACP endpoint.',
      nextStep: 'Check the URL.',
      kind: 'not-acp',
      details: { raw: 'HTTP 404', status: 404 },
    });
    expect(classified.textContent).toContain('The server answered but it is not an ACP endpoint. Check the URL.');
    expect(screen.getByTestId('error-details').textContent).toContain('HTTP 404');
    cleanup();
    const plain = showError({
      code: 'conflict',
      message: 'A turn is already running.',
      nextStep: 'Wait for the running turn to end, or cancel it with Esc.',
    });
    expect(plain.textContent).toContain('A turn is already running. Wait for the running turn to end');
    expect(screen.queryByTestId('error-details-toggle')).toBeNull();
  });
});
