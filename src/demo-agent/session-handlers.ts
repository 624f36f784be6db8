/**
 * Session lifecycle handlers of the demo agent: new, load (with full replay), resume (no
 * replay), close, list (with the `archived` filter), set_mode and set_config_option. Sessions live in the server-wide
 * store, so any connection of the same server can pick a session up again.
 */
import {
  methods,
  type AgentContext,
  type AgentRequestContext,
  type CloseSessionRequest,
  type CloseSessionResponse,
  type ListSessionsRequest,
  type ListSessionsResponse,
  type LoadSessionRequest,
  type LoadSessionResponse,
  type NewSessionRequest,
  type NewSessionResponse,
  type ResumeSessionRequest,
  type ResumeSessionResponse,
  type SessionUpdate,
  type SetSessionConfigOptionRequest,
  type SetSessionConfigOptionResponse,
  type SetSessionModeRequest,
  type SetSessionModeResponse,
} from '@agentclientprotocol/sdk/unstable';
import { DEMO_COMMANDS, applyConfigOption, assertKnownMode, configOptions, modeState } from './session-config';
import type { DemoSession, SessionStore } from './session-store';

type Ctx<P> = AgentRequestContext<P>;

/** Modes and config options, as new/load/resume return them. */
function setupOf(session: DemoSession): LoadSessionResponse {
  return { modes: modeState(session), configOptions: configOptions(session) };
}

async function send(
  store: SessionStore,
  client: AgentContext,
  session: DemoSession,
  update: SessionUpdate,
  record = true,
): Promise<void> {
  if (record) store.record(session, update);
  await client.notify(methods.client.session.update, { sessionId: session.id, update });
}

/**
 * Sends the command list on the next macrotask, i.e. after the SDK has written the
 * response: an HTTP client opens the session stream only once it has seen the session id.
 */
function announceCommandsLater(store: SessionStore, client: AgentContext, session: DemoSession, record: boolean): void {
  const update: SessionUpdate = {
    sessionUpdate: 'available_commands_update',
    availableCommands: DEMO_COMMANDS.map((c) => ({ ...c })),
  };
  setImmediate(() => {
    send(store, client, session, update, record).catch(() => undefined); // connection gone: nothing to do
  });
}

export function newSession(store: SessionStore, ctx: Ctx<NewSessionRequest>): NewSessionResponse {
  const session = store.create(ctx.params.cwd);
  announceCommandsLater(store, ctx.client, session, true);
  return { sessionId: session.id, ...setupOf(session) };
}

/** Replays the whole recorded history, then returns the session's setup. */
export async function loadSession(store: SessionStore, ctx: Ctx<LoadSessionRequest>): Promise<LoadSessionResponse> {
  const session = store.require(ctx.params.sessionId);
  session.open = true;
  for (const update of session.history.slice()) await send(store, ctx.client, session, update, false);
  return setupOf(session);
}

export function resumeSession(store: SessionStore, ctx: Ctx<ResumeSessionRequest>): ResumeSessionResponse {
  const session = store.require(ctx.params.sessionId);
  session.open = true;
  announceCommandsLater(store, ctx.client, session, false);
  return setupOf(session);
}

export function closeSession(store: SessionStore, ctx: Ctx<CloseSessionRequest>): CloseSessionResponse {
  store.require(ctx.params.sessionId);
  store.delete(ctx.params.sessionId);
  return {};
}

export function listSessions(store: SessionStore, ctx: Ctx<ListSessionsRequest>): ListSessionsResponse {
  return { sessions: store.list(ctx.params.cwd, ctx.params.archived) };
}

export async function setMode(store: SessionStore, ctx: Ctx<SetSessionModeRequest>): Promise<SetSessionModeResponse> {
  const session = store.require(ctx.params.sessionId);
  assertKnownMode(ctx.params.modeId);
  session.modeId = ctx.params.modeId;
  await send(store, ctx.client, session, { sessionUpdate: 'current_mode_update', currentModeId: session.modeId });
  return {};
}

export async function setConfigOption(
  store: SessionStore,
  ctx: Ctx<SetSessionConfigOptionRequest>,
): Promise<SetSessionConfigOptionResponse> {
  const session = store.require(ctx.params.sessionId);
  applyConfigOption(session, ctx.params);
  const options = configOptions(session);
  await send(store, ctx.client, session, { sessionUpdate: 'config_option_update', configOptions: options });
  return { configOptions: options };
}
