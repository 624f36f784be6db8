/**
 * The whole core as a host sees it, on disk: secrets never reach the data directory in
 * plaintext (scanned after real traffic), sessions survive a restart (transcript shown at
 * once, then re-attached live), and a damaged transcript does not break start-up.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { probeEndpoint } from '../../src/core/transport/probe';
import { entryText } from '../../src/shared/session/timeline';

const SECRET = 'tok-3f9a1c77e2b84d0b';
let agent: DemoAgentServer;
beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0, token: SECRET });
});
afterAll(() => agent.close());

async function coreAt(dir: string): Promise<AppCore> {
  return createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: (e) => probeEndpoint(e),
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

async function until(pred: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('app core on disk', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-core-'));
  let sessionId = '';

  it('runs an authenticated turn and leaves no secret in any file of the data directory', async () => {
    const core = await coreAt(dir);
    const saved = await core.handlers['endpoints:save']({
      draft: {
        name: 'Demo with token',
        url: agent.url,
        transport: 'http',
        headers: [{ name: 'Authorization', value: `Bearer ${SECRET}`, secret: true }],
        cwd: '',
        notes: '',
      },
    });
    const created = await core.handlers['sessions:new']({ endpointId: saved.id, cwd: '/tmp/work' });
    sessionId = created.sessionId;
    await core.handlers['sessions:prompt']({
      sessionId,
      prompt: [{ type: 'text', text: `/echo the token is not ${SECRET.slice(0, 3)}` }],
    });
    await until(() => core.engine.snapshot(sessionId).state.turn.lastStopReason === 'end_turn', 'turn end');
    const traffic = core.handlers['traffic:snapshot']({});
    expect(JSON.stringify(await traffic)).not.toContain(SECRET);
    const exported = await core.handlers['sessions:export']({ sessionId, format: 'json' });
    expect(exported.content).not.toContain(SECRET);
    await core.dispose();
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
    for (const f of files) {
      expect(readFileSync(f, 'utf8'), f).not.toContain(SECRET);
      expect(statSync(f).mode & 0o077, `${f} is private`).toBe(0);
    }
  });

  it('network, MCP and OAuth client secrets are sealed too: none of them is in any file of the data directory', async () => {
    const core = await coreAt(dir);
    const proxyPassword = 'proxy-pw-Jq4s9e1Zx';
    const keyBody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDa1Ub1ke9Y';
    const passphrase = 'pfx-pass-0r8Hn2Lq';
    const pfxBase64 = Buffer.from('pkcs12-bundle-bytes-7Qd0').toString('base64');
    const mcpToken = 'ghp_mcp-secret-55Xy';
    const oauthClientSecret = 'oauth-client-secret-Hq81Lz';
    await core.handlers['endpoints:save']({
      draft: {
        name: 'Behind a proxy',
        url: 'https://agent.example.test/acp',
        transport: 'http',
        headers: [],
        cwd: '',
        notes: '',
        network: {
          proxy: { mode: 'url', url: 'http://proxy.example.test:3128', username: 'desk', password: proxyPassword },
          tls: {
            clientCertPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
            clientKeyPem: `-----BEGIN PRIVATE KEY-----\n${keyBody}\n-----END PRIVATE KEY-----\n`,
            pfxBase64,
            passphrase,
          },
        },
        mcpServers: [
          {
            kind: 'stdio',
            name: 'gh',
            command: 'gh-mcp',
            args: [],
            env: [{ name: 'GITHUB_TOKEN', value: mcpToken, secret: true }],
          },
        ],
        auth: { kind: 'oauth', clientId: 'desk', clientSecret: oauthClientSecret },
      } as never,
    });
    await core.dispose();
    // They were stored (sealed), not dropped.
    const settings = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(settings).toContain('passwordSealed');
    expect(settings).toContain('keySealed');
    expect(settings).toContain('clientSecretSealed');
    for (const f of filesUnder(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const secret of [proxyPassword, keyBody, passphrase, pfxBase64, mcpToken, oauthClientSecret])
        expect(text, f).not.toContain(secret);
    }
  });

  it('after a restart lists the session, shows its transcript at once, then re-attaches it live', async () => {
    const core = await coreAt(dir);
    const listed = await core.handlers['sessions:list'](undefined);
    expect(listed.map((s) => s.sessionId)).toContain(sessionId);
    const snap = await core.handlers['sessions:open']({ sessionId });
    const texts = snap.state.entryIds.map((id) => entryText(snap.state.entries[id]!));
    expect(texts.join('\n')).toContain('the token is not');
    await until(() => core.engine.listSessions().find((s) => s.sessionId === sessionId)?.live === true, 'live again');
    const before = core.engine.snapshot(sessionId).state.entryIds.length;
    await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: '/echo second life' }] });
    await until(() => core.engine.snapshot(sessionId).state.entryIds.length >= before + 3, 'second turn');
    expect(core.engine.snapshot(sessionId).state.turn.lastStopReason).toBe('end_turn');
    await core.dispose();
  });

  it('starts even when a transcript has a torn and a garbage line, keeping the rest', async () => {
    const transcript = filesUnder(path.join(dir, 'transcripts')).find((f) => f.endsWith('.jsonl'))!;
    appendFileSync(transcript, 'this is not json\n{"sessionId":"x","seq":');
    const core = await coreAt(dir);
    const listed = await core.handlers['sessions:list'](undefined);
    expect(listed.map((s) => s.sessionId)).toContain(sessionId);
    const snap = await core.handlers['sessions:open']({ sessionId });
    expect(snap.state.entryIds.length).toBeGreaterThan(3);
    await core.dispose();
  });
});
