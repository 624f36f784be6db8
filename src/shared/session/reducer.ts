/**
 * The one pure reducer: (SessionState, SessionEventEnvelope) → SessionState. The renderer
 * folds pushed batches with it; core folds the same log for snapshots, history and export.
 * Rules (after Zed's acp_thread): envelopes at or below `lastSeq` are ignored (idempotent);
 * chunks append to the open message; `tool_call` upserts by toolCallId (a new card when the id
 * belongs to a finished turn) and `tool_call_update` merges only the fields it carries into the
 * newest card of its id; a settled permission request leaves a `permission` entry; `plan` replaces; unknown update kinds change nothing but
 * a counter (the raw message stays visible in the traffic inspector).
 */
import type { SessionUpdate, ToolCall, ToolCallUpdate } from '@agentclientprotocol/sdk';
import type { Entry, SessionEvent, SessionEventEnvelope, SessionState, ToolCallState } from '../domain/session';
import type { TransportEvent } from '../domain/traffic';
import { assertNever } from '../util/assert-never';
import { completeElicitation, requestElicitation, resolveElicitation } from './elicitation-reducer';
import { lossReason } from './outage-words';
import { reconcile } from './reconcile';
import { addEntry, appendChunk, cardKey, replaceEntry, type Timeline } from './timeline';

export function initialSessionState(sessionId: string): SessionState {
  return {
    sessionId,
    endpointId: null,
    cwd: null,
    lastSeq: 0,
    entryIds: [],
    entries: {},
    toolCalls: {},
    plan: null,
    modes: null,
    configOptions: [],
    commands: [],
    title: null,
    updatedAt: null,
    usage: null,
    turn: { status: 'idle' },
    permissions: {},
    connection: { state: 'idle' },
    replay: null,
    detached: null,
    unknownUpdates: 0,
    lastActivity: 0,
  };
}

export function reduceSession(state: SessionState, env: SessionEventEnvelope): SessionState {
  if (env.seq <= state.lastSeq) return state;
  const next = apply({ ...state, lastSeq: env.seq, lastActivity: env.at }, env.event, env);
  return next;
}

export function reduceAll(state: SessionState, envs: readonly SessionEventEnvelope[]): SessionState {
  let s = state;
  for (const e of envs) s = reduceSession(s, e);
  return s;
}

const entryId = (env: SessionEventEnvelope, suffix = '') => `e${env.seq}${suffix}`;

function timelineOf(s: SessionState): Timeline {
  return s.replay ?? { entryIds: s.entryIds, entries: s.entries };
}

function withTimeline(s: SessionState, t: Timeline): SessionState {
  return s.replay ? { ...s, replay: t } : { ...s, entryIds: t.entryIds, entries: t.entries };
}

function apply(s: SessionState, e: SessionEvent, env: SessionEventEnvelope): SessionState {
  switch (e.type) {
    case 'update':
      return applyUpdate(s.turn.waiting && !s.replay ? { ...s, turn: withoutWaiting(s.turn) } : s, e.update, env);
    case 'unknown_update':
      return { ...s, unknownUpdates: s.unknownUpdates + 1 };
    case 'session_opened':
      return { ...s, endpointId: e.endpointId, cwd: e.cwd, detached: null };
    case 'session_state':
      return {
        ...s,
        ...(e.modes !== undefined ? { modes: e.modes } : {}),
        ...(e.configOptions !== undefined ? { configOptions: e.configOptions ?? [] } : {}),
      };
    case 'prompt_sent': {
      const id = entryId(env);
      const t = addEntry(timelineOf(s), { kind: 'user', id, blocks: e.prompt, pending: true });
      return {
        ...withTimeline(s, t),
        turn: { status: 'running', turnId: e.turnId, startedAt: env.at, userEntryId: id },
      };
    }
    case 'turn_ended':
      return endTurn(s, e, env);
    case 'cancel_requested':
      return s.turn.status === 'running' ? { ...s, turn: { ...s.turn, status: 'cancelling' } } : s;
    case 'permission_requested':
      return requestPermission(s, e, env);
    case 'permission_resolved':
      return resolvePermission(s, e, env);
    case 'elicitation_requested':
      return requestElicitation(s, e, env);
    case 'elicitation_resolved':
      return resolveElicitation(s, e);
    case 'elicitation_completed':
      return completeElicitation(s, e);
    case 'connection':
      return { ...s, connection: e.detail ? { state: e.state, detail: e.detail } : { state: e.state } };
    case 'transport':
      return applyTransport(s, e.event, env);
    case 'replay_started':
      return { ...s, replay: { entryIds: [], entries: {} } };
    case 'replay_ended': {
      if (!s.replay) return s;
      const merged = reconcile({ entryIds: s.entryIds, entries: s.entries }, s.replay, entryId(env), env.at);
      return { ...s, replay: null, entryIds: merged.entryIds, entries: merged.entries };
    }
    case 'detached':
      return marker({ ...s, detached: e.reason }, 'detached', e.reason, env);
    case 'error':
      return marker(s, 'error', e.message, env);
    default:
      return assertNever(e, 'session event');
  }
}

