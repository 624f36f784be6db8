import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-origin-'));

async function repoWithSecrets() {
  const dir = tmp();
  const file = path.join(dir, 'settings.json');
  const repo = await EndpointRepository.open(file, await createFileKeyCipher(dir));
  const saved = await repo.save(undefined, {
    name: 'Prod',
    url: 'https://agent.example/acp',
    headers: [
      { name: 'Authorization', value: 'Bearer old-host-key', secret: true },
      { name: 'X-Team', value: 'blue', secret: false },
    ],
    mcpServers: [
      { name: 'github', command: 'gh-mcp', args: [], env: [{ name: 'GITHUB_TOKEN', value: 'ghp_old' }] },
      { name: 'files', command: 'fs-mcp', args: ['/tmp'], env: [] },
    ],
  });
  return { repo, file, id: saved.id };
}

const edit = (url: string, extra: object = {}) => ({
  name: 'Prod',
  url,
  headers: [
    { name: 'Authorization', secret: true },
    { name: 'X-Team', value: 'blue', secret: false },
  ],
  ...extra,
});

describe('stored secrets are bound to the endpoint origin', () => {
  it('a new host drops the sealed header values and secret-bearing MCP servers, and says so', async () => {
    const { repo, file, id } = await repoWithSecrets();
    const sealedBefore = JSON.parse(readFileSync(file, 'utf8')).endpoints[0].headers[0].sealed as string;
    const result = await repo.save(id, edit('https://evil.example/acp'));
    expect(result.droppedSecrets).toEqual([
      { kind: 'header', name: 'Authorization' },
      { kind: 'mcp-server', name: 'github' },
    ]);
    expect(result.notice).toMatch(/Re-enter the API key for the new host/);
    expect(result.headers[0]).toEqual({ name: 'Authorization', secret: true, hasValue: false });
    expect(result.mcpServers).toEqual([{ name: 'files', type: 'stdio' }]);
    // What test/connect would send: no secret for the new host.
    const resolved = await repo.resolve(id);
    expect(resolved.headers).toEqual({ 'X-Team': 'blue' });
    expect(resolved.secretValues).toEqual([]);
    expect(JSON.stringify(resolved.mcpServers)).not.toContain('ghp_old');
    expect(resolved.mcpServers.map((m) => m.name)).toEqual(['files']);
    expect(readFileSync(file, 'utf8')).not.toContain(sealedBefore);
  });

  it.each([
    ['another port', 'https://agent.example:8443/acp'],
    ['another scheme', 'http://agent.example/acp'],
  ])('%s is another origin', async (_what, url) => {
    const { repo, id } = await repoWithSecrets();
    const result = await repo.save(id, edit(url));
    expect(result.droppedSecrets?.map((d) => d.name)).toContain('Authorization');
    expect((await repo.resolve(id)).headers.Authorization).toBeUndefined();
  });

  it('a path change on the same origin keeps them', async () => {
    const { repo, id } = await repoWithSecrets();
    const result = await repo.save(id, edit('https://AGENT.example:443/v2/acp'));
    expect(result.droppedSecrets).toBeUndefined();
    const resolved = await repo.resolve(id);
    expect(resolved.headers.Authorization).toBe('Bearer old-host-key');
    expect(resolved.mcpServers).toHaveLength(2);
  });

  it('values supplied in the same save are kept for the new host', async () => {
    const { repo, id } = await repoWithSecrets();
    const result = await repo.save(id, {
      ...edit('https://new.example/acp'),
      headers: [{ name: 'Authorization', value: 'Bearer new-host-key', secret: true }],
      mcpServers: [{ name: 'github', command: 'gh-mcp', args: [], env: [{ name: 'GITHUB_TOKEN', value: 'ghp_new' }] }],
    });
    expect(result.droppedSecrets).toBeUndefined();
    const resolved = await repo.resolve(id);
    expect(resolved.headers.Authorization).toBe('Bearer new-host-key');
    expect(JSON.stringify(resolved.mcpServers)).toContain('ghp_new');
  });

  it('a draft test against a new host based on the saved endpoint carries no stored secret', async () => {
    const { repo, id } = await repoWithSecrets();
    const other = await repo.resolveDraft(edit('https://evil.example/acp'), id);
    expect(other.headers.Authorization).toBeUndefined();
    expect(other.secretValues).toEqual([]);
    const same = await repo.resolveDraft(edit('https://agent.example/other'), id);
    expect(same.headers.Authorization).toBe('Bearer old-host-key');
  });
});
