/**
 * A `TokenVault` in one file (e.g. `oauth-grants.json` in the CLI's data folder): each entry is
 * sealed with the data folder's `SecretCipher` (the key file of `createFileKeyCipher`), so no
 * token is ever on disk in plaintext. The file is 0600 and replaced atomically (a fully written
 * temp file renamed over it); writes of one process are serialized. An entry that cannot be
 * decrypted reads as absent.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretCipher } from '../endpoints/secret-store';
import type { TokenVault } from './types';

const fileSchema = z.object({ v: z.literal(1), entries: z.record(z.string(), z.string()) });

export interface FileVault extends TokenVault {
  readonly file: string;
}

export function createFileVault(file: string, cipher: SecretCipher): FileVault {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const p = chain.then(op);
    chain = p.catch(() => undefined);
    return p;
  };

  async function read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      return parsed.success ? { ...parsed.data.entries } : {};
    } catch {
      return {};
    }
  }

  async function write(entries: Record<string, string>): Promise<void> {
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ v: 1, entries }, null, 1)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  return {
    file,
    load: (key) =>
      serial(async () => {
        const sealed = (await read())[key];
        if (sealed === undefined) return undefined;
        try {
          return await cipher.decrypt(sealed);
        } catch {
          return undefined;
        }
      }),
    save: (key, value) =>
      serial(async () => {
        const entries = await read();
        entries[key] = await cipher.encrypt(value);
        await write(entries);
      }),
    erase: (key) =>
      serial(async () => {
        const entries = await read();
        if (!(key in entries)) return;
        delete entries[key];
        await write(entries);
      }),
  };
}
