/**
 * Session transcripts on disk, so conversations survive restarts and crashes: one JSON Lines
 * file per session (format in transcript-file.ts) under `<dataDir>/transcripts`.
 *
 * Appends are serialized per file (a promise chain) and each batch is one write, so lines of
 * concurrent batches never interleave. A file whose last line was torn by a crash gets a newline
 * before the next batch, so the damage stays confined to that one line. Bad content never makes
 * anything here throw (it is reported as `problems`, and files are never deleted or rewritten
 * because of it); only real I/O errors (EACCES, ENOSPC…) reject.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import {
  describeTranscript,
  envelopeLines,
  foldIntoSummary,
  headerLine,
  parseTranscript,
  TRANSCRIPT_EXT,
  transcriptFileName,
  type TranscriptSummary,
} from './transcript-file';

export type { TranscriptSummary } from './transcript-file';

/** One session read back for display or export: the usable events plus what was wrong. */
export interface TranscriptRead {
  /** From the header; null when the header is unreadable (the envelopes are still returned). */
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

interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly summary: TranscriptSummary | null;
  readonly problems: readonly string[];
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** The transcript directory; one instance per app (writes are serialized through it). */
export class TranscriptStore {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #cache = new Map<string, CacheEntry>();
  /** Files whose last byte is known to be a newline (checked once per process). */
  readonly #cleanTail = new Set<string>();
  #closed = false;

  private constructor(readonly dir: string) {}

  /** Creates the directory (0700) if needed; never reads transcripts, so start-up stays fast. */
  static async open(dir: string): Promise<TranscriptStore> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await fs.chmod(dir, 0o700);
    return new TranscriptStore(path.resolve(dir));
  }

  /** Absolute path of a session's transcript (always inside `dir`, whatever the id). */
  pathFor(sessionId: string): string {
    return path.join(this.dir, transcriptFileName(sessionId));
  }

  /** Starts a transcript with its header; a no-op when the session already has one. */
  create(sessionId: string, endpointId: string): Promise<void> {
    if (!sessionId) return Promise.reject(new Error('A transcript needs a session id'));
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, async () => {
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, 'wx', 0o600);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
        throw e;
      }
      try {
        await handle.writeFile(headerLine(sessionId, endpointId, new Date()), 'utf8');
      } finally {
        await handle.close();
      }
      this.#cleanTail.add(file);
    });
  }

  /** Appends one batch (the caller batches) as a single write, after any pending one. */
  append(sessionId: string, envelopes: readonly SessionEventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return this.#chains.get(this.pathFor(sessionId)) ?? Promise.resolve();
    if (envelopes.some((e) => e.sessionId !== sessionId))
      return Promise.reject(new Error('Envelope of another session in the batch'));
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, () => this.#appendNow(file, envelopes));
  }

  async #appendNow(file: string, envelopes: readonly SessionEventEnvelope[]): Promise<void> {
    let before;
    try {
      before = await fs.stat(file);
    } catch (e) {
      if (isMissing(e))
        throw new Error(`No transcript for this session (create it first): ${path.basename(file)}`, { cause: e });
      throw e;
    }
    const lead = (await this.#needsNewline(file, before.size)) ? '\n' : '';
    this.#cleanTail.delete(file);
    await fs.appendFile(file, lead + envelopeLines(envelopes), { encoding: 'utf8', mode: 0o600 });
    this.#cleanTail.add(file);
    const after = await fs.stat(file);
    this.#updateCache(file, before, after, envelopes);
  }

  async #needsNewline(file: string, size: number): Promise<boolean> {
    if (size === 0 || this.#cleanTail.has(file)) return false;
    const handle = await fs.open(file, 'r');
    try {
      const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
      return buffer[0] !== 0x0a;
    } finally {
      await handle.close();
    }
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
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
    const parsed = parseTranscript(text, sessionId);
    return {
      endpointId: parsed.header?.endpointId ?? null,
      envelopes: parsed.envelopes,
      state: parsed.state,
      problems: parsed.problems,
    };
  }

  /** Summaries of every readable transcript; cheap when files are unchanged (cached by size and mtime). */
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

  async #entryFor(file: string): Promise<CacheEntry | null> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return null;
      const cached = this.#cache.get(file);
      if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
      const entry = {
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ...describeTranscript(path.basename(file), await fs.readFile(file, 'utf8')),
      };
      this.#cache.set(file, entry);
      return entry;
    } catch (e) {
      if (isMissing(e)) return null; // deleted while listing
      throw e;
    }
  }

  /** Removes a session's transcript (after its pending writes). */
  delete(sessionId: string): Promise<void> {
    const file = this.pathFor(sessionId);
    return this.#enqueue(file, async () => {
      await fs.rm(file, { force: true });
      this.#cache.delete(file);
      this.#cleanTail.delete(file);
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
