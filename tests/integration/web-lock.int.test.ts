/**
 * Two `acp-desk web` on one data folder: the second refuses to start with a sentence naming
 * the first (issue 9 item 14); once the first stops, the folder is free again.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { webCommand } from '../../src/cli/commands/web';
import { memoryIo } from '../support/cli-io';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function until(predicate: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 600 && !predicate(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!predicate()) throw new Error(`timed out waiting for ${label}`);
}

it('a second acp-desk web on the same data folder refuses with a sentence; the folder is free after the first stops', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-desk-lock-'));
  dirs.push(dataDir);
  const first = memoryIo();
  const running = webCommand.run(['--port', '0', '--no-open', '--data-dir', dataDir], first);
  await until(() => first.out().includes('ACP Desk is at'), 'the first instance');

  const second = memoryIo();
  await expect(webCommand.run(['--port', '0', '--no-open', '--data-dir', dataDir], second)).rejects.toThrow(
    /already open with this data folder \(process \d+/,
  );

  first.interrupt();
  expect(await running).toBe(0);
  const third = memoryIo();
  const again = webCommand.run(['--port', '0', '--no-open', '--data-dir', dataDir], third);
  await until(() => third.out().includes('ACP Desk is at'), 'the third instance');
  third.interrupt();
  expect(await again).toBe(0);
  // Three full host start-ups (data folder, demo agent, core) in one test: on a loaded 2-core
  // machine they took more than the default 20 s, so this test's budget matches its waits.
}, 90_000);
