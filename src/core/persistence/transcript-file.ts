/**
 * The transcript file format, free of I/O so it can be tested line by line.
 *
 * A transcript is JSON Lines: line 1 is a header
 * `{"kind":"header","version":1,"sessionId","endpointId","createdAt"}`, every further line one
 * `SessionEventEnvelope`. Reading never throws on content: a torn or garbled line, an envelope
 * of another session, a sequence number out of order or an event the reducer cannot apply is
 * skipped and reported with its line number, and everything else is kept — a crash mid-write
 * costs at most the line being written.
 */
import { createHash } from 'node:crypto';
import type { SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import { initialSessionState, reduceSession } from '../../shared/session/reducer';
import { envelopeSchema, eventProblem, headerSchema, TRANSCRIPT_VERSION, type TranscriptHeader } from './event-schema';

/** One row of the transcript list: enough for the history view without reading events again. */
export interface TranscriptSummary {
  readonly sessionId: string;
  readonly endpointId: string;
  readonly title: string | null;
  readonly cwd: string | null;
  /** Epoch ms of the last event (the header's creation time for an empty transcript). */
  readonly lastActivity: number;
  readonly lastSeq: number;
  readonly eventCount: number;
}

/** Only files with this extension are transcripts; anything else in the directory is ignored. */
export const TRANSCRIPT_EXT = '.jsonl';
const MAX_PROBLEMS = 20;

/**
 * A file name that is safe for any session id (ids come from remote agents): a short readable
 * ASCII prefix plus a sha256 of the full id, so no id can name a path outside the directory,
 * exceed name limits or collide with another by sanitizing.
 */
export function transcriptFileName(sessionId: string): string {
  const prefix =
    sessionId
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^[_-]+/, '')
      .slice(0, 40)
      .replace(/[_-]+$/, '') || 'session';
  const hash = createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 16);
  return `${prefix}-${hash}${TRANSCRIPT_EXT}`;
}

/** The header line (with its newline) that starts every transcript. */
export function headerLine(sessionId: string, endpointId: string, createdAt: Date): string {
  const header: TranscriptHeader = {
    kind: 'header',
    version: TRANSCRIPT_VERSION,
    sessionId,
    endpointId,
    createdAt: createdAt.toISOString(),
  };
  return JSON.stringify(header) + '\n';
}

/** A batch of envelopes as lines, ready for a single append. */
export function envelopeLines(envelopes: readonly SessionEventEnvelope[]): string {
  return envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

/** An in-progress fold: what has been kept so far and what was wrong. */
export interface FoldAcc {
  readonly sessionId: string;
  state: SessionState;
  readonly envelopes: SessionEventEnvelope[];
  readonly problems: string[];
  skipped: number;
}

/** Starts a fold from scratch, or from a summary's state to fold an appended batch onto it. */
export function startFold(sessionId: string, state: SessionState = initialSessionState(sessionId)): FoldAcc {
  return { sessionId, state, envelopes: [], problems: [], skipped: 0 };
}

function report(acc: FoldAcc, problem: string): void {
  acc.skipped += 1;
  if (acc.problems.length < MAX_PROBLEMS) acc.problems.push(problem);
}

/** Closes a fold: when problems were capped, says how many more there were. */
export function finishFold(acc: FoldAcc): FoldAcc {
  const hidden = acc.skipped - acc.problems.length;
  if (hidden > 0) acc.problems.push(`… and ${hidden} more skipped line(s)`);
  return acc;
}

/** Validates one candidate envelope and folds it with the shared reducer, or reports why not. */
export function acceptEnvelope(acc: FoldAcc, value: unknown, where: string): void {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success)
    return report(acc, `${where}: not a session event (${parsed.error.issues[0]?.path.join('.') || 'shape'})`);
  const env = value as SessionEventEnvelope;
  if (env.sessionId !== acc.sessionId) return report(acc, `${where}: event of another session, dropped`);
  const bad = eventProblem(parsed.data.event);
  if (bad) return report(acc, `${where}: ${bad}, dropped`);
  const last = acc.state.lastSeq;
  if (env.seq <= last)
    return report(
      acc,
      `${where}: seq ${env.seq} ${env.seq === last ? 'duplicated' : `out of order (after ${last})`}, dropped`,
    );
  try {
    acc.state = reduceSession(acc.state, env);
    acc.envelopes.push(env);
  } catch (e) {
    report(
      acc,
      `${where}: event could not be applied (${e instanceof Error ? e.message.slice(0, 80) : 'error'}), dropped`,
    );
  }
}

