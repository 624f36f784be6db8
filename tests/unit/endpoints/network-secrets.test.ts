import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';

const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCsecretkeybody\n-----END PRIVATE KEY-----';

async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-net-'));
  const file = path.join(dir, 'settings.json');
  const repo = await EndpointRepository.open(file, await createFileKeyCipher(dir));
  const saved = await repo.save(undefined, {
    name: 'Corp',
    url: 'https://agent.example/acp',
    network: {
      proxy: { mode: 'url', url: 'http://proxy.corp:3128', username: 'alice', password: 'proxy-pass-123' },
      tls: { clientKeyPem: KEY, passphrase: 'p12-passphrase' },
    },
  });
  return { repo, file, id: saved.id, saved };
}

describe('endpoint network settings (issue 15)', () => {
  it('seals the proxy password, client key and passphrase; the view only says they are set', async () => {
    const { file, saved } = await setup();
    const text = readFileSync(file, 'utf8');
    for (const secret of ['proxy-pass-123', 'p12-passphrase', 'secretkeybody']) expect(text).not.toContain(secret);
    expect(saved.network?.proxy).toEqual({
      mode: 'url',
      url: 'http://proxy.corp:3128',
      username: 'alice',
      hasPassword: true,
    });
    expect(saved.network?.tls).toMatchObject({ hasClientKey: true, hasPassphrase: true, hasPfx: false });
    expect(JSON.stringify(saved)).not.toContain('proxy-pass-123');
  });

  it('resolves the secrets for the transport and lists them for the redactor; an omitted value keeps it', async () => {
    const { repo, id } = await setup();
    await repo.save(id, {
      name: 'Corp',
      url: 'https://agent.example/acp',
      network: { proxy: { mode: 'url', url: 'http://proxy.corp:3128', username: 'alice' }, tls: {} },
    });
    const r = await repo.resolve(id);
    expect(r.network?.proxy).toEqual({
      mode: 'url',
      url: 'http://proxy.corp:3128',
      username: 'alice',
      password: 'proxy-pass-123',
    });
    expect(r.network?.tls.key).toBe(KEY);
    expect(r.secretValues).toEqual(expect.arrayContaining(['proxy-pass-123', 'p12-passphrase']));
  });

  it('drops the sealed network secrets when the endpoint moves to another host', async () => {
    const { repo, id } = await setup();
    const moved = await repo.save(id, { name: 'Corp', url: 'https://other.example/acp' });
    expect(moved.network?.proxy.hasPassword).toBe(false);
    expect(moved.network?.tls.hasClientKey).toBe(false);
    expect(moved.notice).toMatch(/proxy password/);
    expect(moved.droppedSecrets).toEqual(
      expect.arrayContaining([
        { kind: 'network', name: 'the proxy password' },
        { kind: 'network', name: 'the client key' },
      ]),
    );
    expect(moved.droppedSecrets?.some((d) => d.kind === 'header')).toBe(false);
  });
});
