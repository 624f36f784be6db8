/**
 * Secret header values at rest. Electron passes a cipher backed by `safeStorage` (the OS
 * keychain); plain Node (browser mode, CLI) uses `createFileKeyCipher`: AES-256-GCM with a
 * random key kept in a 0600 file beside the data. That still keeps plaintext off the disk,
 * but anyone who can read the data directory can read the key, so the UI labels it less safe.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SecretCipher {
  readonly kind: 'os-keychain' | 'file';
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

export async function createFileKeyCipher(dataDir: string): Promise<SecretCipher> {
  const keyFile = path.join(dataDir, 'secret.key');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  let key: Buffer;
  try {
    key = Buffer.from((await fs.readFile(keyFile, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error('bad key length');
  } catch {
    key = randomBytes(32);
    await fs.writeFile(keyFile, key.toString('base64') + '\n', { mode: 0o600 });
  }
  return {
    kind: 'file',
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