/** A parsed file: what could be kept, and every reason something was not. */
export interface ParsedTranscript {
  /** Null when line 1 is not a usable header (then `headerProblem` says why). */
  readonly header: TranscriptHeader | null;
  readonly headerProblem: string | null;
  readonly envelopes: readonly SessionEventEnvelope[];
  readonly state: SessionState;
  readonly problems: readonly string[];
}

function parseJson(line: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false, reason: line.trimEnd().endsWith('}') ? 'invalid JSON' : 'truncated or invalid JSON' };
  }
}

function readHeader(
  line: string | undefined,
  expectedId: string | undefined,
): { header: TranscriptHeader | null; problem: string | null } {
  const json = parseJson(line ?? '');
  const parsed = json.ok ? headerSchema.safeParse(json.value) : null;
  if (!parsed?.success) return { header: null, problem: 'line 1: broken header' };
  const header = parsed.data;
  if (header.version > TRANSCRIPT_VERSION)
    return { header: null, problem: `line 1: written by a newer version (${header.version})` };
  if (expectedId !== undefined && header.sessionId !== expectedId)
    return { header: null, problem: 'line 1: header belongs to another session' };
  return { header, problem: null };
}

/**
 * Parses a whole transcript. With `expectedId` (reading one session) a broken header still
 * lets that session's own envelopes through; without it (listing) the header's id is used.
 */
export function parseTranscript(text: string, expectedId?: string): ParsedTranscript {
  const lines = text.split('\n');
  const { header, problem } = readHeader(lines[0], expectedId);
  const sessionId = header?.sessionId ?? expectedId;
  const foreign = problem !== null && (expectedId === undefined || problem.includes('another session'));
  if (sessionId === undefined || foreign) {
    return {
      header,
      headerProblem: problem,
      envelopes: [],
      state: initialSessionState(sessionId ?? ''),
      problems: problem ? [problem] : [],
    };
  }
  const acc = startFold(sessionId);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const json = parseJson(line);
    if (json.ok) acceptEnvelope(acc, json.value, `line ${i + 1}`);
    else report(acc, `line ${i + 1}: ${json.reason}, skipped`);
  }
  finishFold(acc);
  return {
    header,
    headerProblem: problem,
    envelopes: acc.envelopes,
    state: acc.state,
    problems: problem ? [problem, ...acc.problems] : acc.problems,
  };
}

/** The list row for a folded transcript. */
export function summarize(header: TranscriptHeader, state: SessionState, eventCount: number): TranscriptSummary {
  const created = Date.parse(header.createdAt);
  return {
    sessionId: header.sessionId,
    endpointId: header.endpointId,
    title: state.title,
    cwd: state.cwd,
    lastActivity: state.lastActivity || (Number.isFinite(created) ? created : 0),
    lastSeq: state.lastSeq,
    eventCount,
  };
}

/** A state carrying just what a summary needs, so appended batches can be folded onto it. */
function stateFromSummary(s: TranscriptSummary): SessionState {
  return {
    ...initialSessionState(s.sessionId),
    title: s.title,
    cwd: s.cwd,
    lastSeq: s.lastSeq,
    lastActivity: s.lastActivity,
  };
}

/**
 * A summary updated with an appended batch, without re-reading the file; null when any event of
 * the batch would be dropped on reading (then only a re-read gives the same answer).
 */
export function foldIntoSummary(
  summary: TranscriptSummary,
  envs: readonly SessionEventEnvelope[],
): TranscriptSummary | null {
  const acc = startFold(summary.sessionId, stateFromSummary(summary));
  envs.forEach((env, i) => acceptEnvelope(acc, env, `appended event ${i + 1}`));
  if (acc.problems.length > 0) return null;
  const { state } = acc;
  return {
    ...summary,
    title: state.title,
    cwd: state.cwd,
    lastActivity: state.lastActivity,
    lastSeq: state.lastSeq,
    eventCount: summary.eventCount + acc.envelopes.length,
  };
}

/**
 * The list row and problems for a file's content. A file that is not ours (bad header, or a
 * name that does not match its session id, e.g. a copy) gets no summary and is never touched.
 */
export function describeTranscript(
  fileName: string,
  text: string,
): { summary: TranscriptSummary | null; problems: readonly string[] } {
  const parsed = parseTranscript(text);
  if (!parsed.header)
    return { summary: null, problems: [`${parsed.headerProblem ?? 'broken header'}; skipped (file kept)`] };
  if (transcriptFileName(parsed.header.sessionId) !== fileName) {
    return { summary: null, problems: ['file name does not match its session id; skipped (file kept)'] };
  }
  return { summary: summarize(parsed.header, parsed.state, parsed.envelopes.length), problems: parsed.problems };
}
