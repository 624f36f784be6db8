/**
 * The browser-mode host over a real AppCore: token, Host and Origin checks on HTTP and on
 * the WebSocket upgrade, static files without path traversal, and the bridge protocol
 * (invoke → result, host events → event frames, hostile frames never kill the socket).
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { UsageError, type CliIo } from '../../src/cli/args';
import { defaultDataDir, webCommand } from '../../src/cli/commands/web';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { MAX_FRAME_BYTES } from '../../src/core/web/bridge-socket';
import { startWebHost, type WebHost } from '../../src/core/web/web-host';
import type { WebServerFrame, WebEventFrame } from '../../src/shared/ipc/web-protocol';
import { AppError } from '../../src/shared/util/result';

let dir: string;
let rendererDir: string;
let core: AppCore;
let host: WebHost;
let authority: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-web-host-'));
  rendererDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>fake renderer</title>');
  await fs.writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("fake app");');
  await fs.writeFile(path.join(dir, 'secret.txt'), 'SENTINEL-OUTSIDE-RENDERER');
  await fs.symlink(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  const dataDir = path.join(dir, 'data');
  core = await createAppCore({
    dataDir,
    cipher: await createFileKeyCipher(dataDir),
    host: 'web',
    version: '0.0.0-test',
    probe: async () => {
      throw new AppError('unavailable', 'no probe in this test');
    },
  });
  host = await startWebHost({ core, rendererDir });
  authority = `127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host?.close();
  await core?.dispose();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, not fetch: fetch normalizes `..` away and refuses to set Host. */
