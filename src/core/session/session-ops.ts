/**
 * Session operations beyond new/list/load/resume/close (issue 14): fork, rename
 * (`session/set_title`), archive/unarchive, delete, status, and the endpoint-level logout and
 * providers. Each is sent only when the agent advertises it (see shared/session/ops.ts) and
 * otherwise refused with a sentence naming the missing capability. The engine owns the
 * sessions; it lends this module the few internals it needs through `OpsHost`.
 *
 * Most of these methods are unstable in SDK 2.4.0, so names and types come from its
 * `unstable` entry; the stable client still carries them (its `request` takes any method).
 */
import os from 'node:os';
import type { ClientContext } from '@agentclientprotocol/sdk';
import {
  methods,
  type DisableProviderRequest,
  type ForkSessionRequest,
  type ForkSessionResponse,
  type ListProvidersResponse,
  type ListSessionsRequest,
  type ListSessionsResponse,
  type ProviderInfo,
  type SessionArchiveFilter,
  type SessionInfo,
  type SessionStatusResponse,
  type SetProviderRequest,
  type SetSessionTitleResponse,
} from '@agentclientprotocol/sdk/unstable';
import type { SessionEventEnvelope } from '../../shared/domain/session';
import { SESSION_OP_INFO, sessionOps, type SessionOp, type SessionOpsAvailability } from '../../shared/session/ops';
import { AppError } from '../../shared/util/result';
import type { EndpointConnection } from './endpoint-connection';
import { toAppError } from './errors';
import type { SessionRuntime } from './session-runtime';
import type { TranscriptPort, TranscriptSummaryLike } from './summaries';
import { ARCHIVED_READ_ONLY } from './session-runtime';

export { sessionOps, type SessionOpsAvailability };

export interface OpsHost {
  ready(endpointId: string): Promise<{ conn: EndpointConnection; ctx: ClientContext }>;
  readonly runtimes: Map<string, SessionRuntime>;
  readonly history: Map<string, TranscriptSummaryLike>;
  /** The transcript store; `delete` where it can remove a transcript (the app's store can). */
  readonly transcripts: TranscriptPort & { delete?(sessionId: string): Promise<void> };
  /** A new runtime, adopted by the engine, folded from `history` (already persisted). */
  adopt(sessionId: string, endpointId: string, history?: readonly SessionEventEnvelope[]): SessionRuntime;
  releaseOrphans(rt: SessionRuntime): void;
  publish(): void;
  /** Hands batched events to the transcript store now. */
  flushEvents(): void;
  /** The engine's log (what went wrong that the operation could carry on from). */
  log(message: string): void;
}

/** The agent's answer to `session/status`; a value it does not recognise counts as `saved` (the schema says so). */
export type SessionStatusView = { readonly status: 'open' | 'saved'; readonly reported: string };

const ARCHIVED = ARCHIVED_READ_ONLY;
const DELETED_KEPT = 'This session was deleted on the agent; its transcript is kept read-only.';

export class SessionOps {
  constructor(private readonly h: OpsHost) {}

  /** What the endpoint's agent offers (connects if needed). */
  async available(endpointId: string): Promise<SessionOpsAvailability> {
    const { conn } = await this.h.ready(endpointId);
    return sessionOps(conn.init?.agentCapabilities);
  }

