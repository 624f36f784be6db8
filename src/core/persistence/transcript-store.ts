/**
 * Session transcripts on disk, so conversations survive restarts and crashes: one JSON Lines
 * file per session (format in transcript-file.ts) under `<dataDir>/transcripts`.
 *
 * Appends are serialized per file (a promise chain) and each batch is one write, so lines of
 * concurrent batches never interleave. A file whose last line was torn by a crash gets a newline
 * before the next batch, so the damage stays confined to that one line. Headers, and batches
 * that end a turn, are fsynced (per turn, not per event: see bench/transcript.bench.ts).
 *
 * Files are read in chunks, never whole, with a per-line and a per-file size cap, and every
 * file is read on its own: one huge, unreadable or damaged transcript is listed as `damaged`
 * (or reported) while every other session lists normally. Bad content never makes anything here
 * throw and files are never deleted because of it. The one rewrite: before appending to a file
 * whose header is unreadable, the store repairs it (a fresh header from what could be
 * recovered, written atomically), keeping the original as `<name>.damaged-<time>`. Only real
 * I/O errors (EACCES, ENOSPC…) reject a write; a read error only marks that one file.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import { TRANSCRIPT_VERSION, type TranscriptHeader } from './event-schema';
import { scanLines, type LineLimits } from './line-reader';
import {
  describeParsed,
  envelopeLines,
  foldIntoSummary,
  headerLine,
  idFromFileName,
  NEWER_VERSION,
  readHeader,
  TRANSCRIPT_EXT,
  TranscriptParser,
  transcriptFileName,
  type ParsedTranscript,
  type ParseOptions,
  type TranscriptSummary,
} from './transcript-file';

export type { TranscriptDamage, TranscriptSummary } from './transcript-file';

/** One session read back for display or export: the usable events plus what was wrong. */
export interface TranscriptRead {
  /** From the header (else from a `session_opened` event); null when neither is readable. */
  readonly endpointId: string | null;
  readonly envelopes: readonly SessionEventEnvelope[];
  /** The envelopes folded with the shared reducer (what a caller would compute anyway). */
  readonly state: SessionState;
  readonly problems: readonly string[];
}

/** The history list: readable transcripts plus per-file problems (so damage is visible, not silent). */
export interface TranscriptList {
  /** Newest activity first. */
  readonly summaries: readonly TranscriptSummary[];
  readonly problems: readonly string[];
}

/** How files are opened: a seam so tests can watch `sync()` and inject faults. */
export type OpenFile = (file: string, flags: string, mode?: number) => Promise<FileHandle>;

export interface TranscriptStoreOptions {
  /** Longest line decoded (default 64 MiB); a longer one is skipped as it streams by. */
  readonly maxLineBytes?: number;
  /** Bytes of one file read at most (default 256 MiB); the rest is reported, not read. */
  readonly maxFileBytes?: number;
  /** fsync headers and turn ends (default true; false only for the benchmark's baseline). */
  readonly fsync?: boolean;
  readonly openFile?: OpenFile;
  readonly now?: () => Date;
}

interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly summary: TranscriptSummary | null;
  readonly problems: readonly string[];
}

const MiB = 1024 * 1024;
/** Above the transport's largest accepted message (32 MiB), so no event we stored is refused. */
const DEFAULT_MAX_LINE = 64 * MiB;
const DEFAULT_MAX_FILE = 256 * MiB;
/** A header line is small; one not ended within this many bytes is broken. */
const HEADER_PROBE = 64 * 1024;
/** Repair writes the recovered events out in batches of about this size. */
const REPAIR_BATCH = MiB;

const errCode = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;
const isMissing = (e: unknown) => errCode(e) === 'ENOENT';
const mb = (n: number) => `${(n / MiB).toFixed(n < MiB ? 2 : 0)} MB`;

/** The transcript directory; one instance per app (writes are serialized through it). */
export class TranscriptStore {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #cache = new Map<string, CacheEntry>();
  /** Files whose last byte is known to be a newline (checked once per process). */
  readonly #cleanTail = new Set<string>();
  /** Files whose header is known to be good (checked once per process, before the first append). */
  readonly #goodHeader = new Set<string>();
  readonly #limits: LineLimits;
  readonly #fsync: boolean;
  readonly #open: OpenFile;
  readonly #now: () => Date;
  #closed = false;

