/**
 * The one status model (issue 13): each badge reads the endpoint's connection status plus the
 * session's attach state, so the sidebar, the chat header and the side panel cannot disagree.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointStatus } from '../../../src/shared/domain/history';
import { statusModel, type SessionAttach } from '../../../src/renderer/state/status-model';

const ep = (patch: Partial<EndpointStatus>): EndpointStatus => ({ endpointId: 'e', state: 'connected', ...patch });
const attached: SessionAttach = { live: true, readOnly: null, detached: null, replaying: false };

describe('status model: the endpoint', () => {
  it.each([
    ['connecting', ep({ state: 'connecting' }), 'connecting', 'Connecting…', 'warn'],
    ['connected', ep({ state: 'connected' }), 'connected', 'Connected', 'ok'],
    [
      'reconnecting (attempt 6)',
      ep({ state: 'reconnecting', attempt: 6 }),
      'reconnecting',
      'Reconnecting (attempt 6)',
      'warn',
    ],
    ['reconnecting, no attempt yet', ep({ state: 'reconnecting' }), 'reconnecting', 'Reconnecting…', 'warn'],
    ['recovering', ep({ state: 'recovering' }), 'recovering', 'Recovering…', 'warn'],
    ['offline', ep({ state: 'offline', retryEveryMs: 5000 }), 'offline', 'Offline · retrying every 5 s', 'danger'],
    ['failed', ep({ state: 'failed', detail: 'boom' }), 'failed', 'Failed', 'danger'],
    ['closed', ep({ state: 'closed' }), 'closed', 'Disconnected', 'neutral'],
    ['no status yet', undefined, 'idle', 'Not connected', 'neutral'],
  ] as const)('%s', (_name, endpoint, key, label, tone) => {
    expect(statusModel({ endpoint })).toMatchObject({ key, label, tone });
  });

  it('a failure is classified: one sentence, a next step, the raw text kept for Details', () => {
    const raw = 'Could not reconnect after 8 attempts: fetch failed (connect ECONNREFUSED 127.0.0.1:4100)';
    const view = statusModel({ endpoint: ep({ state: 'failed', detail: raw }) });
    expect(view.headline).toMatch(/Nothing is listening at 127\.0\.0\.1:4100/);
    expect(view.headline).not.toContain('ECONNREFUSED');
    expect(view.nextStep).toBeTruthy();
    expect(view.failure?.raw).toContain('ECONNREFUSED');
  });
});

describe('status model: a session says what its endpoint says, plus its attach state', () => {
  it.each([
    ['connecting', ep({ state: 'connecting' }), 'Connecting…'],
    ['connected', ep({ state: 'connected' }), 'Connected'],
    ['reconnecting (attempt 6)', ep({ state: 'reconnecting', attempt: 6 }), 'Reconnecting (attempt 6)'],
    ['recovering', ep({ state: 'recovering' }), 'Recovering…'],
    ['offline', ep({ state: 'offline', retryEveryMs: 10_000 }), 'Offline · retrying every 10 s'],
    ['failed', ep({ state: 'failed' }), 'Failed'],
    ['closed', ep({ state: 'closed' }), 'Disconnected'],
  ] as const)('endpoint %s: the attached session and the endpoint have one label', (_n, endpoint, label) => {
    const own = statusModel({ endpoint });
    const session = statusModel({ endpoint, session: attached });
    expect(own.label).toBe(label);
    expect(session).toEqual(own);
  });

  it.each([
    ['attached', attached, ep({}), 'connected', 'Connected'],
    ['re-attaching (session/load replay)', { ...attached, replaying: true }, ep({}), 'reattaching', 'Re-attaching…'],
    [
      're-attaching while the endpoint recovers',
      { ...attached, replaying: true },
      ep({ state: 'recovering' }),
      'reattaching',
      'Re-attaching…',
    ],
    [
      'detached',
      { live: false, readOnly: 'gone', detached: 'The agent cannot load it', replaying: false },
      ep({}),
      'detached',
      'Detached',
    ],
    ['not attached', { ...attached, live: false }, ep({}), 'not-attached', 'Not attached'],
    ['not attached, no connection yet', { ...attached, live: false }, undefined, 'not-attached', 'Not attached'],
    [
      'not attached while the endpoint reconnects (a past session is not lit up)',
      { ...attached, live: false },
      ep({ state: 'reconnecting', attempt: 4 }),
      'not-attached',
      'Not attached',
    ],
    [
      'read-only',
      { live: false, readOnly: 'The endpoint was removed.', detached: null, replaying: false },
      ep({}),
      'read-only',
      'Read-only',
    ],
    [
      'detached wins over the outage',
      { live: false, readOnly: 'x', detached: 'x', replaying: false },
      ep({ state: 'reconnecting', attempt: 2 }),
      'detached',
      'Detached',
    ],
  ] as const)('%s', (_n, session, endpoint, key, label) => {
    expect(statusModel({ endpoint, session })).toMatchObject({ key, label });
  });

  it('after recovery every session of the endpoint says Connected (no stale "Connection failed")', () => {
    const sessions = [attached, { ...attached }, { ...attached }];
    const failed = ep({ state: 'failed', detail: 'Could not reconnect after 8 attempts' });
    expect(sessions.map((session) => statusModel({ endpoint: failed, session }).key)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
    const back = ep({ state: 'connected' });
    const views = sessions.map((session) => statusModel({ endpoint: back, session }));
    expect(views.map((v) => v.label)).toEqual(['Connected', 'Connected', 'Connected']);
    expect(views.some((v) => v.headline ?? v.detail)).toBe(false);
  });
});
