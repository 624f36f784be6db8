/**
 * The demo agent's session operations beyond new/load/resume/close/list (issue 14): fork (the
 * new session starts with a copy of the original's history, so loading it replays that),
 * set_title, archive/unarchive, delete and status. They are on the SDK's unstable binding;
 * `DEMO_OPS_CAPABILITIES` is what `initialize` advertises for them, so a user can try each
 * one offline.
 */
import {
  methods,
  RequestError,
  type AgentCapabilities,
  type AgentContext,
  type AgentRequestContext,
  type ArchiveSessionRequest,
  type ArchiveSessionResponse,
  type DeleteSessionRequest,
  type DeleteSessionResponse,
  type ForkSessionRequest,
  type ForkSessionResponse,
  type SessionStatusRequest,
  type SessionStatusResponse,
  type SetSessionTitleRequest,
  type SetSessionTitleResponse,
  type UnarchiveSessionRequest,
  type UnarchiveSessionResponse,
} from '@agentclientprotocol/sdk/unstable';
import { DEMO_COMMANDS, configOptions, modeState } from './session-config';
import type { DemoSession, SessionStore } from './session-store';

type Ctx<P> = AgentRequestContext<P>;

/** The longest title `session/set_title` keeps; longer ones are cut (the answer says what was stored). */
export const MAX_TITLE_LENGTH = 80;

export const DEMO_OPS_CAPABILITIES = {
  fork: {},
  title: {},
  archive: {},
  delete: {},
  status: {},
} satisfies NonNullable<AgentCapabilities['sessionCapabilities']>;

/**
 * Said on the next macrotask, i.e. after the SDK has written the response: an HTTP client
 * opens the new session's stream only once it has seen the session id.
 */
function sayLater(client: AgentContext, session: DemoSession): void {
  setImmediate(() => {
    const title = session.title;
    const notify = (update: Parameters<AgentContext['notify']>[1]) =>
      client.notify(methods.client.session.update, update).catch(() => undefined); // connection gone
    void notify({ sessionId: session.id, update: { sessionUpdate: 'session_info_update', title } }).then(() =>
      notify({
        sessionId: session.id,
        update: { sessionUpdate: 'available_commands_update', availableCommands: DEMO_COMMANDS.map((c) => ({ ...c })) },
      }),
    );
  });
}

/** An unarchived session, or -32002; archived sessions are only unarchived, renamed or deleted. */
function active(store: SessionStore, sessionId: string): DemoSession {
  const session = store.require(sessionId);
  if (session.archived) throw RequestError.invalidParams({ sessionId }, 'the session is archived; unarchive it first');
  return session;
}

export function forkSession(store: SessionStore, ctx: Ctx<ForkSessionRequest>): ForkSessionResponse {
  const src = active(store, ctx.params.sessionId);
  if (src.turn) throw RequestError.invalidParams({ sessionId: src.id }, 'a turn is running; fork when it has ended');
  const fork = store.fork(src, ctx.params.cwd, `Fork of ${src.title ?? 'untitled session'}`);
  sayLater(ctx.client, fork);
  return { sessionId: fork.id, modes: modeState(fork), configOptions: configOptions(fork) };
}

export function setTitle(store: SessionStore, ctx: Ctx<SetSessionTitleRequest>): SetSessionTitleResponse {
  const session = store.require(ctx.params.sessionId);
  const title = ctx.params.title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  if (!title) throw RequestError.invalidParams({ title: ctx.params.title }, 'the title is empty');
  session.title = title;
  store.touch(session);
  return { title };
}

/** Archiving closes the session: a running turn is cancelled and it stops being open. */
export function archiveSession(store: SessionStore, ctx: Ctx<ArchiveSessionRequest>): ArchiveSessionResponse {
  const session = store.require(ctx.params.sessionId);
  session.turn?.controller.abort();
  session.archived = true;
  session.open = false;
  return {};
}

export function unarchiveSession(store: SessionStore, ctx: Ctx<UnarchiveSessionRequest>): UnarchiveSessionResponse {
  store.require(ctx.params.sessionId).archived = false;
  return {};
}

export function deleteSession(store: SessionStore, ctx: Ctx<DeleteSessionRequest>): DeleteSessionResponse {
  store.require(ctx.params.sessionId);
  store.delete(ctx.params.sessionId);
  return {};
}

/** 'open' while some connection has it created, loaded, resumed or forked; 'saved' after archive. */
export function sessionStatus(store: SessionStore, ctx: Ctx<SessionStatusRequest>): SessionStatusResponse {
  return { status: store.require(ctx.params.sessionId).open ? 'open' : 'saved' };
}
