/**
 * The test agent's session operations beyond new/load/resume/close (issue 14): list (with the
 * `archived` filter), fork, set_title, archive/unarchive, delete, status, logout and providers,
 * on the SDK's unstable binding, over the agent's shared in-memory store. `advertise` says
 * whether `initialize` names them; the handlers are there either way, so a test can prove the
 * client refused an operation itself rather than the agent refusing it.
 */
import {
  methods,
  RequestError,
  type AgentApp,
  type AgentCapabilities,
  type ProviderInfo,
  type SessionInfo,
} from '@agentclientprotocol/sdk/unstable';
import type { TestSession } from './test-agent';

export interface OpsState {
  /** Every logout the agent received. */
  logouts: number;
  readonly providers: Map<string, ProviderInfo>;
  /** sessionId → 'open' once loaded, created or forked on some connection. */
  readonly open: Set<string>;
}

export function newOpsState(): OpsState {
  return {
    logouts: 0,
    providers: new Map([
      [
        'main',
        {
          providerId: 'main',
          supported: ['anthropic'],
          required: true,
          current: { apiType: 'anthropic', baseUrl: 'https://api.anthropic.test' },
        },
      ],
      ['openai', { providerId: 'openai', supported: ['openai'], required: false, current: null }],
    ]),
    open: new Set(),
  };
}

export const OPS_CAPABILITIES = {
  sessionCapabilities: { fork: {}, title: {}, archive: {}, delete: {}, status: {} },
  auth: { logout: {} },
  providers: {},
} satisfies AgentCapabilities;

export function addSessionOps(
  app: AgentApp,
  store: Map<string, TestSession>,
  state: OpsState,
  nextId: () => string,
): AgentApp {
  const known = (sessionId: string) => {
    const s = store.get(sessionId);
    if (!s) throw RequestError.resourceNotFound(sessionId);
    return s;
  };
  return app
    .onRequest(methods.agent.session.list, ({ params }) => {
      const filter = params.archived ?? 'exclude';
      const sessions: SessionInfo[] = [...store.values()]
        .filter((s) => (filter === 'only' ? s.archived : filter === 'include' ? true : !s.archived))
        .map((s) => ({ sessionId: s.id, cwd: s.cwd ?? '/', title: s.title ?? null, archived: Boolean(s.archived) }));
      return { sessions };
    })
    .onRequest(methods.agent.session.fork, async ({ params, client }) => {
      const src = known(params.sessionId);
      const id = nextId();
      // The fork starts from the original's context: its history, and so its replay on load.
      const title = `Fork of ${src.title ?? src.id}`;
      store.set(id, { id, history: [...src.history], cwd: params.cwd, title });
      state.open.add(id);
      // Said before the answer: it waits on the new session's stream until the client opens it.
      await client.notify(methods.client.session.update, {
        sessionId: id,
        update: { sessionUpdate: 'session_info_update', title },
      });
      return { sessionId: id };
    })
    .onRequest(methods.agent.session.setTitle, ({ params }) => {
      const s = known(params.sessionId);
      const title = params.title.trim().slice(0, 80);
      if (!title) throw RequestError.invalidParams(undefined, 'the title is empty');
      s.title = title;
      return { title };
    })
    .onRequest(methods.agent.session.archive, ({ params }) => {
      const s = known(params.sessionId);
      s.cancel?.();
      s.archived = true;
      state.open.delete(s.id);
      return {};
    })
    .onRequest(methods.agent.session.unarchive, ({ params }) => {
      known(params.sessionId).archived = false;
      return {};
    })
    .onRequest(methods.agent.session.delete, ({ params }) => {
      const s = known(params.sessionId);
      s.cancel?.();
      store.delete(s.id);
      state.open.delete(s.id);
      return {};
    })
    .onRequest(methods.agent.session.status, ({ params }) => ({
      status: state.open.has(known(params.sessionId).id) ? 'open' : 'saved',
    }))
    .onRequest(methods.agent.logout, () => {
      state.logouts++;
      return {};
    })
    .onRequest(methods.agent.providers.list, () => ({ providers: [...state.providers.values()] }))
    .onRequest(methods.agent.providers.set, ({ params }) => {
      const p = state.providers.get(params.providerId);
      if (!p) throw RequestError.invalidParams(undefined, `unknown provider ${params.providerId}`);
      state.providers.set(p.providerId, { ...p, current: { apiType: params.apiType, baseUrl: params.baseUrl } });
      return {};
    })
    .onRequest(methods.agent.providers.disable, ({ params }) => {
      const p = state.providers.get(params.providerId);
      if (!p) throw RequestError.invalidParams(undefined, `unknown provider ${params.providerId}`);
      if (p.required) throw RequestError.invalidParams(undefined, `provider ${p.providerId} is required`);
      state.providers.set(p.providerId, { ...p, current: null });
      return {};
    });
}