  private constructor(
    readonly dir: string,
    options: TranscriptStoreOptions,
  ) {
    this.#limits = {
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE,
      maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE,
    };
    this.#fsync = options.fsync ?? true;
    this.#open = options.openFile ?? ((file, flags, mode) => fs.open(file, flags, mode));
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates the directory (0700) if needed; never reads transcripts, so start-up stays fast. */
  static async open(dir: string, options: TranscriptStoreOptions = {}): Promise<TranscriptStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await fs.chmod(dir, 0o700);
    return new TranscriptStore(path.resolve(dir), options);
  }

  /** Absolute path of a session's transcript (always inside `dir`, whatever the id). */
  pathFor(sessionId: string): string {
    return path.join(this.dir, transcriptFileName(sessionId));
  }

  /** Starts a transcript with its header (fsynced); a no-op when the session already has one. */
  create(sessionId: string, endpointId: string): Promise<void> {
    if (!sessionId) return Promise.reject(new Error('A transcript needs a session id'));
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, async () => {
      let handle: FileHandle;
      try {
        handle = await this.#open(file, 'wx', 0o600);
      } catch (e) {
        if (errCode(e) !== 'EEXIST') throw e;
        // An empty file is a create that crashed before its header: finish it, else keep it.
        if ((await fs.stat(file)).size !== 0) return;
        handle = await this.#open(file, 'a', 0o600);
      }
      try {
        await handle.writeFile(headerLine(sessionId, endpointId, this.#now()), 'utf8');
        if (this.#fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      if (this.#fsync) await this.#syncDir();
      this.#cleanTail.add(file);
      this.#goodHeader.add(file);
    });
  }

  /** Appends one batch (the caller batches) as a single write, after any pending one. */
  append(sessionId: string, envelopes: readonly SessionEventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return this.#chains.get(this.pathFor(sessionId)) ?? Promise.resolve();
    if (envelopes.some((e) => e.sessionId !== sessionId))
      return Promise.reject(new Error('Envelope of another session in the batch'));
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, () => this.#appendNow(file, sessionId, envelopes));
  }

  async #appendNow(file: string, sessionId: string, envelopes: readonly SessionEventEnvelope[]): Promise<void> {
    let before;
    try {
      before = await fs.stat(file);
    } catch (e) {
      if (isMissing(e))
        throw new Error(`No transcript for this session (create it first): ${path.basename(file)}`, { cause: e });
      throw e;
    }
    if (!this.#goodHeader.has(file)) {
      if (await this.#repairHeaderIfBroken(file, sessionId)) before = await fs.stat(file);
    }
    const lead = (await this.#needsNewline(file, before.size)) ? '\n' : '';
    this.#cleanTail.delete(file);
    const handle = await this.#open(file, 'a', 0o600);
    try {
      await handle.writeFile(lead + envelopeLines(envelopes), 'utf8');
      // Durable at turn boundaries: a crash loses at most the turn in progress.
      if (this.#fsync && envelopes.some((e) => e.event.type === 'turn_ended')) await handle.sync();
    } finally {
      await handle.close();
    }
    this.#cleanTail.add(file);
    const after = await fs.stat(file);
    this.#updateCache(file, before, after, envelopes);
  }

  async #needsNewline(file: string, size: number): Promise<boolean> {
    if (size === 0 || this.#cleanTail.has(file)) return false;
    const handle = await this.#open(file, 'r');
    try {
      const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
      return buffer[0] !== 0x0a;
    } finally {
      await handle.close();
    }
  }

  /**
   * Checks line 1 before the first append of this process. A newer version's file is refused
   * (never rewritten); any other unreadable header is repaired. True when the file was replaced.
   */
  async #repairHeaderIfBroken(file: string, sessionId: string): Promise<boolean> {
    const handle = await this.#open(file, 'r');
    let first: string | null = null;
    try {
      await scanLines(handle, { maxLineBytes: HEADER_PROBE, maxBytes: HEADER_PROBE + 1 }, (line) => {
        first = line.text;
        return false;
      });
    } finally {
      await handle.close();
    }
    const { problem } = readHeader(first ?? '', sessionId);
    if (problem === null) {
      this.#goodHeader.add(file);
      return false;
    }
    if (problem.includes(NEWER_VERSION))
      throw new Error(`Transcript ${path.basename(file)} was ${NEWER_VERSION}; not appending to it`);
    await this.#repair(file, sessionId);
    return true;
  }

  /**
   * Rewrites a file whose header is unreadable: a fresh header from what its events tell, then
   * every usable event, into a temporary file that replaces the original atomically; the
   * original stays next to it as `<name>.damaged-<time>`.
   */
  async #repair(file: string, sessionId: string): Promise<void> {
    const unlimited = { ...this.#limits, maxBytes: Number.POSITIVE_INFINITY };
    const survey = await this.#parse(file, { expectedId: sessionId, keepEnvelopes: false }, unlimited);
    const now = this.#now();
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const aside = `${file}.damaged-${stamp}`;
    const tmp = `${file}.repair-${process.pid}-${stamp}`;
    const first = survey.parsed.firstAt;
    const header: TranscriptHeader = {
      kind: 'header',
      version: TRANSCRIPT_VERSION,
      sessionId,
      endpointId: survey.parsed.state.endpointId ?? '',
      createdAt: new Date(first ?? now.getTime()).toISOString(),
      repaired: { at: now.toISOString(), skippedLines: survey.parsed.skippedLines, original: path.basename(aside) },
    };
    const out = await this.#open(tmp, 'wx', 0o600);
    try {
      await out.writeFile(JSON.stringify(header) + '\n', 'utf8');
      const parser = new TranscriptParser({ expectedId: sessionId, keepEnvelopes: true });
      const src = await this.#open(file, 'r');
      let buffered = '';
      try {
        await scanLines(src, unlimited, async (line) => {
          parser.push(line.lineNo, line.text, line.bytes);
          const envs = parser.takeEnvelopes();
          if (envs.length > 0) buffered += envelopeLines(envs);
          if (buffered.length >= REPAIR_BATCH) {
            await out.writeFile(buffered, 'utf8');
            buffered = '';
          }
        });
      } finally {
        await src.close();
      }
      if (buffered) await out.writeFile(buffered, 'utf8');
      await out.sync();
    } catch (e) {
      await out.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw e;
    }
    await out.close();
    try {
      await fs.link(file, aside).catch(() => fs.copyFile(file, aside, fs.constants.COPYFILE_EXCL));
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    await this.#syncDir();
    this.#cache.delete(file);
    this.#cleanTail.add(file);
    this.#goodHeader.add(file);
  }

  async #syncDir(): Promise<void> {
    if (process.platform === 'win32') return;
    try {
      const d = await fs.open(this.dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      // best effort: some file systems cannot sync a directory
    }
  }

  /** Streams one file through the parser within the limits. */
  async #parse(
    file: string,
    opts: ParseOptions,
    limits: LineLimits = this.#limits,
  ): Promise<{ parsed: ParsedTranscript; limitNote: string | null }> {
    const parser = new TranscriptParser(opts);
    const handle = await this.#open(file, 'r');
    let scan;
    let size: number;
    try {
      size = (await handle.stat()).size;
      scan = await scanLines(handle, limits, (line) => parser.push(line.lineNo, line.text, line.bytes));
    } finally {
      await handle.close();
    }
    const limitNote = scan.limited
      ? `the file is ${mb(size)}, over the ${mb(limits.maxBytes)} limit; only its start was read`
      : null;
    return { parsed: parser.result(), limitNote };
  }

  /** Folds an appended batch onto the cached summary, if the cache was current before it. */
  #updateCache(
    file: string,
    before: { size: number; mtimeMs: number },
    after: { size: number; mtimeMs: number },
    envs: readonly SessionEventEnvelope[],
  ): void {
    const cached = this.#cache.get(file);
    if (!cached?.summary || cached.size !== before.size || cached.mtimeMs !== before.mtimeMs) {
      this.#cache.delete(file);
      return;
    }
    const summary = foldIntoSummary(cached.summary, envs);
    if (summary) this.#cache.set(file, { ...cached, size: after.size, mtimeMs: after.mtimeMs, summary });
    else this.#cache.delete(file); // re-read from disk next time, so problems carry line numbers
  }

  /** Resolves when every write queued so far has settled. */
  async flush(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }

  /** Waits for pending writes, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    this.#cache.clear();
  }

  /** Reads one session: null when it has no transcript; damaged lines are skipped and reported. */
  async read(sessionId: string): Promise<TranscriptRead | null> {
    const file = this.pathFor(sessionId);
    await this.#chains.get(file);
    let result;
    try {
      result = await this.#parse(file, { expectedId: sessionId, keepEnvelopes: true });
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
    const { parsed, limitNote } = result;
    return {
      endpointId: parsed.header?.endpointId ?? (parsed.notOurs ? null : parsed.state.endpointId),
      envelopes: parsed.envelopes,
      state: parsed.state,
      problems: limitNote ? [...parsed.problems, limitNote] : parsed.problems,
    };
  }

  /** Summaries of every transcript; cheap when files are unchanged (cached by size and mtime). */
  async list(): Promise<TranscriptList> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(TRANSCRIPT_EXT));
    } catch (e) {
      if (isMissing(e)) return { summaries: [], problems: [] };
      throw e;
    }
    const entries = await Promise.all(names.map((n) => this.#entryFor(path.join(this.dir, n))));
    const summaries: TranscriptSummary[] = [];
    const problems: string[] = [];
    entries.forEach((entry, i) => {
      if (!entry) return;
      if (entry.summary) summaries.push(entry.summary);
      for (const p of entry.problems) problems.push(`${names[i]}: ${p}`);
    });
    summaries.sort((a, b) => b.lastActivity - a.lastActivity || a.sessionId.localeCompare(b.sessionId));
    return { summaries, problems };
  }

  /** One file's list entry; never rejects (a file that cannot be read is listed as damaged). */
  async #entryFor(file: string): Promise<CacheEntry | null> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch (e) {
      if (isMissing(e)) return null; // deleted while listing
      return unreadable(file, e, 0);
    }
    if (!stat.isFile()) return unreadable(file, new Error('not a regular file'), stat.mtimeMs);
    const cached = this.#cache.get(file);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
    try {
      const { parsed, limitNote } = await this.#parse(file, { fileName: path.basename(file), keepEnvelopes: false });
      const entry = { size: stat.size, mtimeMs: stat.mtimeMs, ...describeParsed(parsed, limitNote) };
      this.#cache.set(file, entry);
      return entry;
    } catch (e) {
      if (isMissing(e)) return null;
      return unreadable(file, e, stat.mtimeMs);
    }
  }

  /** Removes a session's transcript (after its pending writes). */
  delete(sessionId: string): Promise<void> {
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, async () => {
      await fs.rm(file, { force: true });
      this.#cache.delete(file);
      this.#cleanTail.delete(file);
      this.#goodHeader.delete(file);
    });
  }

  #enqueue(file: string, op: () => Promise<void>): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The transcript store is closed'));
    const run = (this.#chains.get(file) ?? Promise.resolve()).then(op);
    const settled = run.catch(() => undefined);
    this.#chains.set(file, settled);
    void settled.then(() => {
      if (this.#chains.get(file) === settled) this.#chains.delete(file);
    });
    return run;
  }
}

/** The entry of a file that could not be read at all: a damaged row when its name tells whose it is. */
function unreadable(file: string, e: unknown, mtimeMs: number): CacheEntry {
  const why = errCode(e) ?? (e instanceof Error ? e.message : 'error');
  const reason = `unreadable (${why})`;
  const sessionId = idFromFileName(path.basename(file));
  const summary: TranscriptSummary | null = sessionId
    ? {
        sessionId,
        endpointId: '',
        title: null,
        cwd: null,
        lastActivity: mtimeMs,
        lastSeq: 0,
        eventCount: 0,
        damaged: { reason, skippedLines: 0 },
      }
    : null;
  return { size: -1, mtimeMs, summary, problems: [summary ? reason : `${reason}; skipped`] };
}