function marker(
  s: SessionState,
  kind: Extract<SessionState['entries'][string], { kind: 'marker' }>['marker'],
  text: string,
  env: SessionEventEnvelope,
): SessionState {
  return withTimeline(s, addEntry(timelineOf(s), { kind: 'marker', id: entryId(env), marker: kind, text, at: env.at }));
}

function withoutWaiting(turn: SessionState['turn']): SessionState['turn'] {
  const { waiting: _waiting, ...rest } = turn;
  return rest;
}

/** Nothing but markers follows the running turn's own user entry: a user chunk now is its echo. */
function echoesRunningPrompt(s: SessionState, t: Timeline): boolean {
  const id = s.turn.userEntryId;
  if (!id || !t.entries[id]) return false;
  for (let i = t.entryIds.length - 1; i >= 0; i--) {
    const entryIdAt = t.entryIds[i]!;
    if (entryIdAt === id) return true;
    if (t.entries[entryIdAt]!.kind !== 'marker') return false;
  }
  return false;
}

function applyUpdate(s: SessionState, u: SessionUpdate, env: SessionEventEnvelope): SessionState {
  switch (u.sessionUpdate) {
    case 'user_message_chunk': {
      const t = timelineOf(s);
      // The agent echoing the prompt we already show (Zed's dedupe rule), also when markers
      // (a connection lost and recovered while the prompt waited) came in between.
      if (!s.replay && echoesRunningPrompt(s, t)) return s;
      return withTimeline(s, appendChunk(t, 'user', u.content, u.messageId ?? undefined, entryId(env)));
    }
    case 'agent_message_chunk':
      return withTimeline(s, appendChunk(timelineOf(s), 'agent', u.content, u.messageId ?? undefined, entryId(env)));
    case 'agent_thought_chunk':
      return withTimeline(s, appendChunk(timelineOf(s), 'thought', u.content, u.messageId ?? undefined, entryId(env)));
    case 'tool_call':
      return upsertToolCall(s, u, env, true);
    case 'tool_call_update':
      return upsertToolCall(s, u, env, false);
    case 'plan':
      return { ...s, plan: u.entries };
    case 'available_commands_update':
      return { ...s, commands: u.availableCommands };
    case 'current_mode_update':
      return { ...s, modes: { availableModes: s.modes?.availableModes ?? [], currentModeId: u.currentModeId } };
    case 'config_option_update':
      return { ...s, configOptions: u.configOptions };
    case 'session_info_update':
      return {
        ...s,
        ...(u.title !== undefined ? { title: u.title ?? null } : {}),
        ...(u.updatedAt !== undefined ? { updatedAt: u.updatedAt ?? null } : {}),
      };
    case 'usage_update':
      return { ...s, usage: { used: u.used, size: u.size, ...(u.cost ? { cost: u.cost } : {}) } };
    case 'notice':
      return marker(
        s,
        u.severity === 'error' ? 'error' : 'notice',
        u.description ? `${u.title}: ${u.description}` : u.title,
        env,
      );
    case 'compaction_update':
      return u.status === 'in_progress'
        ? s
        : marker(s, 'notice', `Context compaction ${u.status}${u.error ? `: ${u.error}` : ''}`, env);
    case 'compaction_summary_chunk':
      return s;
    default:
      return { ...s, unknownUpdates: s.unknownUpdates + 1 };
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** The key of the newest card for a toolCallId. */
function newestKey(s: SessionState, toolCallId: string): string {
  return s.toolCallKeys?.[toolCallId] ?? toolCallId;
}

/** The running turn, if any (cards started in it belong to it). */
function currentTurnId(s: SessionState): string | undefined {
  return s.turn.status === 'idle' ? undefined : s.turn.turnId;
}

/**
 * `tool_call` (full) upserts the newest card for the id, except that an id whose newest card
 * belongs to another, finished turn starts a new card in the running turn (agents do reuse
 * ids across turns); `tool_call_update` merges into the newest card.
 */
function upsertToolCall(
  s: SessionState,
  u: ToolCall | ToolCallUpdate,
  env: SessionEventEnvelope,
  full: boolean,
): SessionState {
  const turnId = currentTurnId(s);
  let key = newestKey(s, u.toolCallId);
  let prev: ToolCallState | undefined = s.toolCalls[key];
  let keys = s.toolCallKeys;
  if (full && prev && !s.replay && turnId !== undefined && prev.turnId !== turnId) {
    key = `${u.toolCallId}@${turnId}`;
    prev = s.toolCalls[key];
    keys = { ...keys, [u.toolCallId]: key };
  }
  const base: ToolCallState = prev ?? {
    toolCallId: u.toolCallId,
    title: u.toolCallId,
    kind: 'other',
    status: 'pending',
    content: [],
    locations: [],
    startedAt: env.at,
    updatedAt: env.at,
    ...(turnId !== undefined ? { turnId } : {}),
  };
  const patch = defined({
    title: u.title,
    kind: u.kind,
    status: u.status,
    content: u.content,
    locations: u.locations,
    rawInput: u.rawInput,
    rawOutput: u.rawOutput,
  }) as Partial<ToolCallState>;
  const merged: ToolCallState = full && !prev ? { ...base, ...patch } : { ...base, ...patch, updatedAt: env.at };
  let next: SessionState = {
    ...s,
    toolCalls: { ...s.toolCalls, [key]: merged },
    ...(keys !== undefined ? { toolCallKeys: keys } : {}),
  };
  const t = timelineOf(next);
  const listed = t.entryIds.some((id) => {
    const e = t.entries[id];
    return e?.kind === 'tool_call' && cardKey(e) === key;
  });
  if (!listed)
    next = withTimeline(
      next,
      addEntry(t, {
        kind: 'tool_call',
        id: entryId(env),
        toolCallId: u.toolCallId,
        ...(key !== u.toolCallId ? { key } : {}),
      }),
    );
  return next;
}

function endTurn(
  s: SessionState,
  e: Extract<SessionEvent, { type: 'turn_ended' }>,
  env: SessionEventEnvelope,
): SessionState {
  const stopped = e.stopReason === 'cancelled' || e.error?.kind === 'interrupted';
  const toolCalls = stopped
    ? Object.fromEntries(
        Object.entries(s.toolCalls).map(([id, tc]) => [
          id,
          tc.status === 'pending' || tc.status === 'in_progress' ? { ...tc, status: 'cancelled' as const } : tc,
        ]),
      )
    : s.toolCalls;
  let t = timelineOf(s);
  const userEntry = s.turn.userEntryId ? t.entries[s.turn.userEntryId] : undefined;
  if (userEntry?.kind === 'user' && userEntry.pending) t = replaceEntry(t, { ...userEntry, pending: false });
  t = addEntry(t, {
    kind: 'turn_end',
    id: entryId(env),
    turnId: e.turnId,
    ...(e.stopReason ? { stopReason: e.stopReason } : {}),
    ...(e.error ? { error: e.error.message } : {}),
    ...(s.turn.startedAt !== undefined ? { durationMs: env.at - s.turn.startedAt } : {}),
  });
  return {
    ...withTimeline({ ...s, toolCalls }, t),
    turn: {
      status: 'idle',
      ...(e.stopReason ? { lastStopReason: e.stopReason } : {}),
      ...(e.error ? { lastError: e.error.message } : {}),
    },
  };
}

function requestPermission(
  s: SessionState,
  e: Extract<SessionEvent, { type: 'permission_requested' }>,
  env: SessionEventEnvelope,
): SessionState {
  // A request for a card of a finished turn is a new call of the running turn, like a `tool_call`.
  const newest = s.toolCalls[newestKey(s, e.toolCall.toolCallId)];
  const reused = newest !== undefined && newest.turnId !== currentTurnId(s);
  const withCall = upsertToolCall(s, e.toolCall, env, reused);
  const key = newestKey(withCall, e.toolCall.toolCallId);
  const tc = withCall.toolCalls[key]!;
  return {
    ...withCall,
    toolCalls: { ...withCall.toolCalls, [key]: { ...tc, awaitingPermission: e.requestId } },
    permissions: {
      ...s.permissions,
      [e.requestId]: { requestId: e.requestId, toolCall: e.toolCall, options: e.options, at: env.at },
    },
  };
}

function resolvePermission(
  s: SessionState,
  e: Extract<SessionEvent, { type: 'permission_resolved' }>,
  env: SessionEventEnvelope,
): SessionState {
  const pending = s.permissions[e.requestId];
  if (!pending) return s;
  const { [e.requestId]: _gone, ...permissions } = s.permissions;
  const found = Object.entries(s.toolCalls).find(([, tc]) => tc.awaitingPermission === e.requestId);
  const id = entryId(env);
  const toolCalls = found
    ? {
        ...s.toolCalls,
        [found[0]]: { ...found[1], awaitingPermission: undefined, decisions: [...(found[1].decisions ?? []), id] },
      }
    : s.toolCalls;
  const option =
    e.outcome.outcome === 'selected'
      ? pending.options.find((o) => o.optionId === (e.outcome as { optionId: string }).optionId)
      : undefined;
  const decision: Entry = {
    kind: 'permission',
    id,
    requestId: e.requestId,
    ...(found ? { cardKey: found[0] } : {}),
    toolTitle: found?.[1].title ?? pending.toolCall.title ?? pending.toolCall.toolCallId,
    outcome: e.outcome.outcome,
    ...(e.outcome.outcome === 'selected' ? { optionId: e.outcome.optionId } : {}),
    ...(option ? { optionName: option.name, optionKind: option.kind } : {}),
    by: e.by,
    at: env.at,
  };
  return withTimeline({ ...s, permissions, toolCalls }, addEntry(timelineOf(s), decision));
}

/**
 * Marks an outage when it starts, and updates that same marker when it changes or ends, so
 * the chat shows one marker per outage, at the moment it began, with how it ended.
 */
function outageMarker(
  s: SessionState,
  kind: 'gap' | 'connection_lost' | 'recovered',
  text: string,
  env: SessionEventEnvelope,
  ongoing: boolean,
): SessionState {
  const open = s.outage ? timelineOf(s).entries[s.outage.markerId] : undefined;
  if (open?.kind === 'marker') {
    const next = withTimeline(s, replaceEntry(timelineOf(s), { ...open, marker: kind, text }));
    return ongoing ? next : { ...next, outage: undefined };
  }
  const added = marker(s, kind, text, env);
  return ongoing ? { ...added, outage: { markerId: entryId(env), since: env.at } } : added;
}

function applyTransport(s: SessionState, ev: TransportEvent, env: SessionEventEnvelope): SessionState {
  const since = s.outage ? ` (since ${new Date(s.outage.since).toLocaleTimeString()})` : '';
  switch (ev.type) {
    case 'reconnect':
      return s.outage
        ? s
        : outageMarker(s, 'gap', `Stream dropped${lossReason(s.sessionId, ev.reason)} Reconnecting…`, env, true);
    case 'gap': {
      const secs = (ev.durationMs / 1000).toFixed(1);
      const lost = s.turn.status !== 'idle' || ev.inFlight.length > 0 ? ' Content may be missing here.' : '';
      return outageMarker(s, 'gap', `Stream dropped for ${secs} s, reconnected.${lost}`, env, false);
    }
    case 'connection-lost':
      return outageMarker(
        s,
        'connection_lost',
        `Connection lost${since}${lossReason(s.sessionId, ev.reason)} Reconnecting…`,
        env,
        true,
      );
    case 'recovered':
      return outageMarker(
        s,
        'recovered',
        s.outage
          ? `Connection lost${since}, then restored; session re-attached with ${ev.via}.`
          : `Reconnected; session re-attached with ${ev.via}.`,
        env,
        false,
      );
    case 'detached':
      return marker({ ...s, detached: ev.reason }, 'detached', ev.reason, env);
    case 'waiting':
      // The prompt has not gone out: the turn says so until the agent's first word arrives.
      return s.turn.status === 'running' && !s.turn.waiting ? { ...s, turn: { ...s.turn, waiting: ev.reason } } : s;
    default:
      return s;
  }
}
