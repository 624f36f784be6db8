/**
 * A recording's conversations, rebuilt from its wire records (pure): the `session/update`
 * notifications, prompts and their answers, permission requests and elicitations (form or URL,
 * with their answers and the agent's `elicitation/complete`), session creation / load / resume,
 * cancels, and the session streams' reconnects and gaps become the
 * same session events the engine appends live, numbered per session, at the record's time.
 * Folded with the one reducer (`reduceSession`), they give the chat as it was at any moment.
 *
 * A recording is a file from anywhere: what the reducer reads is checked (zod) first, and an
 * update that does not fit is kept as `unknown_update` (counted, as live) instead of folded.
 */
import { z } from 'zod';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope, SessionState } from '../domain/session';
import { sessionOfLane, type MessageRecord, type TrafficRecord } from '../domain/traffic';
import { initialSessionState, reduceSession } from '../session/reducer';
import { elicitationRequestSchema } from '../elicitation/schema';
import { isRecord } from '../util/is-record';

export interface RecordedSession {
  readonly sessionId: string;
  /** In record order; `seq` 1, 2, … */
  readonly events: readonly SessionEventEnvelope[];
}

export interface RecordedChat {
  /** In the order each session first appears. */
  readonly sessions: readonly RecordedSession[];
  /** Epoch ms of the first and the last record (0 when empty). */
  readonly start: number;
  readonly end: number;
}

const str = z.string();
const block = z.looseObject({ type: str });
const arr = z.array(z.looseObject({}));
const toolCallFields = {
  toolCallId: str,
  title: str.optional(),
  kind: str.optional(),
  status: str.optional(),
  content: arr.nullish(),
  locations: z.array(z.looseObject({ path: str })).nullish(),
};

/** The fields of each update kind the reducer reads. */
const updateSchema = z.discriminatedUnion('sessionUpdate', [
  z.looseObject({ sessionUpdate: z.literal('user_message_chunk'), content: block }),
  z.looseObject({ sessionUpdate: z.literal('agent_message_chunk'), content: block }),
  z.looseObject({ sessionUpdate: z.literal('agent_thought_chunk'), content: block }),
  z.looseObject({ sessionUpdate: z.literal('tool_call'), ...toolCallFields, title: str }),
  z.looseObject({ sessionUpdate: z.literal('tool_call_update'), ...toolCallFields }),
  z.looseObject({ sessionUpdate: z.literal('plan'), entries: arr }),
  z.looseObject({ sessionUpdate: z.literal('available_commands_update'), availableCommands: arr }),
  z.looseObject({ sessionUpdate: z.literal('current_mode_update'), currentModeId: str }),
  z.looseObject({ sessionUpdate: z.literal('config_option_update'), configOptions: arr }),
  z.looseObject({ sessionUpdate: z.literal('session_info_update'), title: str.nullish(), updatedAt: str.nullish() }),
  z.looseObject({ sessionUpdate: z.literal('usage_update'), used: z.number(), size: z.number() }),
  z.looseObject({ sessionUpdate: z.literal('notice'), title: str, description: str.nullish() }),
  z.looseObject({ sessionUpdate: z.literal('compaction_update'), status: str }),
  z.looseObject({ sessionUpdate: z.literal('compaction_summary_chunk') }),
]);

const permissionRequest = z.looseObject({
  toolCall: z.looseObject({ toolCallId: str }),
  options: z.array(z.looseObject({ optionId: str, name: str, kind: str })),
});
const permissionOutcome = z.union([
  z.looseObject({ outcome: z.literal('selected'), optionId: str }),
  z.looseObject({ outcome: z.literal('cancelled') }),
]);
const elicitationAction = z.enum(['accept', 'decline', 'cancel']);
const sessionResult = z.looseObject({
  sessionId: str.optional(),
  modes: z.looseObject({ currentModeId: str, availableModes: arr }).nullish(),
  configOptions: arr.nullish(),
});

interface Pending {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly sessionId?: string;
}

const idOf = (m: Record<string, unknown>): string | undefined =>
  typeof m.id === 'string' || typeof m.id === 'number' ? String(m.id) : undefined;

/** Requests are answered on the same connection generation, in the other direction. */
const pendingKey = (r: TrafficRecord, requestDir: 'in' | 'out', id: string) => `${r.generation}|${requestDir}|${id}`;

class Builder {
  readonly #sessions = new Map<string, SessionEventEnvelope[]>();
  readonly #pending = new Map<string, Pending>();
  /** URL elicitations by elicitationId → the session that asked (their completion names none). */
  readonly #urlSessions = new Map<string, string>();

  add(sessionId: string, at: number, event: SessionEvent): void {
    let list = this.#sessions.get(sessionId);
    if (!list) this.#sessions.set(sessionId, (list = []));
    list.push({ sessionId, seq: list.length + 1, at, event });
  }

