/**
 * Sessions of one demo-agent server, shared by all of its connections. ACP sessions belong
 * to the agent, not to the transport connection, so a client that reconnects (new
 * `Acp-Connection-Id`, or a new WebSocket) must find its session again for `session/load`
 * and `session/resume`. The recorded history is what `session/load` replays.
 */
import { randomBytes } from 'node:crypto';
import {
  RequestError,
  type SessionArchiveFilter,
  type SessionInfo,
  type SessionUpdate,
} from '@agentclientprotocol/sdk/unstable';
import { DEFAULT_MODE_ID, DEFAULT_MODEL_ID, type SessionSettings } from './session-config';

/** What a permission answer of kind `*_always` leaves behind for later edits. */
export type RememberedDecision = 'allow' | 'reject';

/** A running prompt turn; aborting the controller cancels it. */
export interface RunningTurn {
  readonly controller: AbortController;
}

export interface DemoSession extends SessionSettings {
  readonly id: string;
  readonly cwd: string;
  title: string | null;
  updatedAt: string;
  remembered: RememberedDecision | null;
  /** Completed or started prompt turns. */
  turnCount: number;
  /** Fake context usage, grows with every turn. */
  usedTokens: number;
  /** Source of per-session unique ids (message ids, tool call ids). */
  seq: number;
  turn: RunningTurn | null;
  /** Archived sessions are left out of `session/list` unless asked for. */
  archived: boolean;
  /** Created, loaded, resumed or forked on some connection and not archived since (`session/status`). */
  open: boolean;
  /** Every update sent or received in this session, in order; replayed by `session/load`. */
  readonly history: SessionUpdate[];
}

/**
 * In-memory session table. Consecutive text chunks of one message are merged as they are
 * recorded, so a `/stream 100000` turn costs one history entry, not 100 000, and a replay
 * carries the same text in fewer notifications.
 */
export class SessionStore {
  readonly #sessions = new Map<string, DemoSession>();
  #created = 0;

  create(cwd: string): DemoSession {
    this.#created++;
    const id = `demo_${this.#created}_${randomBytes(4).toString('hex')}`;
    const session: DemoSession = {
      id,
      cwd,
      title: null,
      updatedAt: new Date().toISOString(),
      modeId: DEFAULT_MODE_ID,
      modelId: DEFAULT_MODEL_ID,
      remembered: null,
      turnCount: 0,
      usedTokens: 0,
      seq: 0,
      turn: null,
      archived: false,
      open: true,
      history: [],
    };
    this.#sessions.set(id, session);
    return session;
  }

  /** A new session with a copy of `src`'s history and settings (ids keep counting, so none repeats). */
  fork(src: DemoSession, cwd: string, title: string): DemoSession {
    const fork = this.create(cwd);
    Object.assign(fork, {
      title,
      modeId: src.modeId,
      modelId: src.modelId,
      remembered: src.remembered,
      turnCount: src.turnCount,
      usedTokens: src.usedTokens,
      seq: src.seq,
    });
    fork.history.push(...src.history.map((u) => structuredClone(u)));
    return fork;
  }

  get(sessionId: string): DemoSession | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Like `get`, but answers an unknown id with the protocol's -32002 error. */
  require(sessionId: string): DemoSession {
    const session = this.#sessions.get(sessionId);
    if (!session) throw RequestError.sessionNotFound(sessionId);
    return session;
  }

  /** Cancels a running turn and forgets the session. */
  delete(sessionId: string): boolean {
    const session = this.#sessions.get(sessionId);
    session?.turn?.controller.abort();
    return this.#sessions.delete(sessionId);
  }

  /** Most recently active first; `cwd` filters exactly; archived ones only when `archived` asks. */
  list(cwd?: string | null, archived: SessionArchiveFilter | null = 'exclude'): SessionInfo[] {
    const wanted = (s: DemoSession) => (archived === 'include' ? true : archived === 'only' ? s.archived : !s.archived);
    return [...this.#sessions.values()]
      .filter((s) => (cwd == null || s.cwd === cwd) && wanted(s))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((s) => ({ sessionId: s.id, cwd: s.cwd, title: s.title, updatedAt: s.updatedAt, archived: s.archived }));
  }

  /** Next unique id within the session, e.g. `msg_7`. */
  nextId(session: DemoSession, prefix: string): string {
    session.seq++;
    return `${prefix}_${session.seq}`;
  }

  touch(session: DemoSession): void {
    session.updatedAt = new Date().toISOString();
  }

  /** Appends to the history, merging a text chunk into the previous chunk of its message. */
  record(session: DemoSession, update: SessionUpdate): void {
    const last = session.history[session.history.length - 1];
    const merged = last ? mergeTextChunks(last, update) : null;
    if (merged) session.history[session.history.length - 1] = merged;
    else session.history.push(update);
  }

  /** Cancels every running turn (server shutdown). */
  cancelAll(): void {
    for (const session of this.#sessions.values()) session.turn?.controller.abort();
  }
}

type ChunkKind = 'user_message_chunk' | 'agent_message_chunk' | 'agent_thought_chunk';
const CHUNK_KINDS: readonly string[] = ['user_message_chunk', 'agent_message_chunk', 'agent_thought_chunk'];

function mergeTextChunks(prev: SessionUpdate, next: SessionUpdate): SessionUpdate | null {
  if (!CHUNK_KINDS.includes(next.sessionUpdate) || prev.sessionUpdate !== next.sessionUpdate) return null;
  const a = prev as Extract<SessionUpdate, { sessionUpdate: ChunkKind }>;
  const b = next as Extract<SessionUpdate, { sessionUpdate: ChunkKind }>;
  if (a.messageId == null || a.messageId !== b.messageId) return null;
  if (a.content.type !== 'text' || b.content.type !== 'text') return null;
  return { ...a, content: { ...a.content, text: a.content.text + b.content.text } };
}
