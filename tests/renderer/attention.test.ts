import { describe, expect, it } from 'vitest';
import { initialSessions } from '../../src/renderer/state/sessions-slice';
import {
  attentionCount,
  attentionReport,
  endpointAttentionCount,
  finishedTurns,
  sessionAttention,
  windowTitle,
} from '../../src/renderer/state/attention';
import { waitingReason } from '../../src/shared/domain/attention';
import type { PendingElicitation, PendingPermission, SessionState } from '../../src/shared/domain/session';
import { initialSessionState } from '../../src/shared/session/reducer';
import { summary } from './shell-harness';

const permission: PendingPermission = {
  requestId: 'p1',
  toolCall: { toolCallId: 'tc1', title: 'Edit facets.txt' },
  options: [{ optionId: 'allow', name: 'Allow', kind: 'allow_once' }],
  at: 1,
};
const question = (accepted?: boolean): PendingElicitation => ({
  requestId: 'e1',
  request: { mode: 'form', message: 'Name?', requestedSchema: { type: 'object', properties: {} } } as never,
  at: 1,
  ...(accepted ? { accepted } : {}),
});

function held(id: string, patch: Partial<SessionState>): SessionState {
  return { ...initialSessionState(id), endpointId: 'demo', ...patch };
}

const state = (summaries: ReturnType<typeof summary>[], byId: Record<string, SessionState> = {}) => ({
  sessions: { ...initialSessions, summaries, byId },
});

describe('attention selector', () => {
  it('a pending permission or an unanswered elicitation makes a session wait; an accepted URL one does not', () => {
    expect(waitingReason({ permissions: { p1: permission } })).toBe('permission');
    expect(waitingReason({ permissions: {}, elicitations: { e1: question() } })).toBe('elicitation');
    expect(waitingReason({ permissions: {}, elicitations: { e1: question(true) } })).toBeNull();
    expect(waitingReason({ permissions: {} })).toBeNull();
  });

  it('judges held sessions by their folded state, others by the summary, and counts per endpoint', () => {
    const s = state(
      [
        summary({ sessionId: 'a', live: true, title: 'Fix the build' }),
        // The summary is stale: the folded state says the permission was answered.
        summary({ sessionId: 'b', live: true, waitingFor: 'permission' }),
        // Never opened in this window (after a reload): the host's summary says it waits.
        summary({ sessionId: 'c', live: true, waitingFor: 'elicitation', endpointId: 'staging' }),
        // Not live: nothing can be waiting any more.
        summary({ sessionId: 'd', live: false, waitingFor: 'permission' }),
      ],
      { a: held('a', { permissions: { p1: permission } }), b: held('b', {}) },
    );
    expect(sessionAttention(s, 'a')).toBe('permission');
    expect(sessionAttention(s, 'b')).toBeNull();
    expect(sessionAttention(s, 'c')).toBe('elicitation');
    expect(sessionAttention(s, 'd')).toBeNull();
    expect(attentionCount(s)).toBe(2);
    expect(endpointAttentionCount(s, 'demo')).toBe(1);
    expect(endpointAttentionCount(s, 'staging')).toBe(1);
    expect(attentionReport(s)).toEqual({
      count: 2,
      waiting: [
        { sessionId: 'a', title: 'Fix the build', endpointName: 'Local demo agent', reason: 'permission' },
        { sessionId: 'c', title: 'Untitled session', endpointName: 'Local demo agent', reason: 'elicitation' },
      ],
      finished: [],
    });
  });

  it('puts the count in the window title', () => {
    expect(windowTitle(0)).toBe('ACP Desk');
    expect(windowTitle(2)).toBe('(2) ACP Desk');
  });

  it('reports turns that ended off screen, bounded titles', () => {
    const before = [
      summary({ sessionId: 'a', turnRunning: true }),
      summary({ sessionId: 'b', turnRunning: true }),
      summary({ sessionId: 'c', turnRunning: false }),
    ];
    const after = [
      summary({ sessionId: 'a', turnRunning: false, title: 'x'.repeat(500) }),
      summary({ sessionId: 'b', turnRunning: false }),
      summary({ sessionId: 'c', turnRunning: false }),
    ];
    const finished = finishedTurns(before, after, 'b');
    expect(finished.map((f) => f.sessionId)).toEqual(['a']);
    const report = attentionReport(state(after), finished);
    expect(report.finished[0]?.title).toHaveLength(200);
  });
});
