import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';
import { loadSettings, SETTINGS_VERSION } from '../../../src/core/endpoints/settings-file';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-settings-'));

describe('settings file', () => {
  it('migrates the unversioned preview format to the current version and rewrites it', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        endpoints: [{ id: 'a', name: 'Old', url: 'https://x/acp', headers: { 'X-Team': 'blue' } }],
        selectedEndpointId: 'a',
      }),
    );
    const loaded = await loadSettings(file);
    expect(loaded.migratedFrom).toBe(0);
    expect(loaded.settings.version).toBe(SETTINGS_VERSION);
    expect(loaded.settings.endpoints[0]).toMatchObject({
      name: 'Old',
      transport: 'auto',
      headers: [{ name: 'X-Team', value: 'blue', secret: false }],
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(SETTINGS_VERSION);
  });

  it.each([
    ['truncated JSON', '{"version": 1, "endpoints": ['],
    ['wrong shape', '{"version": 1, "endpoints": "nope"}'],
  ])('moves a file with %s aside, reports it and starts with defaults', async (_what, text) => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, text);
    const loaded = await loadSettings(file);
    expect(loaded.settings.endpoints).toEqual([]);
    expect(loaded.problem).toMatch(/moved to/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside && readFileSync(path.join(dir, aside), 'utf8')).toBe(text);
  });

  it('leaves a file from a newer version in place, unchanged, and opens it read-only', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const text = '{"version": 99, "endpoints": []}';
    writeFileSync(file, text);
    const loaded = await loadSettings(file);
    expect(loaded.readOnly).toBe(true);
    expect(loaded.problem).toMatch(/newer ACP Desk/);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('endpoint repository and secrets', () => {
  it('never returns or stores a secret header value in plaintext', async () => {
    const dir = tmp();
    const repo = await EndpointRepository.open(path.join(dir, 'settings.json'), await createFileKeyCipher(dir));
    const saved = await repo.save(undefined, {
      name: 'Prod',
      url: 'https://agent.example/acp',
      headers: [
        { name: 'Authorization', value: 'Bearer s3cr3t-value-123', secret: true },
        { name: 'X-Team', value: 'blue', secret: false },
      ],
    });
    expect(JSON.stringify(saved)).not.toContain('s3cr3t');
    expect(saved.headers[0]).toEqual({ name: 'Authorization', secret: true, hasValue: true });
    for (const f of readdirSync(dir)) expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain('s3cr3t');
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o077).toBe(0);
    const resolved = await repo.resolve(saved.id);
    expect(resolved.headers.Authorization).toBe('Bearer s3cr3t-value-123');
    expect(resolved.secretValues).toEqual(['Bearer s3cr3t-value-123']);
    // Editing without a new value keeps the stored secret.
    await repo.save(saved.id, {
      name: 'Prod 2',
      url: 'https://agent.example/acp',
      headers: [{ name: 'Authorization', secret: true }],
    });
    expect((await repo.resolve(saved.id)).headers.Authorization).toBe('Bearer s3cr3t-value-123');
  });

  it('seeds the demo endpoint once, selects it, and respects its removal', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const cipher = await createFileKeyCipher(dir);
    const repo = await EndpointRepository.open(file, cipher);
    await repo.ensureDemoEndpoint('http://127.0.0.1:1111/acp');
    const list = repo.list();
    expect(list.endpoints[0]).toMatchObject({ name: 'Local demo agent', builtin: 'demo-agent' });
    expect(list.selectedId).toBe(list.endpoints[0]!.id);
    await repo.ensureDemoEndpoint('http://127.0.0.1:2222/acp');
    expect(repo.list().endpoints[0]!.url).toBe('http://127.0.0.1:2222/acp');
    await repo.remove(list.endpoints[0]!.id);
    const reopened = await EndpointRepository.open(file, cipher);
    await reopened.ensureDemoEndpoint('http://127.0.0.1:3333/acp');
    expect(reopened.list().endpoints).toEqual([]);
  });

  it('rejects unsafe drafts with sentences', async () => {
    const dir = tmp();
    const repo = await EndpointRepository.open(path.join(dir, 'settings.json'), await createFileKeyCipher(dir));
    await expect(repo.save(undefined, { name: 'x', url: 'ftp://x' })).rejects.toThrow(/Unsupported scheme/);
    await expect(repo.save(undefined, { name: 'x', url: 'https://user:pw@x/acp' })).rejects.toThrow(/secret header/);
    await expect(
      repo.save(undefined, {
        name: 'x',
        url: 'https://x/acp',
        headers: [{ name: 'Acp-Session-Id', value: 'a', secret: false }],
      }),
    ).rejects.toThrow(/set by ACP Desk/);
  });
});