  message(r: MessageRecord, endpointId: string): void {
    const m = r.message;
    if (!isRecord(m)) return;
    const id = idOf(m);
    const params = isRecord(m.params) ? m.params : {};
    const sid = typeof params.sessionId === 'string' ? params.sessionId : undefined;
    if (typeof m.method === 'string') return this.#request(r, m.method, id, params, sid);
    if (id === undefined) return;
    const asked = this.#pending.get(pendingKey(r, r.direction === 'in' ? 'out' : 'in', id));
    if (!asked) return;
    this.#pending.delete(pendingKey(r, r.direction === 'in' ? 'out' : 'in', id));
    this.#answer(r, asked, id, m, endpointId);
  }

  #request(r: MessageRecord, method: string, id: string | undefined, params: Record<string, unknown>, sid?: string) {
    if (id !== undefined)
      this.#pending.set(pendingKey(r, r.direction, id), { method, params, ...(sid ? { sessionId: sid } : {}) });
    if (r.direction === 'in' && method === 'elicitation/complete') return this.#completed(r, params);
    if (!sid) return;
    if (r.direction === 'in' && method === 'session/update') {
      const u = updateSchema.safeParse(params.update);
      this.add(
        sid,
        r.at,
        u.success
          ? { type: 'update', update: u.data as SessionUpdate }
          : { type: 'unknown_update', raw: params.update },
      );
    } else if (r.direction === 'out' && method === 'session/prompt' && id !== undefined) {
      const prompt = z.array(block).safeParse(params.prompt);
      this.add(sid, r.at, {
        type: 'prompt_sent',
        turnId: turnIdOf(r, id),
        prompt: (prompt.success ? prompt.data : []) as never,
      });
    } else if (r.direction === 'out' && method === 'session/cancel') {
      this.add(sid, r.at, { type: 'cancel_requested' });
    } else if (r.direction === 'out' && method === 'session/load') {
      this.add(sid, r.at, { type: 'replay_started', via: 'session/load' });
    } else if (r.direction === 'in' && method === 'elicitation/create' && id !== undefined) {
      // As live: a request the app would have refused (invalid, oversized) shows no card.
      const e = elicitationRequestSchema.safeParse(params);
      if (e.success) {
        if (e.data.mode === 'url') this.#urlSessions.set(e.data.elicitationId, sid);
        this.add(sid, r.at, { type: 'elicitation_requested', requestId: requestIdOf(r, id), request: e.data });
      } else this.#pending.delete(pendingKey(r, r.direction, id)); // its answer then resolves nothing
    } else if (r.direction === 'in' && method === 'session/request_permission' && id !== undefined) {
      const p = permissionRequest.safeParse(params);
      if (p.success)
        this.add(sid, r.at, {
          type: 'permission_requested',
          requestId: requestIdOf(r, id),
          toolCall: p.data.toolCall as never,
          options: p.data.options as never,
        });
    }
  }

  #answer(r: MessageRecord, asked: Pending, id: string, m: Record<string, unknown>, endpointId: string): void {
    const result = isRecord(m.result) ? m.result : undefined;
    const error = isRecord(m.error) ? m.error : undefined;
    const cwd = typeof asked.params.cwd === 'string' ? asked.params.cwd : '';
    const opened = sessionResult.safeParse(result ?? {});
    const state = (): SessionEvent => ({
      type: 'session_state',
      modes: (opened.success ? (opened.data.modes ?? null) : null) as never,
      configOptions: (opened.success ? (opened.data.configOptions ?? null) : null) as never,
    });
    switch (asked.method) {
      case 'session/new': {
        const sid = opened.success ? opened.data.sessionId : undefined;
        if (!sid || !result) return;
        this.add(sid, r.at, { type: 'session_opened', endpointId, cwd, via: 'new' });
        this.add(sid, r.at, state());
        return;
      }
      case 'session/load':
      case 'session/resume': {
        const sid = asked.sessionId;
        if (!sid) return;
        if (asked.method === 'session/load') this.add(sid, r.at, { type: 'replay_ended' });
        if (!result) return;
        this.add(sid, r.at, {
          type: 'session_opened',
          endpointId,
          cwd,
          via: asked.method === 'session/load' ? 'load' : 'resume',
        });
        this.add(sid, r.at, state());
        return;
      }
      case 'session/prompt': {
        if (!asked.sessionId) return;
        const turnId = turnIdOf(r, id);
        const stop = typeof result?.stopReason === 'string' ? result.stopReason : undefined;
        this.add(asked.sessionId, r.at, {
          type: 'turn_ended',
          turnId,
          ...(stop ? { stopReason: stop as never } : {}),
          ...(error || !result
            ? {
                error: {
                  message: typeof error?.message === 'string' ? error.message : 'The prompt failed.',
                  ...(typeof error?.code === 'number' ? { code: error.code } : {}),
                },
              }
            : {}),
        });
        return;
      }
      case 'session/request_permission':
      case 'elicitation/create':
        return this.#answered(r, asked, id, result, error);
      default:
        return;
    }
  }

  /** The client's answer to a request the agent made of a session: a permission or an elicitation. */
  #answered(
    r: MessageRecord,
    asked: Pending,
    id: string,
    result: Record<string, unknown> | undefined,
    error: Record<string, unknown> | undefined,
  ): void {
    if (!asked.sessionId) return;
    switch (asked.method) {
      case 'session/request_permission': {
        const o = permissionOutcome.safeParse(result?.outcome);
        const outcome =
          o.success && o.data.outcome === 'selected'
            ? { outcome: 'selected' as const, optionId: o.data.optionId }
            : { outcome: 'cancelled' as const };
        this.add(asked.sessionId, r.at, {
          type: 'permission_resolved',
          requestId: requestIdOf(r, id),
          outcome,
          by: outcome.outcome === 'selected' ? 'user' : error ? 'connection' : 'cancel',
        });
        return;
      }
      case 'elicitation/create': {
        const action = elicitationAction.safeParse(result?.action);
        this.add(asked.sessionId, r.at, {
          type: 'elicitation_resolved',
          requestId: requestIdOf(r, id),
          action: action.success ? action.data : 'cancel',
          by: action.success ? 'user' : 'connection',
        });
        return;
      }
    }
  }

  /** The agent's `elicitation/complete` (no session in it): the session its URL elicitation was asked in. */
  #completed(r: MessageRecord, params: Record<string, unknown>): void {
    const elicitationId = typeof params.elicitationId === 'string' ? params.elicitationId : undefined;
    const sid = elicitationId === undefined ? undefined : this.#urlSessions.get(elicitationId);
    if (elicitationId !== undefined && sid) this.add(sid, r.at, { type: 'elicitation_completed', elicitationId });
  }

  /** A session stream's reconnect attempt and its gap (the stream is back), as the chat marks them live. */
  stream(r: Extract<TrafficRecord, { kind: 'stream' }>): void {
    const sid = sessionOfLane(r.lane);
    if (!sid) return;
    if (r.phase === 'reconnect-scheduled')
      this.add(sid, r.at, {
        type: 'transport',
        event: {
          type: 'reconnect',
          lane: r.lane,
          sessionId: sid,
          attempt: r.attempt ?? 1,
          delayMs: r.delayMs ?? 0,
          reason: r.detail ?? 'stream ended',
        },
      });
    else if (r.phase === 'gap') {
      const down = /down for (\d+) ms/.exec(r.detail ?? '');
      const durationMs = down ? Number(down[1]) : 0;
      this.add(sid, r.at, {
        type: 'transport',
        event: {
          type: 'gap',
          lane: r.lane,
          sessionId: sid,
          droppedAt: r.at - durationMs,
          durationMs,
          reason: 'stream re-opened',
          inFlight: [],
          mayHaveLost: 'Messages the server wrote while the stream was down may be missing.',
        },
      });
    }
  }

  sessions(): RecordedSession[] {
    return [...this.#sessions].map(([sessionId, events]) => ({ sessionId, events }));
  }
}

