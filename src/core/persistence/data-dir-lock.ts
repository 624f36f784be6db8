/**
 * One ACP Desk per data folder. `<dir>/.lock` holds {pid, hostname, startedAt, app}; it is
 * written to a temp file first and linked into place, so it appears complete or not at all and
 * only one process can create it. A lock whose process is gone (or that cannot be read) is
 * taken over: renamed aside atomically (checked to be the very file judged stale, so two
 * starters cannot both win) and replaced. A lock whose process is alive refuses the start with
 * a sentence. A lock from another host cannot be checked and is treated as held. A lock with
 * this process's own pid that this process does not hold is a leftover from an earlier run
 * that had the same pid (PID 1 in a container) and is stale.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE_NAME = '.lock';

const lockSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  app: z.string(),
});
export type LockInfo = z.infer<typeof lockSchema>;

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`;
    super(
      `ACP Desk is already open with this data folder (process ${holder.pid}${where}, since ${holder.startedAt}): ` +
        `${dir}. Close it first, or use --data-dir to pick another folder.` +
        (where ? ` If it is no longer running there, delete ${path.join(dir, LOCK_FILE_NAME)}.` : ''),
    );
    this.name = 'DataDirLockedError';
  }
}

/** Whether a process with this pid exists on this host (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: a torn or foreign lock file counts as no valid lock (taken over as stale)
  }
}

type LockRead = { kind: 'missing' } | { kind: 'read'; text: string; info?: LockInfo };

async function readLock(file: string): Promise<LockRead> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'read', text: `unreadable: ${(e as NodeJS.ErrnoException).code ?? 'error'}` }; // like a torn file
  }
  const info = parseLock(text);
  return info ? { kind: 'read', text, info } : { kind: 'read', text };
}

/** Lock files this process holds, so a lock with our own pid can be told from a leftover. */
const held = new Set<string>();

const sameLock = (a: LockInfo | undefined, b: LockInfo) =>
  a !== undefined && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;

async function writeTemp(file: string, info: LockInfo): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(info) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

export async function acquireDataDirLock(dir: string, app = 'ACP Desk'): Promise<DataDirLock> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE_NAME);
  const mine: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), app };
  const tmp = await writeTemp(file, mine);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.link(tmp, file); // exclusive: EEXIST when a lock is there
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = await readLock(file);
      if (current.kind === 'missing') continue; // released meanwhile: try again
      const holder = current.info;
      if (holder && isHeld(holder, file)) throw new DataDirLockedError(dir, holder);
      // Stale (its process is gone) or torn: take it over.
      if (attempt >= 5) throw new Error(`Could not take over the stale lock file ${file}; remove it and start again.`);
      await moveAsideIfUnchanged(file, current.text);
    }
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
  held.add(file);

  let released = false;
  const releaseSync = () => {
    if (released) return;
    released = true;
    held.delete(file);
    try {
      if (sameLock(parseLock(readFileSync(file, 'utf8')), mine)) unlinkSync(file);
    } catch {
      // best effort at exit: a leftover lock is stale and taken over next time
    }
  };
  process.once('exit', releaseSync);
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      held.delete(file);
      process.removeListener('exit', releaseSync);
      const current = await readLock(file);
      if (current.kind === 'read' && sameLock(current.info, mine)) await fs.unlink(file).catch(() => undefined);
    },
  };
}

function isHeld(holder: LockInfo, file: string): boolean {
  if (holder.hostname !== os.hostname()) return true; // cannot check another host's processes
  if (holder.pid === process.pid) return held.has(file);
  return isProcessAlive(holder.pid);
}

/**
 * Renames the lock aside (atomic; of two racing starters only one moves a given file) and
 * deletes it if it is the stale file that was judged; if it turned out to be a fresh lock
 * another starter linked in meanwhile, it is put back.
 */
async function moveAsideIfUnchanged(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw e;
  }
  const moved = await readLock(aside);
  if (moved.kind === 'read' && moved.text !== staleText) {
    await fs.link(aside, file).catch(() => undefined); // not ours to remove: restore it
  }
  await fs.unlink(aside).catch(() => undefined);
}
