import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../../src/core/persistence/data-dir-lock';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-lock-'));
const lockOf = (dir: string) => path.join(dir, '.lock');
const read = (dir: string) => JSON.parse(readFileSync(lockOf(dir), 'utf8')) as Record<string, unknown>;
const writeLock = (dir: string, pid: number, hostname = os.hostname()) =>
  writeFileSync(lockOf(dir), JSON.stringify({ pid, hostname, startedAt: '2026-01-02T03:04:05.000Z', app: 'ACP Desk' }));

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid!;
  await once(child, 'exit');
  return pid;
}

describe('data directory lock', () => {
  it('writes {pid, hostname, startedAt, app} and leaves no temp file', async () => {
    const dir = tmp();
    const lock = await acquireDataDirLock(dir);
    expect(read(dir)).toMatchObject({ pid: process.pid, hostname: os.hostname(), app: 'ACP Desk' });
    expect(Number.isNaN(Date.parse(read(dir).startedAt as string))).toBe(false);
    expect(readdirSync(dir)).toEqual(['.lock']);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second acquire while the first is held fails with a sentence naming the holder', async () => {
    const dir = tmp();
    const first = await acquireDataDirLock(dir);
    const startedAt = read(dir).startedAt as string;
    await expect(acquireDataDirLock(dir)).rejects.toThrow(
      `ACP Desk is already open with this data folder (process ${process.pid}, since ${startedAt}): ${dir}. ` +
        'Close it first, or use --data-dir to pick another folder.',
    );
    expect(read(dir).startedAt).toBe(startedAt); // the holder's file is untouched
    await first.release();
  });

  it('refuses a lock held by another live process', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    try {
      writeLock(dir, child.pid!);
      await expect(acquireDataDirLock(dir)).rejects.toThrow(`(process ${child.pid}, since 2026-01-02T03:04:05.000Z)`);
      expect(read(dir).pid).toBe(child.pid);
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });

  it('takes over a lock whose process has exited', async () => {
    const dir = tmp();
    writeLock(dir, await deadPid());
    const lock = await acquireDataDirLock(dir);
    expect(read(dir).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['.lock']);
    await lock.release();
  });

  it.each([
    ['empty', ''],
    ['torn', '{"pid": 12'],
    ['wrong shape', '{"pid": "me"}'],
  ])('takes over a %s lock file', async (_what, text) => {
    const dir = tmp();
    writeFileSync(lockOf(dir), text);
    const lock = await acquireDataDirLock(dir);
    expect(read(dir).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a leftover lock with this process id that this process does not hold', async () => {
    const dir = tmp();
    writeLock(dir, process.pid);
    const lock = await acquireDataDirLock(dir);
    expect(read(dir).startedAt).not.toBe('2026-01-02T03:04:05.000Z');
    await lock.release();
  });

  it('treats a lock from another host as held', async () => {
    const dir = tmp();
    writeLock(dir, 1, 'some-other-host.invalid');
    await expect(acquireDataDirLock(dir)).rejects.toThrow(/already open with this data folder.*some-other-host/);
  });

  it('release then acquire works; release is idempotent and never removes a lock that is not ours', async () => {
    const dir = tmp();
    const a = await acquireDataDirLock(dir);
    await a.release();
    await a.release();
    const b = await acquireDataDirLock(dir);
    expect(read(dir).pid).toBe(process.pid);
    await a.release(); // a stale handle must not drop b's lock
    expect(existsSync(lockOf(dir))).toBe(true);
    await b.release();
    writeLock(dir, process.pid); // someone else's file now (not from b)
    await b.release();
    expect(existsSync(lockOf(dir))).toBe(true);
  });

  it('two acquires racing in one process: exactly one wins', async () => {
    const dir = tmp();
    writeLock(dir, await deadPid());
    const results = await Promise.allSettled([acquireDataDirLock(dir), acquireDataDirLock(dir)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const won = results.find((r) => r.status === 'fulfilled')!;
    await won.value.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is removed when the process exits without calling release', async () => {
    const dir = tmp();
    const here = path.dirname(fileURLToPath(import.meta.url));
    const module = path.resolve(here, '../../../src/core/persistence/data-dir-lock.ts');
    const tsx = path.resolve(here, '../../../node_modules/.bin/tsx');
    const script = `import { acquireDataDirLock } from ${JSON.stringify(module)};
      await acquireDataDirLock(${JSON.stringify(dir)});
      console.log('locked');
      process.exit(0);`;
    const scriptFile = path.join(tmp(), 'hold-lock.mts');
    writeFileSync(scriptFile, script);
    const child = spawn(tsx, [scriptFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(out).toContain('locked');
    expect(code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});
