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
  /** Present when part of the file could not be read: why, and how many lines were lost. */
  readonly damaged?: TranscriptDamage;
}

export interface TranscriptDamage {
  readonly reason: string;
  /** Lines that could not be used (a replaced header counts as one). */
  readonly skippedLines: number;
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

/**
 * The session id a transcript file name was made from, when the readable prefix is the whole id
 * (checked against the hash); null otherwise (then only the file's events can tell).
 */
export function idFromFileName(fileName: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,40})-[0-9a-f]{16}\.jsonl$/.exec(fileName);
  return m && transcriptFileName(m[1]!) === fileName ? m[1]! : null;
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
  /** Envelopes accepted (kept in `envelopes` only when `keep`). */
  count: number;
  readonly keep: boolean;
  readonly problems: string[];
  skipped: number;
}

/** Starts a fold from scratch, or from a summary's state to fold an appended batch onto it. */
export function startFold(
  sessionId: string,
  state: SessionState = initialSessionState(sessionId),
  keep = true,
): FoldAcc {
  return { sessionId, state, envelopes: [], count: 0, keep, problems: [], skipped: 0 };
}

export function report(acc: FoldAcc, problem: string): void {
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
    acc.count += 1;
    if (acc.keep) acc.envelopes.push(env);
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
  /** Whose events were folded: the header's id, the expected one, or one recovered from the file. */
  readonly sessionId: string | null;
  /** Empty unless the parse kept envelopes. */
  readonly envelopes: readonly SessionEventEnvelope[];
  readonly eventCount: number;
  /** `at` of the first event kept, if any. */
  readonly firstAt: number | null;
  readonly state: SessionState;
  readonly problems: readonly string[];
  /** Unusable lines, the header line included when it was unreadable. */
  readonly skippedLines: number;
  /** Set when the file must not be listed or written to at all (and why). */
  readonly notOurs: string | null;
}

export interface ParseOptions {
  /** Reading one known session: a broken header still lets that session's envelopes through. */
  readonly expectedId?: string;
  /** The file's name: to recover the id of a file whose header is unreadable, and to spot copies. */
  readonly fileName?: string;
  /** Keep the envelopes (reading a session); listing needs only the fold. Default true. */
  readonly keepEnvelopes?: boolean;
}

function parseJson(line: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false, reason: line.trimEnd().endsWith('}') ? 'invalid JSON' : 'truncated or invalid JSON' };
  }
}

export const NEWER_VERSION = 'written by a newer version';

export function readHeader(
  line: string | null | undefined,
  expectedId: string | undefined,
): { header: TranscriptHeader | null; problem: string | null } {
  if (line === null) return { header: null, problem: 'line 1: broken header (line too long)' };
  const json = parseJson(line ?? '');
  const parsed = json.ok ? headerSchema.safeParse(json.value) : null;
  if (!parsed?.success) return { header: null, problem: 'line 1: broken header' };
  const header = parsed.data;
  if (header.version > TRANSCRIPT_VERSION)
    return { header: null, problem: `line 1: ${NEWER_VERSION} (${header.version})` };
  if (expectedId !== undefined && header.sessionId !== expectedId)
    return { header: null, problem: 'line 1: header belongs to another session' };
  return { header, problem: null };
}

const sessionIdOf = (value: unknown): string | null => {
  const id = (value as { sessionId?: unknown } | null)?.sessionId;
  return typeof id === 'string' && id.length > 0 ? id : null;
};

/**
 * A transcript parsed line by line (fed by `scanLines`), so a file never has to be in memory.
 * Never throws on content. A broken header does not hide the session: its id comes from
 * `expectedId`, the file name, or the first event whose id matches the file name.
 */
export class TranscriptParser {
  #header: TranscriptHeader | null = null;
  #headerProblem: string | null = null;
  #notOurs: string | null = null;
  #acc: FoldAcc;
  /** Header unreadable and the id not yet known: waiting for an event that names the file. */
  #pending = false;
  #headerSkipped = 0;
  #firstAt: number | null = null;
  #started = false;
  readonly #opts: ParseOptions;
  readonly #keep: boolean;

  constructor(opts: ParseOptions = {}) {
    this.#opts = opts;
    this.#keep = opts.keepEnvelopes ?? true;
    this.#acc = startFold('', undefined, false);
  }

  /** True while more lines are of use. */
  get wanted(): boolean {
    return this.#notOurs === null;
  }