  /**
   * Forks a session at its end: the agent creates a new session from the original's context;
   * locally it gets its own transcript that starts with a copy of the original's history.
   */
  async fork(sessionId: string): Promise<{ sessionId: string }> {
    const src = await this.#held(sessionId);
    if (src.state.turn.status !== 'idle')
      throw new AppError('conflict', 'A turn is running in this session; fork it when the turn has ended.');
    const { conn, ctx } = await this.#ready(src.endpointId, 'fork');
    const cwd = src.state.cwd || conn.endpoint.cwd || os.homedir();
    const params: ForkSessionRequest = { sessionId, cwd, mcpServers: [...conn.endpoint.mcpServers] };
    const r = await ctx
      .request<ForkSessionResponse, ForkSessionRequest>(methods.agent.session.fork, params)
      .catch((e: unknown) => {
        throw toAppError(e, 'Forking the session');
      });
    if (typeof r?.sessionId !== 'string' || !r.sessionId)
      throw new AppError('unavailable', 'Forking the session failed: the agent answered without a session id.');
    if (this.h.runtimes.has(r.sessionId) || this.h.history.has(r.sessionId))
      throw new AppError('conflict', `The agent answered the fork with an existing session id (${r.sessionId}).`);
    // The copy keeps each event's time; sequence numbers restart in the new log.
    const copied = (await this.#envelopesOf(src)).map((env, i): SessionEventEnvelope => ({
      sessionId: r.sessionId,
      seq: i + 1,
      at: env.at,
      event: env.event,
    }));
    await this.h.transcripts.create(r.sessionId, src.endpointId);
    if (copied.length) await this.h.transcripts.append(r.sessionId, copied);
    const rt = this.h.adopt(r.sessionId, src.endpointId, copied);
    rt.attach();
    rt.append({ type: 'session_opened', endpointId: src.endpointId, cwd, via: 'fork' });
    rt.append({ type: 'session_state', modes: r.modes ?? null, configOptions: r.configOptions ?? null });
    this.h.releaseOrphans(rt);
    this.h.publish();
    return { sessionId: r.sessionId };
  }

  /** `session/set_title`; the title the agent stored (it may normalise it) is the one shown. */
  async rename(sessionId: string, title: string, endpointId?: string): Promise<{ title: string }> {
    const target = this.#endpointOf(sessionId, endpointId);
    const { conn, ctx } = await this.#ready(target, 'rename');
    const r = await ctx
      .request<SetSessionTitleResponse>(methods.agent.session.setTitle, { sessionId, title })
      .catch((e: unknown) => {
        throw toAppError(e, 'Renaming the session');
      })
      .finally(() => this.#releaseIfIdle(conn, sessionId));
    const stored = typeof r?.title === 'string' ? r.title : title;
    // The agent renamed it; a transcript that cannot be opened here only misses the new title.
    const rt = await this.#held(sessionId).catch((e: unknown) => {
      this.h.log(`rename ${sessionId}: the title is not recorded locally (${String(e)})`);
      return undefined;
    });
    // Recorded as the agent's own title update would be, so the reducer, list and export agree.
    rt?.append({ type: 'update', update: { sessionUpdate: 'session_info_update', title: stored } });
    this.h.publish();
    return { title: stored };
  }

  /** `session/archive`: the agent closes the session if it is active, so it stops here too. */
  async archive(sessionId: string, endpointId?: string): Promise<void> {
    const target = this.#endpointOf(sessionId, endpointId);
    const { conn, ctx } = await this.#ready(target, 'archive');
    await ctx.request(methods.agent.session.archive, { sessionId }).catch((e: unknown) => {
      throw toAppError(e, 'Archiving the session');
    });
    const rt = this.h.runtimes.get(sessionId);
    if (rt) {
      rt.cancelAllPermissions('cancel');
      rt.detach(ARCHIVED);
    }
    conn.transport.releaseSession(sessionId);
    this.h.publish();
  }

  async unarchive(sessionId: string, endpointId?: string): Promise<void> {
    const target = this.#endpointOf(sessionId, endpointId);
    const { conn, ctx } = await this.#ready(target, 'archive');
    await ctx
      .request(methods.agent.session.unarchive, { sessionId })
      .catch((e: unknown) => {
        throw toAppError(e, 'Unarchiving the session');
      })
      .finally(() => this.#releaseIfIdle(conn, sessionId));
    const rt = this.h.runtimes.get(sessionId);
    // Continuing it is a re-attach, as after a restart: opening the session does that.
    rt?.liftReadOnly(ARCHIVED);
    this.h.publish();
  }

  /**
   * `session/delete`, then the local transcript is deleted too, or kept read-only
   * (`keepTranscript`), the person's choice.
   */
  async delete(sessionId: string, keepTranscript: boolean, endpointId?: string): Promise<void> {
    const target = this.#endpointOf(sessionId, endpointId);
    const { conn, ctx } = await this.#ready(target, 'delete');
    await ctx.request(methods.agent.session.delete, { sessionId }).catch((e: unknown) => {
      throw toAppError(e, 'Deleting the session');
    });
    conn.transport.releaseSession(sessionId);
    const rt = this.h.runtimes.get(sessionId);
    rt?.cancelAllPermissions('cancel');
    rt?.detach();
    if (keepTranscript) {
      // Deleted on the agent either way; without a transcript here there is nothing to keep.
      const held =
        rt ??
        (await this.#held(sessionId).catch((e: unknown) => {
          this.h.log(`delete ${sessionId}: no local transcript to keep (${String(e)})`);
          return undefined;
        }));
      if (held) {
        held.markReadOnly(DELETED_KEPT);
        // Persisted, so the transcript still says why after a restart.
        held.append({ type: 'detached', reason: DELETED_KEPT });
      }
    } else {
      this.h.runtimes.delete(sessionId);
      this.h.history.delete(sessionId);
      await this.h.transcripts.delete?.(sessionId);
    }
    this.h.publish();
  }

  /** `session/status` (no side effects on the agent). */
  async status(sessionId: string, endpointId?: string): Promise<SessionStatusView> {
    const target = this.#endpointOf(sessionId, endpointId);
    const { conn, ctx } = await this.#ready(target, 'status');
    const r = await ctx
      .request<SessionStatusResponse>(methods.agent.session.status, { sessionId })
      .catch((e: unknown) => {
        throw toAppError(e, 'Asking for the session status');
      })
      .finally(() => this.#releaseIfIdle(conn, sessionId));
    const reported = typeof r?.status === 'string' ? r.status : 'saved';
    return { status: reported === 'open' ? 'open' : 'saved', reported };
  }

  /** The agent's sessions by archive state (`session/list` with the `archived` filter). */
  async remoteSessions(endpointId: string, archived: SessionArchiveFilter): Promise<SessionInfo[]> {
    const { ctx } = await this.#ready(endpointId, 'archive');
    const out: SessionInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const params: ListSessionsRequest = { archived, ...(cursor ? { cursor } : {}) };
      const r = await ctx.request<ListSessionsResponse>(methods.agent.session.list, params).catch((e: unknown) => {
        throw toAppError(e, 'Listing the agent sessions');
      });
      out.push(...r.sessions);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    return out;
  }

  /** `logout` on the endpoint's connection; sessions then need a new sign-in where the agent has methods. */
  async logout(endpointId: string): Promise<void> {
    const { conn, ctx } = await this.#ready(endpointId, 'logout');
    await ctx.request(methods.agent.logout, {}).catch((e: unknown) => {
      throw toAppError(e, 'Signing out');
    });
    if (conn.init?.authMethods?.length) conn.markAuthRequired(true);
  }

  async listProviders(endpointId: string): Promise<ProviderInfo[]> {
    const { ctx } = await this.#ready(endpointId, 'providers');
    const r = await ctx.request<ListProvidersResponse>(methods.agent.providers.list, {}).catch((e: unknown) => {
      throw toAppError(e, 'Listing the providers');
    });
    return Array.isArray(r?.providers) ? r.providers : [];
  }

  async setProvider(endpointId: string, params: SetProviderRequest): Promise<void> {
    const { ctx } = await this.#ready(endpointId, 'providers');
    await ctx.request(methods.agent.providers.set, params).catch((e: unknown) => {
      throw toAppError(e, 'Setting the provider');
    });
  }

  async disableProvider(endpointId: string, providerId: string): Promise<void> {
    const { ctx } = await this.#ready(endpointId, 'providers');
    const params: DisableProviderRequest = { providerId };
    await ctx.request(methods.agent.providers.disable, params).catch((e: unknown) => {
      throw toAppError(e, 'Disabling the provider');
    });
  }

  // ---- internals --------------------------------------------------------------------------

  /** Connects, then refuses the operation if the agent does not advertise it. */
  async #ready(endpointId: string, op: SessionOp) {
    const ready = await this.h.ready(endpointId);
    if (!sessionOps(ready.conn.init?.agentCapabilities)[op]) {
      const { action, flag } = SESSION_OP_INFO[op];
      const name = ready.conn.init?.agentInfo?.title || ready.conn.init?.agentInfo?.name || ready.conn.endpoint.name;
      throw new AppError('unavailable', `${name} does not offer ${action} (it does not advertise ${flag}).`, {
        capability: flag,
      });
    }
    return ready;
  }

  #endpointOf(sessionId: string, endpointId: string | undefined): string {
    const known = this.h.runtimes.get(sessionId)?.endpointId || this.h.history.get(sessionId)?.endpointId;
    if (known && endpointId && known !== endpointId)
      throw new AppError('conflict', `Session ${sessionId} belongs to another endpoint.`);
    const id = known || endpointId;
    if (!id) throw new AppError('not_found', 'There is no such session here; name its endpoint to reach the agent.');
    return id;
  }

  /** The session's runtime, loaded from its transcript (not re-attached) when it is not open. */
  async #held(sessionId: string): Promise<SessionRuntime> {
    const rt = this.h.runtimes.get(sessionId);
    if (rt) return rt;
    const t = await this.h.transcripts.read(sessionId).catch(() => null);
    if (!t) throw new AppError('not_found', 'There is no transcript of that session.');
    const endpointId = t.endpointId ?? this.h.history.get(sessionId)?.endpointId ?? '';
    return this.h.adopt(sessionId, endpointId, t.envelopes);
  }

  async #envelopesOf(rt: SessionRuntime): Promise<readonly SessionEventEnvelope[]> {
    // Batched and pending writes first, so the copy has every event the runtime folded.
    this.h.flushEvents();
    await this.h.transcripts.flush();
    const t = await this.h.transcripts.read(rt.sessionId).catch(() => null);
    return t?.envelopes ?? [];
  }

  /** A request about a session that is not open here opened its HTTP stream; close it again. */
  #releaseIfIdle(conn: EndpointConnection, sessionId: string): void {
    const rt = this.h.runtimes.get(sessionId);
    if (!rt?.live && !rt?.attaching) conn.transport.releaseSession(sessionId);
  }
}
