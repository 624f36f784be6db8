import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFY_TURN_END_KEY } from '../../src/renderer/state/attention-report';
import type { AttentionReport } from '../../src/shared/domain/attention';
import { flush, renderShell, summary } from './shell-harness';

afterEach(() => {
  cleanup();
  localStorage.removeItem(NOTIFY_TURN_END_KEY);
});

const sessionItem = (id: string) => screen.getAllByTestId('session-item').find((el) => el.dataset.sessionId === id)!;
const endpointItem = (name: string) =>
  screen.getAllByTestId('endpoint-item').find((el) => el.dataset.endpointName === name)!;

const waiting = [
  summary({ sessionId: 's-ask', title: 'Edit the facets', live: true, turnRunning: true, waitingFor: 'permission' }),
  summary({ sessionId: 's-form', title: 'Fill the form', live: true, turnRunning: true, waitingFor: 'elicitation' }),
  summary({ sessionId: 's-calm', title: 'Nothing to see', live: true }),
];

describe('attention in the shell', () => {
  it('badges the waiting sessions and their endpoint, counts them in the title and tells the host', async () => {
    const { bridge } = renderShell({ summaries: waiting });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));

    expect(within(sessionItem('s-ask')).getByRole('img', { name: /needs your answer/ })).toBeTruthy();
    expect(within(sessionItem('s-form')).getByRole('img', { name: /needs your answer/ })).toBeTruthy();
    expect(within(sessionItem('s-calm')).queryByRole('img', { name: /needs your answer/ })).toBeNull();
    expect(
      within(endpointItem('Local demo agent')).getByRole('img', { name: '2 sessions need your answer' }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: /Edit the facets.*needs your answer/ })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('(2) ACP Desk'));
    const reports = bridge.fake.callsTo('app:attention') as AttentionReport[];
    expect(reports.at(-1)).toMatchObject({
      count: 2,
      waiting: [
        { sessionId: 's-ask', reason: 'permission' },
        { sessionId: 's-form', reason: 'elicitation' },
      ],
      finished: [],
    });

    // Answered: the badges go and the title drops the count.
    act(() =>
      bridge.fake.emit(
        'sessions:changed',
        waiting.map((s) => ({ ...s, waitingFor: undefined })),
      ),
    );
    await waitFor(() => expect(document.title).toBe('ACP Desk'));
    expect(screen.queryAllByTestId('attention-badge')).toHaveLength(0);
    expect((bridge.fake.callsTo('app:attention') as AttentionReport[]).at(-1)?.count).toBe(0);
  });

  it('opens the session a notification was about', async () => {
    const { bridge, store } = renderShell({ summaries: waiting });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(3));
    act(() => bridge.fake.emit('app:openSession', { sessionId: 's-form' }));
    await flush();
    expect(store.getState().sessions.activeId).toBe('s-form');
    expect(store.getState().ui.view.kind).toBe('chat');
    expect(bridge.fake.callsTo('sessions:open')).toContainEqual({ sessionId: 's-form' });
  });

  it('reports a turn that ended off screen once the setting is on (palette), and remembers it', async () => {
    const running = [summary({ sessionId: 's-run', title: 'Long job', live: true, turnRunning: true })];
    const { bridge } = renderShell({ summaries: running });
    await waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(1));

    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByRole('combobox');
    fireEvent.change(input, { target: { value: 'notify' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(localStorage.getItem(NOTIFY_TURN_END_KEY)).toBe('on');

    act(() => bridge.fake.emit('sessions:changed', [{ ...running[0]!, turnRunning: false }]));
    await waitFor(() =>
      expect((bridge.fake.callsTo('app:attention') as AttentionReport[]).at(-1)?.finished).toEqual([
        { sessionId: 's-run', title: 'Long job', endpointName: 'Local demo agent' },
      ]),
    );
  });
});
