/**
 * Secret header values at rest. Electron passes a cipher backed by `safeStorage` (the OS
 * keychain); plain Node (browser mode, CLI) uses `createFileKeyCipher`: AES-256-GCM with a
 * random key kept in a 0600 file beside the data. That still keeps plaintext off the disk,
 * but anyone who can read the data directory can read the key, so the UI labels it less safe.
 *
 * The key file is created atomically and never replaced: a fully written temp file is linked
 * into place (which fails if another instance got there first, whose key is then used), and a
 * key file that exists but cannot be used is moved aside and reported, never overwritten, so
 * secrets sealed with it are known lost rather than silently lost.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SecretCipher {
  readonly kind: 'os-keychain' | 'file';
  /** Set when the existing key could not be used: a sentence saying what happened and what to do. */
  readonly problem?: string;
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

const KEY_BYTES = 32;

type KeyRead = { kind: 'missing' } | { kind: 'ok'; key: Buffer } | { kind: 'damaged'; reason: string };

async function readKey(keyFile: string): Promise<KeyRead> {
  let text: string;
  try {
    text = await fs.readFile(keyFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', reason: code ?? (e instanceof Error ? e.message : 'read failed') };
  }
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES)
    return { kind: 'damaged', reason: `expected a ${KEY_BYTES}-byte base64 key, found ${text.length} characters` };
  return { kind: 'ok', key };
}

/** Writes a new key without ever replacing an existing file; returns the key now on disk. */
async function createKey(keyFile: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  const tmp = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(key.toString('base64') + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, keyFile); // atomic and exclusive: fails with EEXIST if another instance won
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      await fs.unlink(tmp).catch(() => undefined);
      throw e;
    }
    await fs.unlink(tmp).catch(() => undefined);
    const theirs = await readKey(keyFile);
    if (theirs.kind !== 'ok')
      throw new Error('Another ACP Desk is creating the secret key file; start again.', { cause: e });
    return theirs.key;
  }
  await fs.unlink(tmp).catch(() => undefined);
  await syncDir(path.dirname(keyFile));
  return key;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // not supported on every platform (Windows); the rename/link itself is still atomic
  }
}

export async function createFileKeyCipher(dataDir: string): Promise<SecretCipher> {
  const keyFile = path.join(dataDir, 'secret.key');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  let key: Buffer;
  let problem: string | undefined;
  const read = await readKey(keyFile);
  if (read.kind === 'ok') key = read.key;
  else {
    if (read.kind === 'damaged') {
      const aside = `${keyFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        await fs.rename(keyFile, aside);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(
          `The secret key file ${keyFile} is unreadable (${read.reason}) and could not be moved aside (${why}); ` +
            'fix its permissions or move it away, then start again.',
          { cause: e },
        );
      }
      problem =
        `The secret key file was unreadable (${read.reason}); it was moved to ${aside} and a new key was made. ` +
        'Secret header values saved before can no longer be decrypted: re-enter them in each endpoint.';
    }
    key = await createKey(keyFile);
  }
  return {
    kind: 'file',
    ...(problem ? { problem } : {}),
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    async decrypt(sealed) {
      if (!sealed.startsWith('v1.')) throw new Error('Unknown secret format');
      const raw = Buffer.from(sealed.slice(3), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
