/**
 * The app:// scheme: privileges before ready, and a handler that serves only files inside the
 * renderer directory with the right content type and the strict CSP on HTML.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appSchemeResponse, registerAppScheme, relativePathOf, serveAppScheme } from '../../src/main/app-protocol';
import { contentSecurityPolicy } from '../../src/main/url-policy';
import { fake, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

let dir: string;
let rendererDir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-app-protocol-'));
  rendererDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>fake renderer</title>');
  await fs.writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("fake app");');
  await fs.writeFile(path.join(rendererDir, 'assets', 'style.css'), 'body{}');
  await fs.writeFile(path.join(dir, 'secret.txt'), 'SENTINEL-OUTSIDE-RENDERER');
  await fs.symlink(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(() => resetFake());

function serve(): (request: Request) => Response | Promise<Response> {
  serveAppScheme(fake.protocol as unknown as Protocol, rendererDir);
  const handler = fake.protocol.handlers.get('app');
  if (!handler) throw new Error('no app:// handler');
  return handler;
}

describe('app:// registration', () => {
  it('registers app as standard, secure and fetch-capable', () => {
    registerAppScheme(fake.protocol as unknown as Protocol);
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});

describe('app:// handler', () => {
  it('serves index.html for the origin and /index.html, with the strict CSP header', async () => {
    const handler = serve();
    for (const url of ['app://renderer/index.html', 'app://renderer/', 'app://renderer/index.html?x=1#top']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(null));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('fake renderer');
    }
    const csp = contentSecurityPolicy(null);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe|ws:/);
  });

  it('serves assets with their content types', async () => {
    const handler = serve();
    const js = await handler(new Request('app://renderer/assets/app.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('fake app');
    const css = await handler(new Request('app://renderer/assets/style.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const handler = serve();
    const head = await handler(new Request('app://renderer/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  // Raw URLs as a caller could hand them over, before any normalisation.
  it.each([
    'app://renderer/../secret.txt',
    'app://renderer/assets/../../secret.txt',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/%2E%2E%2Fsecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/assets%2f..%2f..%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/assets\\..\\..\\secret.txt',
    'app://renderer//etc/passwd',
    'app://renderer/%2Fetc%2Fpasswd',
    'app://renderer/C:%5CWindows%5Cwin.ini',
    'app://renderer/./index.html',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
    'app://renderer/assets/link.txt',
    'app://renderer/assets',
    'app://renderer/missing.js',
    'app://other/index.html',
    'app://renderer.evil/index.html',
    'app://user@renderer/index.html',
    'app://renderer:8080/index.html',
    'file:///etc/passwd',
  ])('refuses %s with 404', async (url) => {
    const res = await appSchemeResponse({ url, method: 'GET' }, rendererDir);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SENTINEL');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(null));
  });

  it('answers 404 (not a crash) when the renderer directory does not exist', async () => {
    serveAppScheme(fake.protocol as unknown as Protocol, path.join(dir, 'no-such-dir'));
    const res = await fake.protocol.handlers.get('app')?.(new Request('app://renderer/index.html'));
    expect(res?.status).toBe(404);
  });

  it('maps URLs to decoded segments', () => {
    expect(relativePathOf('app://renderer')).toEqual(['index.html']);
    expect(relativePathOf('app://renderer/assets/a%20b.js')).toEqual(['assets', 'a b.js']);
    expect(relativePathOf('app://renderer/assets/')).toBeNull();
  });
});

describe('packaging fuses', () => {
  it('turns grantFileProtocolExtraPrivileges off now that nothing loads from file://', async () => {
    const yml = await fs.readFile(path.join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    const fuses = yml.slice(yml.indexOf('\nelectronFuses:'));
    expect(fuses).toMatch(/^ {2}grantFileProtocolExtraPrivileges: false$/m);
  });
});
