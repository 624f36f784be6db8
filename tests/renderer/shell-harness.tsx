/** Scripted sessions for the shell tests: summaries, statuses and snapshots on a fake bridge. */
import { act } from '@testing-library/react';
import type { FakeBridgeOptions, FakeHandlers } from '../../src/renderer/bridge/fake-bridge';
import type { EndpointStatus, SessionSnapshot, SessionSummary } from '../../src/shared/domain/history';
import { initialSessionState, reduceAll } from '../../src/shared/session/reducer';
import { ok } from '../../src/shared/util/result';
import { renderApp } from './render-app';

export const NOW = Date.now();

export function summary(patch: Partial<SessionSummary> & Pick<SessionSummary, 'sessionId'>): SessionSummary {
  return {
    endpointId: 'demo',
    endpointName: 'Local demo agent',
    title: null,
    cwd: '/work/demo',
    lastActivity: NOW - 60_000,
    live: false,
    readOnly: null,
    turnRunning: false,
    ...patch,
  };
}

export function snapshotOf(sessionId: string, endpointId = 'demo'): SessionSnapshot {
  const state = reduceAll(initialSessionState(sessionId), [
    { sessionId, seq: 1, at: NOW, event: { type: 'session_opened', endpointId, cwd: '/work/demo', via: 'new' } },
  ]);
  return { state, lastSeq: 1 };
}

export const SUMMARIES: SessionSummary[] = [
  summary({ sessionId: 's-old', title: 'Refactor the parser', lastActivity: NOW - 3 * 3600_000 }),
  summary({
    sessionId: 's-new',
    title: 'Explain the greeting module',
    live: true,
    turnRunning: true,
    lastActivity: NOW - 30_000,
  }),
  summary({
    sessionId: 's-staging',
    endpointId: 'staging',
    endpointName: 'Staging coder',
    title: null,
    readOnly: 'The agent cannot load past sessions',
    lastActivity: NOW - 2 * 86_400_000,
  }),
];

export const STATUSES: EndpointStatus[] = [
  {
    endpointId: 'demo',
    state: 'connected',
    agentInfo: { name: 'acp-desk-demo', title: 'ACP Desk demo agent', version: '0.1.0' },
    transport: 'http',
  },
  { endpointId: 'staging', state: 'failed', detail: 'connection refused by agents.staging.example.com' },
  { endpointId: 'ws-lab', state: 'reconnecting', attempt: 3 },
];

export interface ShellOptions extends FakeBridgeOptions {
  readonly summaries?: readonly SessionSummary[];
  readonly statuses?: readonly EndpointStatus[];
}

/** The whole app with sessions: list, status, open (any id) and new (answers `s-created`). */
export function renderShell(options: ShellOptions = {}) {
  const summaries = options.summaries ?? SUMMARIES;
  const handlers: FakeHandlers = {
    'sessions:list': () => ok([...summaries]),
    'endpoints:status': () => ok([...(options.statuses ?? STATUSES)]),
    'sessions:open': ({ sessionId }) => ok(snapshotOf(sessionId)),
    'sessions:new': () => ok({ sessionId: 's-created' }),
    'sessions:cancel': () => ok(null),
    ...options.handlers,
  };
  return renderApp({ ...options, handlers });
}

/** Lets pending promises (bridge calls) settle. */
export const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
