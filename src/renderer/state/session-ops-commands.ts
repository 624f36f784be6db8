/**
 * Session operations from the chat header (issue 14): fork, rename, archive/unarchive and
 * delete; and the endpoint's logout and model providers. User intent → bridge → store, like
 * session-commands.ts; each answers the failure as a sentence (or null), never throws. The
 * core refuses what the agent does not advertise; the UI shows only what `sessionOps` says exists.
 */
import type { ProviderInfo } from '@agentclientprotocol/sdk/unstable';
import type { Bridge, InvokeRequest } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/util/result';
import type { StoreApi } from 'zustand/vanilla';
import { update, type AppState } from './app-state';
import { describeError, type ErrorText } from './error-text';
import type { SessionCommands } from './session-commands';
import { activeChanged } from './sessions-slice';
import { settle } from './settle';

export interface SessionOpsCommands {
  /** Forks the session and shows the fork; its error, or null. */
  fork(sessionId: string): Promise<ErrorText | null>;
  rename(sessionId: string, title: string): Promise<ErrorText | null>;
  archive(sessionId: string): Promise<ErrorText | null>;
  unarchive(sessionId: string): Promise<ErrorText | null>;
  /** Deletes on the agent; the transcript goes too, or stays read-only (`keepTranscript`). */
  deleteSession(sessionId: string, keepTranscript: boolean): Promise<ErrorText | null>;
  /** `logout` on the endpoint's agent (the sidebar's endpoint menu). */
  logout(endpointId: string): Promise<ErrorText | null>;
  /** The agent's model providers (the endpoint page's Model providers section). */
  providers(endpointId: string): Promise<{ providers: ProviderInfo[] } | { error: ErrorText }>;
  setProvider(params: InvokeRequest<'endpoints:setProvider'>): Promise<ErrorText | null>;
  disableProvider(endpointId: string, providerId: string): Promise<ErrorText | null>;
}

export function createSessionOpsCommands(
  bridge: Bridge,
  store: StoreApi<AppState>,
  sessions: Pick<SessionCommands, 'openSession'>,
): SessionOpsCommands {
  const sentence = (r: IpcResult<unknown>) => (r.ok ? null : describeError(r.error, 'session'));
  const endpointSentence = (r: IpcResult<unknown>) => (r.ok ? null : describeError(r.error, 'endpoint'));
  return {
    async fork(sessionId) {
      const r = await settle(() => bridge.sessions.fork({ sessionId }));
      if (r.ok) await sessions.openSession(r.value.sessionId);
      return sentence(r);
    },
    async rename(sessionId, title) {
      return sentence(await settle(() => bridge.sessions.rename({ sessionId, title })));
    },
    async archive(sessionId) {
      return sentence(await settle(() => bridge.sessions.archive({ sessionId })));
    },
    async unarchive(sessionId) {
      const r = await settle(() => bridge.sessions.unarchive({ sessionId }));
      // Continuing it is a re-attach (session/resume or load), as opening it after a restart.
      if (r.ok) await sessions.openSession(sessionId);
      return sentence(r);
    },
    async deleteSession(sessionId, keepTranscript) {
      const r = await settle(() => bridge.sessions.delete({ sessionId, keepTranscript }));
      // A deleted transcript has nothing left to show: leave the session.
      if (r.ok && !keepTranscript && store.getState().sessions.activeId === sessionId)
        update(store, 'sessions', (s) => activeChanged(s, null));
      return sentence(r);
    },
    async logout(endpointId) {
      return endpointSentence(await settle(() => bridge.endpoints.logout({ id: endpointId })));
    },
    async providers(endpointId) {
      const r = await settle(() => bridge.endpoints.providers({ id: endpointId }));
      return r.ok ? { providers: r.value } : { error: describeError(r.error, 'endpoint') };
    },
    async setProvider(params) {
      return endpointSentence(await settle(() => bridge.endpoints.setProvider(params)));
    },
    async disableProvider(endpointId, providerId) {
      return endpointSentence(await settle(() => bridge.endpoints.disableProvider({ id: endpointId, providerId })));
    },
  };
}