const turnIdOf = (r: TrafficRecord, id: string) => `turn-${r.generation}-${id}`;
const requestIdOf = (r: TrafficRecord, id: string) => `${r.generation}:${id}`;

/** The conversations of `records` (one endpoint's log, in order); `endpointId` names the recording. */
export function recordedChat(records: readonly TrafficRecord[], endpointId: string): RecordedChat {
  const b = new Builder();
  let start = 0;
  let end = 0;
  for (const r of records) {
    if (start === 0 || r.at < start) start = r.at;
    if (r.at > end) end = r.at;
    if (r.kind === 'message') b.message(r, endpointId);
    else if (r.kind === 'stream') b.stream(r);
  }
  return { sessions: b.sessions(), start, end };
}

/** How many of `events` happened at or before `at` (they are in time order). */
export function eventsUntil(events: readonly SessionEventEnvelope[], at: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Folds events with the one reducer; keeps a state every `every` events so scrubbing back is cheap. */
export class RecordedFold {
  readonly #checkpoints: SessionState[] = [];
  readonly #every: number;

  constructor(
    readonly session: RecordedSession,
    every = 200,
  ) {
    this.#every = every;
  }

  /** The session's state after its first `count` events. */
  stateAfter(count: number): SessionState {
    const events = this.session.events;
    const n = Math.max(0, Math.min(count, events.length));
    // checkpoints[k] is the state after (k + 1) × every events.
    const k = Math.min(Math.floor(n / this.#every), this.#checkpoints.length);
    let s = k > 0 ? this.#checkpoints[k - 1]! : initialSessionState(this.session.sessionId);
    let at = k * this.#every;
    while (at < n) {
      s = safeReduce(s, events[at]!);
      at++;
      if (at % this.#every === 0 && this.#checkpoints.length === at / this.#every - 1) this.#checkpoints.push(s);
    }
    return s;
  }
}

/** A fold that throws on an odd event counts it as unknown instead. */
function safeReduce(s: SessionState, env: SessionEventEnvelope): SessionState {
  try {
    return reduceSession(s, env);
  } catch {
    return { ...s, lastSeq: env.seq, unknownUpdates: s.unknownUpdates + 1 };
  }
}
