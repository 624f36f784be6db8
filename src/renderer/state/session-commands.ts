/**
 * Session commands: user intent → bridge → store. The outcome of a turn never comes back as a
 * return value: it arrives as pushed events (one source of truth); commands only record
 * failures as sentences. Commands never throw.
 */
import type { ContentBlock } from '@agentclientprotocol/sdk';
import type { ExportedSession } from '../../shared/domain/history';
import type { PermissionOutcome } from '../../shared/domain/session';
import type { ElicitationAnswer } from '../../shared/elicitation/schema';
import type { Bridge } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/util/result';
import { update, type AppState } from './app-state';
import { describeError, type ErrorText } from './error-text';
import { startErrorChanged } from './endpoints-slice';
import {
  activeChanged,
  searchChanged,
  sessionError,
  snapshotReceived,
  statusReceived,
  summariesReceived,
} from './sessions-slice';
import type { StoreApi } from 'zustand/vanilla';
import { settle } from './settle';

export interface SessionCommands {
  loadSessions(): Promise<void>;
  /** Starts a session on an endpoint and shows it. Returns its id, or null (error recorded). */
  newSession(endpointId: string, cwd?: string): Promise<string | null>;
  /** Shows a session: its transcript at once, live once the host has re-attached it. */
  openSession(sessionId: string): Promise<void>;
  /** Re-fetches a session's state (after a gap in pushed events). */
  resync(sessionId: string): Promise<void>;
  /** The turn id the core gave the prompt, or null when it was refused (the error is recorded). */
  prompt(sessionId: string, prompt: ContentBlock[]): Promise<string | null>;
  cancel(sessionId: string): Promise<void>;
  resolvePermission(sessionId: string, requestId: string, outcome: PermissionOutcome): Promise<void>;
  resolveElicitation(sessionId: string, requestId: string, answer: ElicitationAnswer): Promise<void>;
  setMode(sessionId: string, modeId: string): Promise<void>;
  setConfigOption(sessionId: string, configId: string, value: string | boolean): Promise<void>;
  closeSession(sessionId: string): Promise<void>;
  search(query: string): Promise<void>;
  exportSession(sessionId: string, format: 'markdown' | 'json'): Promise<ExportedSession | null>;
  connectEndpoint(endpointId: string): Promise<void>;
  authenticate(endpointId: string, methodId: string): Promise<ErrorText | null>;
  clearSessionError(sessionId: string): void;
  /** Dismisses why a session could not start on an endpoint. */
  clearStartError(endpointId: string): void;
}

type Fail = (sessionId: string, result: IpcResult<unknown>) => boolean;

/** Records an action's outcome for its session: the error as a sentence, or clears it. */
function failRecorder(store: StoreApi<AppState>): Fail {
  return (sessionId, result) => {
    if (!result.ok)
      update(store, 'sessions', (s) => sessionError(s, sessionId, describeError(result.error, 'session')));
    else update(store, 'sessions', (s) => sessionError(s, sessionId, null));
    return result.ok;
  };
}

type TurnCommandNames =
  'prompt' | 'cancel' | 'resolvePermission' | 'resolveElicitation' | 'setMode' | 'setConfigOption' | 'closeSession';

/** What a person does inside a session: send, cancel, answer, switch, close. */
function turnCommands(bridge: Bridge, fail: Fail): Pick<SessionCommands, TurnCommandNames> {
  return {
    async prompt(sessionId, prompt) {
      const result = await settle(() => bridge.sessions.prompt({ sessionId, prompt }));
      return fail(sessionId, result) && result.ok ? result.value.turnId : null;
    },
    async cancel(sessionId) {
      fail(sessionId, await settle(() => bridge.sessions.cancel({ sessionId })));
    },
    async resolvePermission(sessionId, requestId, outcome) {
      fail(sessionId, await settle(() => bridge.sessions.resolvePermission({ sessionId, requestId, outcome })));
    },
    async resolveElicitation(sessionId, requestId, answer) {
      fail(sessionId, await settle(() => bridge.sessions.resolveElicitation({ sessionId, requestId, answer })));
    },
    async setMode(sessionId, modeId) {
      fail(sessionId, await settle(() => bridge.sessions.setMode({ sessionId, modeId })));
    },
    async setConfigOption(sessionId, configId, value) {
      fail(sessionId, await settle(() => bridge.sessions.setConfigOption({ sessionId, configId, value })));
    },
    async closeSession(sessionId) {
      fail(sessionId, await settle(() => bridge.sessions.close({ sessionId })));
    },
  };
}

export function createSessionCommands(bridge: Bridge, store: StoreApi<AppState>): SessionCommands {
  const fail = failRecorder(store);
  const commands: SessionCommands = {
    ...turnCommands(bridge, fail),
    async loadSessions() {
      const [list, statuses] = await Promise.all([
        settle(() => bridge.sessions.list()),
        settle(() => bridge.endpoints.status()),
      ]);
      if (list.ok) update(store, 'sessions', (s) => summariesReceived(s, list.value));
      if (statuses.ok) for (const st of statuses.value) update(store, 'sessions', (s) => statusReceived(s, st));
    },
    async newSession(endpointId, cwd) {
      const result = await settle(() => bridge.sessions.new(cwd ? { endpointId, cwd } : { endpointId }));
      if (!result.ok) {
        update(store, 'endpoints', (s) => startErrorChanged(s, endpointId, describeError(result.error, 'session')));
        return null;
      }
      update(store, 'endpoints', (s) => startErrorChanged(s, endpointId, null));
      await commands.openSession(result.value.sessionId);
      return result.value.sessionId;
    },
    async openSession(sessionId) {
      update(store, 'sessions', (s) => activeChanged(s, sessionId));
      update(store, 'ui', (s) => ({ ...s, view: { kind: 'chat' }, composerFocus: s.composerFocus + 1 }));
      const result = await settle(() => bridge.sessions.open({ sessionId }));
      if (result.ok) update(store, 'sessions', (s) => snapshotReceived(s, result.value));
      fail(sessionId, result);
    },
    async resync(sessionId) {
      const result = await settle(() => bridge.sessions.snapshot({ sessionId }));
      if (result.ok) update(store, 'sessions', (s) => snapshotReceived(s, result.value));
    },
    async search(query) {
      update(store, 'sessions', (s) => searchChanged(s, { query, busy: true }));
      const result = await settle(() => bridge.sessions.search({ query }));
      if (store.getState().sessions.search.query !== query) return; // a newer query is running
      update(store, 'sessions', (s) =>
        searchChanged(
          s,
          result.ok
            ? { hits: result.value, busy: false, error: null }
            : { hits: [], busy: false, error: describeError(result.error, 'load') },
        ),
      );
    },
    async exportSession(sessionId, format) {
      const result = await settle(() => bridge.sessions.export({ sessionId, format }));
      return fail(sessionId, result) && result.ok ? result.value : null;
    },
    async connectEndpoint(endpointId) {
      const result = await settle(() => bridge.endpoints.connect({ id: endpointId }));
      if (result.ok) update(store, 'sessions', (s) => statusReceived(s, result.value));
    },
    async authenticate(endpointId, methodId) {
      const result = await settle(() => bridge.endpoints.authenticate({ id: endpointId, methodId }));
      return result.ok ? null : describeError(result.error, 'session');
    },
    clearSessionError(sessionId) {
      update(store, 'sessions', (s) => sessionError(s, sessionId, null));
    },
    clearStartError(endpointId) {
      update(store, 'endpoints', (s) => startErrorChanged(s, endpointId, null));
    },
  };
  return commands;
}
