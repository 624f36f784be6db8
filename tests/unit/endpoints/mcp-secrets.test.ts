import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';
import { exportFile } from '../../../src/renderer/state/endpoint-transfer';
import type { EndpointDraft } from '../../../src/shared/domain/endpoint';

const TOKEN = 'ghp_mcp-secret-0123456789';
const HEADER_KEY = 'Bearer mcp-http-key-987654321';

async function open() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-mcp-'));
  const file = path.join(dir, 'settings.json');
  const cipher = await createFileKeyCipher(dir);
  return { file, dir, cipher, repo: await EndpointRepository.open(file, cipher) };
}

const draft = (url: string, mcpServers: EndpointDraft['mcpServers']): EndpointDraft => ({
  name: 'Prod',
  url,
  headers: [],
  mcpServers,
});

const servers = (tokenValue?: string, keyValue?: string): EndpointDraft['mcpServers'] => [
  {
    name: 'github',
    command: 'gh-mcp',
    args: ['--stdio'],
    env: [
      { name: 'GITHUB_TOKEN', secret: true, ...(tokenValue !== undefined ? { value: tokenValue } : {}) },
      { name: 'LOG_LEVEL', value: 'debug', secret: false },
    ],
  },
  {
    type: 'http',
    name: 'search',
    url: 'https://mcp.example/mcp',
    headers: [{ name: 'Authorization', secret: true, ...(keyValue !== undefined ? { value: keyValue } : {}) }],
  },
];

describe('MCP server secrets', () => {
  it('a save without the secret value keeps the sealed one; the value never reaches list() or an export', async () => {
    const { repo, file, cipher } = await open();
    const saved = await repo.save(undefined, draft('https://agent.example/acp', servers(TOKEN, HEADER_KEY)));
    expect(saved.mcpServerViews).toEqual([
      {
        type: 'stdio',
        name: 'github',
        command: 'gh-mcp',
        args: ['--stdio'],
        env: [
          { name: 'GITHUB_TOKEN', secret: true, hasValue: true },
          { name: 'LOG_LEVEL', secret: false, value: 'debug', hasValue: true },
        ],
      },
      {
        type: 'http',
        name: 'search',
        url: 'https://mcp.example/mcp',
        headers: [{ name: 'Authorization', secret: true, hasValue: true }],
      },
    ]);

    // The editor sends the servers again with the secret values left out and an arg changed.
    const again = servers();
    (again![0] as { args: string[] }).args = ['--stdio', '--verbose'];
    await repo.save(saved.id, draft('https://agent.example/acp', again));

    const resolved = await repo.resolve(saved.id);
    expect(resolved.mcpServers).toEqual([
      {
        name: 'github',
        command: 'gh-mcp',
        args: ['--stdio', '--verbose'],
        env: [
          { name: 'GITHUB_TOKEN', value: TOKEN },
          { name: 'LOG_LEVEL', value: 'debug' },
        ],
      },
      {
        type: 'http',
        name: 'search',
        url: 'https://mcp.example/mcp',
        headers: [{ name: 'Authorization', value: HEADER_KEY }],
      },
    ]);
    expect(resolved.secretValues).toEqual(expect.arrayContaining([TOKEN, HEADER_KEY]));

    const listed = JSON.stringify(repo.list());
    expect(listed).not.toContain(TOKEN);
    expect(listed).not.toContain(HEADER_KEY);
    expect(listed).toContain('LOG_LEVEL');
    expect(exportFile(repo.list().endpoints).content).not.toContain(TOKEN);
    expect(exportFile(repo.list().endpoints).content).not.toContain(HEADER_KEY);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).not.toContain('LOG_LEVEL');

    // After a restart the editor still gets the non-secret configuration, never the values.
    const reopened = await EndpointRepository.open(file, cipher);
    const view = reopened.get(saved.id);
    expect(view.mcpServerViews?.[0]).toMatchObject({ command: 'gh-mcp', args: ['--stdio', '--verbose'] });
    expect(JSON.stringify(reopened.list())).not.toContain(TOKEN);
    expect((await reopened.resolve(saved.id)).mcpServers[0]).toMatchObject({
      env: [
        { name: 'GITHUB_TOKEN', value: TOKEN },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
    });
  });

  it('a new value replaces the stored one, and a new host drops omitted secret values and says so', async () => {
    const { repo } = await open();
    const saved = await repo.save(undefined, draft('https://agent.example/acp', servers(TOKEN, HEADER_KEY)));
    await repo.save(saved.id, draft('https://agent.example/acp', servers('ghp_replaced-value-1', undefined)));
    let resolved = await repo.resolve(saved.id);
    expect(JSON.stringify(resolved.mcpServers)).toContain('ghp_replaced-value-1');
    expect(JSON.stringify(resolved.mcpServers)).not.toContain(TOKEN);
    expect(JSON.stringify(resolved.mcpServers)).toContain(HEADER_KEY);

    const moved = await repo.save(saved.id, draft('https://elsewhere.example/acp', servers()));
    expect(moved.droppedSecrets).toEqual([
      { kind: 'mcp-server', name: 'github' },
      { kind: 'mcp-server', name: 'search' },
    ]);
    expect(moved.mcpServerViews?.[0]).toMatchObject({
      env: [
        { name: 'GITHUB_TOKEN', secret: true, hasValue: false },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
    });
    resolved = await repo.resolve(saved.id);
    expect(JSON.stringify(resolved.mcpServers)).not.toContain('ghp_replaced');
    expect(JSON.stringify(resolved.mcpServers)).not.toContain(HEADER_KEY);
    expect(resolved.mcpServers[0]).toMatchObject({ env: [{ name: 'LOG_LEVEL', value: 'debug' }] });
  });

  it('refuses two MCP servers with the same name', async () => {
    const { repo } = await open();
    const twice = [...servers(TOKEN)!, { name: 'GitHub', command: 'x', args: [], env: [] }];
    await expect(repo.save(undefined, draft('https://agent.example/acp', twice))).rejects.toThrow(/Another MCP server/);
  });
});