function get(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: target, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tokenQuery = () => `?token=${encodeURIComponent(host.token)}`;

describe('HTTP: token', () => {
  it('prints a URL on 127.0.0.1 with a 32-byte base64url token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 for the page without a token or with a wrong one', async () => {
    for (const target of [
      '/',
      '/index.html',
      '/./index.html',
      '//index.html',
      '/assets/../index.html',
      '/%69ndex.html',
      '/?token=',
      '/?token=wrong',
      `/?token=${host.token}x`,
    ]) {
      const res = await get(target);
      expect(res.status, target).toBe(401);
      expect(res.body).toMatch(/token/i);
      expect(res.body).not.toContain('fake renderer');
    }
  });

  it('serves index.html for the right token with security headers and no cookie', async () => {
    const res = await get(`/${tokenQuery()}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('fake renderer');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('never sets a cookie, on any response', async () => {
    for (const target of [`/${tokenQuery()}`, '/', '/assets/app.js', `/bridge${tokenQuery()}`, '/nope.js']) {
      expect((await get(target)).headers['set-cookie'], target).toBeUndefined();
    }
  });

  it('does not take the token from a cookie', async () => {
    expect((await get('/', { Cookie: `acp_desk_token_${host.port}=${host.token}` })).status).toBe(401);
    expect((await get('/', { Cookie: `token=${host.token}` })).status).toBe(401);
  });

  it('serves assets without a token and with the right content type', async () => {
    const ok = await get('/assets/app.js');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(ok.headers['cache-control']).toBe('no-cache');
    expect(ok.body).toContain('fake app');
    expect((await get('/assets/app.js', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await get('/assets/app.js', { 'Sec-Fetch-Site': 'none' })).status).toBe(200);
  });

  it('refuses assets to requests another site started (other loopback ports are same-site)', async () => {
    for (const site of ['cross-site', 'same-site', 'Cross-Site']) {
      const res = await get('/assets/app.js', { 'Sec-Fetch-Site': site });
      expect(res.status, site).toBe(403);
      expect(res.body).not.toContain('fake app');
    }
  });

  it('answers 404 for missing files, 405 for other methods, 426 for plain GET on the bridge path', async () => {
    expect((await get(`/nope.js${tokenQuery()}`)).status).toBe(404);
    expect((await get(`/assets${tokenQuery()}`)).status).toBe(404);
    expect((await get(`/${tokenQuery()}`, {}, 'POST')).status).toBe(405);
    expect((await get(`/bridge${tokenQuery()}`)).status).toBe(426);
    expect((await get('/bridge')).status).toBe(401);
  });
});

describe('HTTP: path traversal', () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
  ];
  it.each(attempts)('%s never leaves the renderer directory', async (target) => {
    const res = await get(`${target}${tokenQuery()}`);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('SENTINEL');
  });

  it('answers 400 for malformed encodings and NUL bytes', async () => {
    expect((await get(`/%E0%A4%A${tokenQuery()}`)).status).toBe(400);
    expect((await get(`/index.html%00.js${tokenQuery()}`)).status).toBe(400);
  });
});

describe('HTTP: Host and Origin', () => {
  it('rejects a foreign Host (DNS rebinding) even with the right token', async () => {
    for (const h of [`evil.example:${host.port}`, '127.0.0.1:1', 'evil.example', `127.0.0.1.nip.io:${host.port}`]) {
      expect((await get(`/${tokenQuery()}`, { Host: h })).status, h).toBe(421);
    }
    expect((await get(`/${tokenQuery()}`, { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('rejects a foreign Origin with 403, accepts the own origin', async () => {
    for (const o of [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:${host.port}/`,
    ]) {
      expect((await get(`/${tokenQuery()}`, { Origin: o })).status, o).toBe(403);
    }
    expect((await get(`/${tokenQuery()}`, { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
    expect((await get(`/${tokenQuery()}`, { Origin: `http://localhost:${host.port}` })).status).toBe(200);
  });
});

/** Resolves with the HTTP status the upgrade was refused with (or 101 if it was accepted). */
function upgradeStatus(target: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${authority}${target}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', (e) => reject(e));
  });
}

describe('WebSocket upgrade', () => {
  it('refuses without a token, with a wrong token, or with the token only in a cookie', async () => {
    expect(await upgradeStatus('/bridge')).toBe(401);
    expect(await upgradeStatus('/bridge?token=wrong')).toBe(401);
    expect(await upgradeStatus('/bridge', { Cookie: `acp_desk_token_${host.port}=${host.token}` })).toBe(401);
  });

  it('refuses a foreign Origin, a foreign Host and other paths', async () => {
    expect(await upgradeStatus(`/bridge${tokenQuery()}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`/bridge${tokenQuery()}`, { Host: `evil.example:${host.port}` })).toBe(421);
    expect(await upgradeStatus(`/other${tokenQuery()}`)).toBe(404);
  });

  it('accepts the token with the own Origin', async () => {
    expect(await upgradeStatus(`/bridge${tokenQuery()}`, { Origin: `http://127.0.0.1:${host.port}` })).toBe(101);
  });
});

/** A test client for the bridge protocol that records every frame it receives. */
class BridgeClient {
  readonly frames: WebServerFrame[] = [];
  #nextId = 1;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as WebServerFrame));
  }

  static open(): Promise<BridgeClient> {
    const ws = new WebSocket(`ws://${authority}/bridge${tokenQuery()}`, { origin: `http://${authority}` });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new BridgeClient(ws)));
      ws.once('error', reject);
    });
  }

  async waitFor<F extends WebServerFrame>(match: (f: WebServerFrame) => f is F, timeoutMs = 5000): Promise<F> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = this.frames.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching frame; got ${JSON.stringify(this.frames).slice(0, 500)}`);
  }

  async invoke(channel: string, payload?: unknown) {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    const frame = await this.waitFor(
      (f): f is Extract<WebServerFrame, { type: 'result' }> => f.type === 'result' && f.id === id,
    );
    return frame.result;
  }

  closed(): Promise<number> {
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }
}

describe('bridge protocol', () => {
  it('round-trips endpoints:list', async () => {
    const client = await BridgeClient.open();
    const result = await client.invoke('endpoints:list');
    expect(result).toEqual({ ok: true, value: { endpoints: [], selectedId: null } });
    client.ws.close();
  });

  it('answers invalid_request for a bad payload and for an unknown channel', async () => {
    const client = await BridgeClient.open();
    const bad = await client.invoke('endpoints:select', { id: 42 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_request');
    const unknown = await client.invoke('fs:readFile', { path: '/etc/passwd' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('invalid_request');
    client.ws.close();
  });

  it('ignores invalid JSON, wrong shapes and binary frames without closing the socket', async () => {
    const client = await BridgeClient.open();
    for (const junk of [
      '{not json',
      '42',
      'null',
      '{"type":"invoke","id":"x","channel":"app:info"}',
      '{"type":"result","id":1}',
    ]) {
      client.ws.send(junk);
    }
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const info = await client.invoke('app:info');
    expect(info.ok).toBe(true);
    if (info.ok) expect(info.value).toMatchObject({ name: 'ACP Desk', host: 'web', secretStorage: 'file' });
    expect(client.frames).toHaveLength(1);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('pushes endpoints:changed to every open socket after endpoints:save', async () => {
    const [a, b] = await Promise.all([BridgeClient.open(), BridgeClient.open()]);
    const saved = await a.invoke('endpoints:save', { draft: { name: 'Remote', url: 'https://agent.example.com/acp' } });
    expect(saved.ok).toBe(true);
    for (const client of [a, b]) {
      const event = await client.waitFor(
        (f): f is WebEventFrame<'endpoints:changed'> => f.type === 'event' && f.channel === 'endpoints:changed',
      );
      expect(event.payload.endpoints.map((e) => e.name)).toContain('Remote');
      client.ws.close();
    }
  });

  it('closes with 1008 on a frame over 4 MiB, and the host keeps serving', async () => {
    const client = await BridgeClient.open();
    const closed = client.closed();
    client.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1008);
    const next = await BridgeClient.open();
    expect((await next.invoke('endpoints:list')).ok).toBe(true);
    next.ws.close();
  });
});

describe('lifecycle', () => {
  it('refuses a non-loopback host', async () => {
    await expect(startWebHost({ core, rendererDir, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('close() ends open bridge sockets with 1001 and stops listening', async () => {
    const other = await startWebHost({ core, rendererDir, token: 'fixed-token-for-test' });
    expect(other.url).toBe(`http://127.0.0.1:${other.port}/?token=fixed-token-for-test`);
    const ws = new WebSocket(`ws://127.0.0.1:${other.port}/bridge?token=fixed-token-for-test`);
    await new Promise((r) => ws.once('open', r));
    const code = new Promise<number>((r) => ws.once('close', (c) => r(c)));
    await other.close();
    expect(await code).toBe(1001);
    await expect(fetch(other.url)).rejects.toThrow();
  });
});

describe('acp-desk web flags', () => {
  const io = (): CliIo => ({
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: {},
    interrupted: new Promise<void>(() => undefined),
  });
  it.each([
    ['--endpoint', 'no-equals-sign'],
    ['--endpoint', '=https://agent.example.com'],
    ['--endpoint', 'Name=ftp://agent.example.com'],
    ['--endpoint', 'Name=https://user:pw@agent.example.com'],
    ['--port', '70000'],
    ['--port', 'eighty'],
    ['--unknown'],
  ])('rejects %s %s as a usage error before starting anything', async (...argv) => {
    await expect(webCommand.run([...argv, '--no-open', '--data-dir', path.join(dir, 'never')], io())).rejects.toThrow(
      UsageError,
    );
    await expect(fs.stat(path.join(dir, 'never'))).rejects.toThrow();
  });

  it('defaults the data dir to $ACP_DESK_DATA_DIR, else a per-user config dir', () => {
    expect(defaultDataDir({ ACP_DESK_DATA_DIR: '/srv/acp' }, 'linux', '/home/u')).toBe(path.resolve('/srv/acp'));
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.config', 'acp-desk-web'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe(path.join('/x', 'acp-desk-web'));
  });
});
