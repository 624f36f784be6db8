/**
 * The spill file of one connection's traffic: every record as one JSON line (the format of
 * `acp-desk chat --traffic`), appended off the hot path. `append` only queues the line; a
 * single writer drains the queue in batches, so the transport never waits for the disk.
 *
 * Size cap: the file rotates to `<name>.1.jsonl` when it would pass half the cap, so the two
 * files together stay near `maxBytes` and an export holds the newest records up to the cap.
 * A write error is reported once (`onError`); the records after it are not kept on disk and
 * the export says it is incomplete. `clear()` empties both files and re-arms the writer.
 */
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { TrafficRecord } from '../../shared/domain/traffic';
import { recordJson } from '../../shared/traffic/record-meta';

export interface SpillOptions {
  /** Cap of the current and the rotated file together, in bytes. */
  readonly maxBytes: number;
  readonly onError: (message: string) => void;
}

export interface SpillContent {
  readonly content: string;
  /** Older records were rotated out by the size cap. */
  readonly truncated: boolean;
  /** False when a write failed: some records never reached the file. */
  readonly complete: boolean;
}

export class TrafficSpill {
  readonly #file: string;
  readonly #rotated: string;
  readonly #opts: SpillOptions;
  #queue: string[] = [];
  #handle: FileHandle | undefined;
  #bytes = 0;
  #truncated = false;
  #failed = false;
  #lost = false;
  #hasRotated = false;
  #scheduled = false;
  /** Serializes drains, clears and reads. */
  #chain: Promise<void> = Promise.resolve();

  constructor(file: string, opts: SpillOptions) {
    this.#file = file;
    this.#rotated = file.replace(/\.jsonl$/, '') + '.1.jsonl';
    this.#opts = opts;
  }

  get file(): string {
    return this.#file;
  }

  append(record: TrafficRecord): void {
    if (this.#failed) {
      this.#lost = true;
      return;
    }
    // The tap already wrote most records as JSON (for its redaction pre-check): no second stringify.
    this.#queue.push(recordJson(record));
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Lines appended while this step writes schedule the next one: none waits for a later append.
    void this.#enqueue(async () => {
      this.#scheduled = false;
      await this.#drain();
    }).catch(() => undefined);
  }

  /** Resolves when every record appended so far is on disk (or known lost). */
  async flush(): Promise<void> {
    await this.#enqueue(() => this.#drain());
  }

  async clear(): Promise<void> {
    await this.#enqueue(async () => {
      this.#queue = [];
      await this.#closeHandle();
      await rm(this.#file, { force: true }).catch(() => undefined);
      await rm(this.#rotated, { force: true }).catch(() => undefined);
      this.#bytes = 0;
      this.#hasRotated = false;
      this.#truncated = false;
      this.#failed = false;
      this.#lost = false;
    });
  }

  /** The whole kept log: the rotated file, then the current one. */
  async read(): Promise<SpillContent> {
    let out: SpillContent = { content: '', truncated: false, complete: true };
    await this.#enqueue(async () => {
      await this.#drain();
      const parts = await Promise.all([this.#rotated, this.#file].map((f) => readFile(f, 'utf8').catch(() => '')));
      out = { content: parts.join(''), truncated: this.#truncated, complete: !this.#lost };
    });
    return out;
  }

  async close(): Promise<void> {
    await this.#enqueue(async () => {
      await this.#drain();
      await this.#closeHandle();
    });
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#failed) {
      const batch = this.#queue;
      this.#queue = [];
      const text = `${batch.join('\n')}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (this.#handle && this.#bytes > 0 && this.#bytes + bytes > this.#opts.maxBytes / 2) await this.#rotate();
        this.#handle ??= await this.#openFresh();
        await this.#handle.write(text);
        this.#bytes += bytes;
      } catch (e) {
        this.#failed = true;
        this.#lost = true;
        this.#queue = [];
        await this.#closeHandle();
        this.#opts.onError(
          `traffic log ${path.basename(this.#file)}: write failed (${reason(e)}); later records are not saved`,
        );
      }
    }
    if (this.#failed && this.#queue.length > 0) {
      this.#queue = [];
      this.#lost = true;
    }
  }

  async #openFresh(): Promise<FileHandle> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    if (!this.#hasRotated) await rm(this.#rotated, { force: true }); // a previous run's, not ours
    const handle = await open(this.#file, 'w', 0o600);
    this.#bytes = 0;
    return handle;
  }

  async #rotate(): Promise<void> {
    await this.#closeHandle();
    // Replacing an older rotated file drops its records.
    if (this.#hasRotated) this.#truncated = true;
    await rename(this.#file, this.#rotated);
    this.#hasRotated = true;
    this.#bytes = 0;
  }

  async #closeHandle(): Promise<void> {
    const h = this.#handle;
    this.#handle = undefined;
    await h?.close().catch(() => undefined);
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}
