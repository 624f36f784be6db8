/**
 * Issue 13, "one truthful status", as reported: during an outage the sidebar said
 * "Reconnecting (attempt 6)" while the chat header said "Connected" and the side panel
 * "State: Live"; after recovery the header kept "Connection failed" in every session of the
 * endpoint. Every badge now derives from the endpoint's status plus the session's attach state.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointStatus, SessionSnapshot } from '../../src/shared/domain/history';
import { initialSessionState, reduceAll } from '../../src/shared/session/reducer';
import { ok } from '../../src/shared/util/result';
import { NOW, STATUSES, renderShell, summary } from './shell-harness';

afterEach(cleanup);

const DEMO = STATUSES[0]!;
const SESSIONS = [
  summary({ sessionId: 's-a', title: 'First question', live: true, lastActivity: NOW - 10_000 }),
  summary({ sessionId: 's-b', title: 'Second question', live: true, lastActivity: NOW - 20_000 }),
];

/** A session whose own folded copy of the connection is stale: it still says "failed". */
function staleSnapshot(sessionId: string): SessionSnapshot {
  const at = NOW;
  const state = reduceAll(initialSessionState(sessionId), [
    { sessionId, seq: 1, at, event: { type: 'session_opened', endpointId: 'demo', cwd: '/work/demo', via: 'new' } },
    {
      sessionId,
      seq: 2,
      at,
      event: { type: 'connection', state: 'failed', detail: 'Could not reconnect after 8 attempts' },
    },
  ]);
  return { state, lastSeq: 2 };
}

const sessionItem = (id: string) => screen.getAllByTestId('session-item').find((el) => el.dataset.sessionId === id)!;
const demoItem = () =>
  screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointName === 'Local demo agent')!;

/** What the sidebar's endpoint row, the session row, the header and the side panel say. */
function shown(sessionId: string) {
  return {
    endpoint: within(demoItem()).getByText((_t, el) => el?.classList.contains('endpoint-item-status') ?? false)
      .textContent,
    row: sessionItem(sessionId).dataset.status,
    header: screen.getByTestId('connection-state').querySelector('.conn-label')?.textContent,
    headerKey: screen.getByTestId('connection-state').dataset.state,
    side: screen.getByTestId('side-state').textContent,
    sideKey: screen.getByTestId('side-state').dataset.state,
  };
}

describe('one truthful status (issue 13)', () => {
  it('during an outage the sidebar, header and side panel say the same; after recovery none keeps "Connection failed"', async () => {
    const { bridge } = renderShell({
      summaries: SESSIONS,
      handlers: { 'sessions:open': ({ sessionId }) => ok(staleSnapshot(sessionId)) },
    });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(2));
    fireEvent.click(sessionItem('s-a'));
    await waitFor(() => expect(screen.getByTestId('connection-state')).toBeTruthy());
    const status = (s: Partial<EndpointStatus>) =>
      act(() => bridge.fake.emit('endpoints:statusChanged', { ...DEMO, ...s }));

    // Connected, although the session's own copy says "failed".
    expect(shown('s-a')).toEqual({
      endpoint: 'Connected',
      row: 'connected',
      header: 'Connected',
      headerKey: 'connected',
      side: 'Connected',
      sideKey: 'connected',
    });

    status({ state: 'reconnecting', attempt: 6 });
    expect(shown('s-a')).toEqual({
      endpoint: 'Reconnecting (attempt 6)',
      row: 'reconnecting',
      header: 'Reconnecting (attempt 6)',
      headerKey: 'reconnecting',
      side: 'Reconnecting (attempt 6)',
      sideKey: 'reconnecting',
    });
    expect(sessionItem('s-b').dataset.status).toBe('reconnecting');

    status({ state: 'failed', detail: 'Could not reconnect after 8 attempts: HTTP 404 on the stream of session s-b' });
    expect(shown('s-a')).toMatchObject({ endpoint: 'Failed', row: 'failed', header: 'Failed', side: 'Failed' });

    status({ state: 'connected', attempt: undefined, detail: undefined });
    for (const id of ['s-a', 's-b']) {
      fireEvent.click(sessionItem(id));
      await waitFor(() => expect(shown(id).side).toBe('Connected'));
      expect(shown(id)).toEqual({
        endpoint: 'Connected',
        row: 'connected',
        header: 'Connected',
        headerKey: 'connected',
        side: 'Connected',
        sideKey: 'connected',
      });
      expect(screen.getByTestId('chat-header').textContent).not.toMatch(/failed|Could not reconnect/i);
    }
  });
});
