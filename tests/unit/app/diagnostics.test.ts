import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnostics, stripCredentials, supportHandlers } from '../../../src/core/app/support-handlers';
import { createLogger, type AppLog } from '../../../src/core/log/logger';
import type { AppInfo } from '../../../src/shared/domain/app';
import type { SavedEndpoint } from '../../../src/shared/domain/endpoint';

let dir: string;
let log: AppLog;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acp-diag-'));
  log = createLogger({ dir });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const info: AppInfo = { name: 'ACP Desk', version: '1.2.3', host: 'web', secretStorage: 'file', demoAgentUrl: null };
const SECRET = 'sk-live-topsecret-0123456789';

function endpoint(patch: Partial<SavedEndpoint>): SavedEndpoint {
  return {
    id: 'e1',
    name: 'Staging',
    url: 'https://agent.example/acp',
    transport: 'auto',
    headers: [{ name: 'Authorization', secret: true, hasValue: true }],
    cwd: '/work',
    notes: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...patch,
  };
}

describe('diagnostics', () => {
  it('names versions, platform, endpoints without credentials and the recent warnings and errors', () => {
    log.setSecrets({ values: [SECRET] });
    log.child('core').error('connect failed', { error: new Error(`401 for ${SECRET}`) });
    log.info('not an error');
    const endpoints = [
      endpoint({ lastWorkingTransport: 'ws' }),
      endpoint({
        id: 'e2',
        name: 'Lab',
        url: `https://bob:hunter22@lab.example/acp?api_key=${SECRET}&x=1`,
        transport: 'http',
        mcpServers: [{ name: 'fs', type: 'stdio' }],
      }),
    ];
    const { text, logFile } = diagnostics({ info, endpoints: () => endpoints, log }, new Date('2026-12-03T12:00:00Z'));
    expect(logFile).toBe(path.join(dir, 'acp-desk.log'));
    expect(text).toContain('ACP Desk 1.2.3 (browser mode)');
    expect(text).toContain(`Node ${process.versions.node}`);
    expect(text).toContain(`Platform: ${process.platform} ${process.arch}`);
    expect(text).toContain('Secret storage: key file (less safe)');
    expect(text).toContain('Endpoints (2):');
    expect(text).toContain('  - Staging: https://agent.example/acp, transport auto (last worked: ws)');
    expect(text).toContain('  - Lab: https://lab.example/acp?api_key=[redacted]&x=1, transport http, 1 MCP server(s)');
    expect(text).toContain('Recent warnings and errors (1):');
    expect(text).toMatch(/ERROR \[core\] connect failed: 401 for \[redacted\]/);
    expect(text).not.toContain('not an error');
    for (const secret of [SECRET, 'hunter22', 'bob']) expect(text).not.toContain(secret);
    expect(text).not.toContain('Authorization');
  });

  it('says so when there is nothing to list', () => {
    const { text } = diagnostics({ info, endpoints: () => [], log: undefined });
    expect(text).toContain('Endpoints (0):\n  (none)');
    expect(text).toContain('Recent warnings and errors (0):\n  (none)');
  });

  it('core answers the folder without opening it, and no updates', async () => {
    const h = supportHandlers({ info, endpoints: () => [], log });
    expect(await h['app:openLogFolder'](undefined)).toEqual({ path: dir, opened: false });
    expect(await h['app:checkForUpdates'](undefined)).toMatchObject({
      state: 'unsupported',
      message: expect.stringContaining('desktop app'),
    });
    expect(await h['app:updateStatus'](undefined)).toMatchObject({ state: 'unsupported' });
  });

  it('stripCredentials masks user info and secret parameters, even in what is not a URL', () => {
    expect(stripCredentials('wss://u:p@h.example:8443/acp')).toBe('wss://h.example:8443/acp');
    expect(stripCredentials('not a url ?token=abcdef')).toBe('not a url ?token=[redacted]');
  });
});

describe('app:reportError (renderer errors into the log file)', () => {
  const report = {
    source: 'boundary',
    message: `TypeError: x is undefined near ${SECRET}`,
    area: 'conversation',
  } as const;

  it('writes the error under scope renderer, redacted, and it shows in diagnostics', async () => {
    log.setSecrets({ values: [SECRET] });
    const h = supportHandlers({ info, endpoints: () => [], log });
    expect(await h['app:reportError']({ ...report, stack: `at f (app.js:1:2) ${SECRET}` })).toBeNull();
    const [entry] = log.recent({ minLevel: 'error' });
    expect(entry).toMatchObject({ level: 'error', scope: 'renderer', source: 'boundary', area: 'conversation' });
    expect(entry?.msg).toBe('renderer error: TypeError: x is undefined near [redacted]');
    const file = fs.readFileSync(path.join(dir, 'acp-desk.log'), 'utf8');
    expect(file).toContain('at f (app.js:1:2)');
    expect(file).not.toContain(SECRET);
    expect(diagnostics({ info, endpoints: () => [], log }).text).toContain('[renderer] renderer error: TypeError');
  });

  it('caps a renderer stuck in an error loop at 20 a minute, then says how many it left out', async () => {
    let t = 0;
    const h = supportHandlers({ info, endpoints: () => [], log, now: () => t });
    for (let i = 0; i < 500; i++) await h['app:reportError']({ ...report, message: `loop ${i}` });
    expect(log.recent({ minLevel: 'warn', limit: 1000 })).toHaveLength(20);
    t = 60_000;
    await h['app:reportError']({ ...report, message: 'next minute' });
    const entries = log.recent({ minLevel: 'warn', limit: 1000 });
    expect(entries.map((e) => e.msg).slice(-2)).toEqual([
      '480 more renderer errors were not logged (over 20 a minute)',
      'renderer error: next minute',
    ]);
  });
});
