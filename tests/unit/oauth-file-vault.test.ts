import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { createFileVault } from '../../src/core/oauth/file-vault';

const SECRET = 'access-token-that-must-never-be-on-disk';

async function vaultIn(dir = mkdtempSync(path.join(os.tmpdir(), 'acp-vault-'))) {
  const file = path.join(dir, 'oauth-grants.json');
  return { dir, file, vault: createFileVault(file, await createFileKeyCipher(dir)) };
}

describe('file vault', () => {
  it('keeps each entry sealed in a 0600 file and reads it back', async () => {
    const { dir, file, vault } = await vaultIn();
    await vault.save('https://a.example/acp', JSON.stringify({ token: SECRET }));
    await vault.save('https://b.example/acp', 'second');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const f of readdirSync(dir)) expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain(SECRET);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = createFileVault(file, await createFileKeyCipher(dir));
    expect(JSON.parse((await again.load('https://a.example/acp'))!)).toEqual({ token: SECRET });
    expect(await again.load('https://b.example/acp')).toBe('second');
    expect(await again.load('https://c.example/acp')).toBeUndefined();
  });

  it('erases one entry and leaves the others', async () => {
    const { vault } = await vaultIn();
    await vault.save('a', '1');
    await vault.save('b', '2');
    await vault.erase('a');
    await vault.erase('missing');
    expect(await vault.load('a')).toBeUndefined();
    expect(await vault.load('b')).toBe('2');
  });

  it('serializes concurrent writes so none is lost', async () => {
    const { vault } = await vaultIn();
    await Promise.all(Array.from({ length: 10 }, (_, i) => vault.save(`k${i}`, String(i))));
    for (let i = 0; i < 10; i++) expect(await vault.load(`k${i}`)).toBe(String(i));
  });

  it('reads an entry sealed with another key, or a damaged file, as absent', async () => {
    const { dir, file, vault } = await vaultIn();
    await vault.save('a', SECRET);
    const other = await vaultIn();
    const foreign = createFileVault(file, await createFileKeyCipher(other.dir));
    expect(await foreign.load('a')).toBeUndefined();
    writeFileSync(file, '{not json');
    expect(await createFileVault(file, await createFileKeyCipher(dir)).load('a')).toBeUndefined();
  });
});
