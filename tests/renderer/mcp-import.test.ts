import { describe, expect, it } from 'vitest';
describe('MCP servers in imports', () => {
  it('keeps full MCP server configurations from a hand-written file and drops exported name summaries', async () => {
    const { parseImport } = await import('../../src/renderer/state/endpoint-transfer');
    const full = { name: 'files', command: '/usr/bin/mcp-files', args: [], env: [] };
    const parsed = parseImport(
      JSON.stringify([
        { name: 'With MCP', url: 'https://a.example/acp', mcpServers: [full] },
        { name: 'Exported', url: 'https://b.example/acp', mcpServers: [{ name: 'files', type: 'stdio' }] },
      ]),
      [],
    );
    expect(parsed.drafts.map((d) => d.draft.mcpServers)).toEqual([[full], undefined]);
  });
});
