/**
 * The fake bridge's session operations (issue 14): which ones the agent "advertises"
 * (all by default, `available` changes it), and in-memory results for each like the core's,
 * refusing an operation that is not advertised with the core's sentence.
 */
import type { ProviderInfo } from '@agentclientprotocol/sdk/unstable';
import type { SessionOpsContract } from '../../shared/ipc/session-ops-contract';
import { SESSION_OP_INFO, type SessionOp, type SessionOpsAvailability } from '../../shared/session/ops';
import { err, ok, type IpcResult } from '../../shared/util/result';
import type { Handlers } from './fake-handlers';

type OpsHandlers = Pick<Handlers, keyof SessionOpsContract>;

export interface FakeSessionOps {
  readonly handlers: OpsHandlers;
  /** What the fake agent advertises; tests may change it. */
  available: SessionOpsAvailability;
  readonly titles: Map<string, string>;
  readonly archived: Set<string>;
  readonly deleted: Map<string, { keepTranscript: boolean }>;
  readonly providers: Map<string, ProviderInfo>;
  logouts: number;
}

const ALL: SessionOpsAvailability = {
  fork: true,
  rename: true,
  archive: true,
  delete: true,
  status: true,
  logout: true,
  providers: true,
};

let forks = 0;

export function createFakeSessionOps(available: Partial<SessionOpsAvailability> = {}): FakeSessionOps {
  const state: Omit<FakeSessionOps, 'handlers'> = {
    available: { ...ALL, ...available },
    titles: new Map(),
    archived: new Set(),
    deleted: new Map(),
    providers: new Map([['main', { providerId: 'main', supported: ['anthropic'], required: true, current: null }]]),
    logouts: 0,
  };
  const gate = <T>(op: SessionOp, run: () => T): IpcResult<T> => {
    if (!state.available[op]) {
      const { action, flag } = SESSION_OP_INFO[op];
      return err('unavailable', `The agent does not offer ${action} (it does not advertise ${flag}).`);
    }
    return ok(run());
  };
  const handlers: OpsHandlers = {
    'sessions:fork': () => gate('fork', () => ({ sessionId: `fake-fork-${++forks}` })),
    'sessions:rename': ({ sessionId, title }) =>
      gate('rename', () => {
        state.titles.set(sessionId, title.trim());
        return { title: title.trim() };
      }),
    'sessions:archive': ({ sessionId }) => gate('archive', () => (state.archived.add(sessionId), null)),
    'sessions:unarchive': ({ sessionId }) => gate('archive', () => (state.archived.delete(sessionId), null)),
    'sessions:delete': ({ sessionId, keepTranscript }) =>
      gate('delete', () => (state.deleted.set(sessionId, { keepTranscript }), null)),
    'sessions:status': ({ sessionId }) =>
      gate('status', () =>
        state.archived.has(sessionId)
          ? { status: 'saved' as const, reported: 'saved' }
          : { status: 'open' as const, reported: 'open' },
      ),
    'sessions:archived': () =>
      gate('archive', () => [...state.archived].map((sessionId) => ({ sessionId, cwd: '/', archived: true }))),
    'endpoints:ops': () => ok({ ...state.available }),
    'endpoints:logout': () => gate('logout', () => (state.logouts++, null)),
    'endpoints:providers': () => gate('providers', () => [...state.providers.values()]),
    'endpoints:setProvider': ({ providerId, apiType, baseUrl }) =>
      gate('providers', () => {
        const p = state.providers.get(providerId) ?? { providerId, supported: [apiType], required: false };
        state.providers.set(providerId, { ...p, current: { apiType, baseUrl } });
        return null;
      }),
    'endpoints:disableProvider': ({ providerId }) =>
      gate('providers', () => {
        const p = state.providers.get(providerId);
        if (p) state.providers.set(providerId, { ...p, current: null });
        return null;
      }),
  };
  return Object.assign(state, { handlers });
}
