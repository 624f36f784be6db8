import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-key-'));

describe('file key cipher: the key file', () => {
  it('is created 0600 with no temp file left, and reused on the next start', async () => {
    const dir = tmp();
    const a = await createFileKeyCipher(dir);
    expect(a.problem).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['secret.key']);
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const sealed = await a.encrypt('tok-1');
    expect(await (await createFileKeyCipher(dir)).decrypt(sealed)).toBe('tok-1');
  });

  it('two instances starting at once end up with the one key on disk', async () => {
    const dir = tmp();
    const [a, b] = await Promise.all([createFileKeyCipher(dir), createFileKeyCipher(dir)]);
    const later = await createFileKeyCipher(dir);
    for (const c of [a, b]) expect(await later.decrypt(await c.encrypt('tok-2'))).toBe('tok-2');
    expect(readdirSync(dir)).toEqual(['secret.key']);
  });

  it.each([
    ['torn', 'q2Vh'],
    ['empty', ''],
    ['not base64', '!!!! not a key !!!!\n'],
  ])('a %s key file is moved aside (kept) and reported, never overwritten', async (_what, text) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'secret.key'), text);
    const c = await createFileKeyCipher(dir);
    expect(c.problem).toMatch(/secret key file was unreadable.*moved to .*secret\.key\.damaged-.*re-enter them/);
    const aside = readdirSync(dir).filter((n) => n.startsWith('secret.key.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(text);
    // the new key works and persists
    expect(await (await createFileKeyCipher(dir)).decrypt(await c.encrypt('x'))).toBe('x');
  });

  it('an existing key that cannot be read is moved aside, not regenerated over', async () => {
    const dir = tmp();
    const keyFile = path.join(dir, 'secret.key');
    // a directory where the key should be: readFile fails with EISDIR
    const { mkdirSync } = await import('node:fs');
    mkdirSync(keyFile);
    writeFileSync(path.join(keyFile, 'inside'), 'kept');
    const c = await createFileKeyCipher(dir);
    expect(c.problem).toMatch(/EISDIR/);
    const aside = readdirSync(dir).find((n) => n.startsWith('secret.key.damaged-'));
    expect(readFileSync(path.join(dir, aside!, 'inside'), 'utf8')).toBe('kept');
  });
});