  /** Feeds one line; returns false when the rest of the file is of no use. */
  push(lineNo: number, text: string | null, bytes = text?.length ?? 0): boolean {
    if (lineNo === 1) {
      this.#started = true;
      this.#startWith(text);
      return this.wanted;
    }
    if (!this.wanted) return false;
    const where = `line ${lineNo}`;
    if (text === null) {
      report(this.#acc, `${where}: ${bytes} bytes, over the line size limit, skipped`);
      return true;
    }
    if (text.trim() === '') return true;
    const json = parseJson(text);
    if (!json.ok) {
      report(this.#acc, `${where}: ${json.reason}, skipped`);
      return true;
    }
    if (this.#pending) {
      const id = sessionIdOf(json.value);
      if (id === null || transcriptFileName(id) !== this.#opts.fileName) {
        report(this.#acc, `${where}: not an event of this file's session, skipped`);
        return true;
      }
      this.#adopt(id);
    }
    const before = this.#acc.count;
    acceptEnvelope(this.#acc, json.value, where);
    if (before === 0 && this.#acc.count === 1) this.#firstAt = (json.value as SessionEventEnvelope).at;
    return true;
  }

  /** The envelopes accepted since the last call (for writing them out as they come). */
  takeEnvelopes(): SessionEventEnvelope[] {
    return this.#acc.envelopes.splice(0);
  }

  result(): ParsedTranscript {
    if (!this.#started) {
      this.#started = true;
      this.#startWith(''); // an empty file: no header at all
    }
    const acc = finishFold(this.#acc);
    const problems = this.#headerProblem ? [this.#headerProblem, ...acc.problems] : [...acc.problems];
    if (this.#notOurs && this.#notOurs !== this.#headerProblem) problems.push(this.#notOurs);
    const known = !this.#notOurs && !this.#pending;
    return {
      header: this.#header,
      headerProblem: this.#headerProblem,
      sessionId: known ? acc.sessionId : null,
      envelopes: acc.envelopes,
      eventCount: acc.count,
      firstAt: this.#firstAt,
      state: acc.state,
      problems,
      skippedLines: acc.skipped + this.#headerSkipped,
      notOurs:
        this.#notOurs ?? (this.#pending ? 'no readable header and no event of the session it is named after' : null),
    };
  }

  #adopt(id: string): void {
    const next = startFold(id, undefined, this.#keep);
    next.problems.push(...this.#acc.problems);
    next.skipped = this.#acc.skipped;
    this.#acc = next;
    this.#pending = false;
  }

  #startWith(text: string | null): void {
    const { expectedId, fileName } = this.#opts;
    const { header, problem } = readHeader(text, expectedId);
    // A name made from an id (its hash checks out) says whose the file is even when line 1 does not.
    const named = expectedId ?? (fileName !== undefined ? idFromFileName(fileName) : null);
    if (header && (fileName === undefined || transcriptFileName(header.sessionId) === fileName)) {
      this.#header = header;
      this.#adopt(header.sessionId);
      return;
    }
    if (header && named === null) {
      this.#notOurs = 'file name does not match its session id'; // a copy: not ours to list or touch
      return;
    }
    this.#headerProblem = header ? 'line 1: header names another session' : problem;
    if (problem?.includes(NEWER_VERSION)) {
      // Left as it is (appends are refused); listed only when its name says whose it is.
      if (named === null) this.#notOurs = problem;
      else this.#adopt(named);
      return;
    }
    this.#headerSkipped = text === null || text.trim() !== '' ? 1 : 0;
    if (named !== null) this.#adopt(named);
    else if (fileName !== undefined) this.#pending = true;
    else this.#notOurs = this.#headerProblem;
  }
}

/** Parses a whole transcript held as text (small files and tests; the store streams). */
export function parseTranscript(text: string, expectedId?: string, fileName?: string): ParsedTranscript {
  const parser = new TranscriptParser({ expectedId, fileName });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (!parser.push(i + 1, lines[i]!)) break;
  return parser.result();
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
  const acc = startFold(summary.sessionId, stateFromSummary(summary), false);
  envs.forEach((env, i) => acceptEnvelope(acc, env, `appended event ${i + 1}`));
  if (acc.problems.length > 0) return null;
  const { state } = acc;
  return {
    ...summary,
    title: state.title,
    cwd: state.cwd,
    lastActivity: state.lastActivity,
    lastSeq: state.lastSeq,
    eventCount: summary.eventCount + acc.count,
  };
}

/**
 * The list row and problems for a parsed file. A file that is not ours (a newer version's, or
 * a name that does not match its session id, e.g. a copy) gets no summary and is never touched;
 * one whose header or lines are damaged is listed with `damaged` saying what was lost.
 * `limitNote` is set when only part of the file was read.
 */
export function describeParsed(
  parsed: ParsedTranscript,
  limitNote: string | null = null,
): { summary: TranscriptSummary | null; problems: readonly string[] } {
  if (parsed.notOurs || parsed.sessionId === null) {
    const why = parsed.notOurs ?? parsed.headerProblem ?? 'broken header';
    return { summary: null, problems: [`${why}; skipped (file kept)`] };
  }
  const { header, state } = parsed;
  const base = header
    ? summarize(header, state, parsed.eventCount)
    : {
        sessionId: parsed.sessionId,
        endpointId: state.endpointId ?? '',
        title: state.title,
        cwd: state.cwd,
        lastActivity: state.lastActivity,
        lastSeq: state.lastSeq,
        eventCount: parsed.eventCount,
      };
  const reasons: string[] = [];
  let skippedLines = parsed.skippedLines;
  if (header?.repaired) {
    skippedLines += header.repaired.skippedLines;
    reasons.push(
      `recovered from an unreadable header on ${header.repaired.at} (original kept as ${header.repaired.original})`,
    );
  }
  if (!header) reasons.push(`${parsed.headerProblem ?? 'line 1: broken header'}; recovered what the file tells`);
  if (limitNote) reasons.push(limitNote);
  if (parsed.skippedLines > 0) reasons.push(`${parsed.skippedLines} unreadable line(s) skipped`);
  const problems = limitNote ? [...parsed.problems, limitNote] : parsed.problems;
  if (reasons.length === 0) return { summary: base, problems };
  return { summary: { ...base, damaged: { reason: reasons.join('; '), skippedLines } }, problems };
}

/** `describeParsed` for a file's whole content held as text. */
export function describeTranscript(
  fileName: string,
  text: string,
): { summary: TranscriptSummary | null; problems: readonly string[] } {
  return describeParsed(parseTranscript(text, undefined, fileName));
}
