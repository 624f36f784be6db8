import { waitingReason } from '../../shared/domain/attention';
import type { SessionSummary } from '../../shared/domain/history';
import type { SessionEventEnvelope } from '../../shared/domain/session';
import type { SessionRuntime } from './session-runtime';
import { ARCHIVED_READ_ONLY } from './session-runtime';

/** What the engine needs from the transcript store (core/persistence). */
export interface TranscriptPort {
  create(sessionId: string, endpointId: string): Promise<void>;
  append(sessionId: string, envelopes: readonly SessionEventEnvelope[]): Promise<void>;
  /** null when there is no transcript; endpointId null when its header is unreadable. */
  read(sessionId: string): Promise<{
    endpointId: string | null;
    envelopes: readonly SessionEventEnvelope[];
    problems: readonly string[];
  } | null>;
  list(): Promise<{ summaries: readonly TranscriptSummaryLike[]; problems: readonly string[] }>;
  flush(): Promise<void>;
}

export interface TranscriptSummaryLike {
  readonly sessionId: string;
  readonly endpointId: string;
  readonly title: string | null;
  readonly cwd: string | null;
  readonly lastActivity: number;
}

/** One history row, from a live runtime when there is one, else from the transcript. */
export function summarize(
  h: TranscriptSummaryLike | undefined,
  rt: SessionRuntime | undefined,
  names: ReadonlyMap<string, string>,
): SessionSummary {
  if (rt) {
    const s = rt.state;
    const waitingFor = waitingReason(s);
    return {
      sessionId: rt.sessionId,
      endpointId: rt.endpointId,
      endpointName: names.get(rt.endpointId) ?? 'Removed endpoint',
      title: s.title ?? firstUserText(rt),
      cwd: s.cwd,
      lastActivity: s.lastActivity,
      live: rt.live,
      readOnly: rt.readOnly,
      ...(rt.readOnly === ARCHIVED_READ_ONLY ? { archived: true } : {}),
      turnRunning: s.turn.status !== 'idle',
      ...(waitingFor ? { waitingFor } : {}),
    };
  }
  const row = h!;
  return {
    sessionId: row.sessionId,
    endpointId: row.endpointId,
    endpointName: names.get(row.endpointId) ?? 'Removed endpoint',
    title: row.title,
    cwd: row.cwd,
    lastActivity: row.lastActivity,
    live: false,
    readOnly: names.has(row.endpointId) ? null : 'The endpoint of this session was removed.',
    turnRunning: false,
  };
}

function firstUserText(rt: SessionRuntime): string | null {
  for (const id of rt.state.entryIds) {
    const e = rt.state.entries[id];
    if (e?.kind === 'user') {
      const text = e.blocks
        .map((b) => (b.type === 'text' ? b.text : ''))
        .join(' ')
        .trim();
      if (text) return text.length > 60 ? `${text.slice(0, 57)}…` : text;
    }
  }
  return null;
}
