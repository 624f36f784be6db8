/**
 * The CSP in src/renderer/index.html's meta tag is enforced in every mode (Electron and
 * browser) next to the header policy. The Electron window talks IPC only, so the meta policy
 * admits no WebSocket beyond 'self' (browser mode's bridge is same-origin), and it matches the
 * policy main sends on app:// (minus frame-ancestors, which a meta tag cannot carry).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_CSP } from '../../src/core/web/static-files';
import { contentSecurityPolicy } from '../../src/main/url-policy';

async function metaPolicy(): Promise<string> {
  const html = await fs.readFile(path.join(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!match?.[1]) throw new Error('index.html has no CSP meta tag');
  return match[1];
}

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

describe('renderer CSP meta tag', () => {
  it("allows no ws: or wss: source: connect-src is just 'self'", async () => {
    const meta = directives(await metaPolicy());
    expect(meta.get('connect-src')).toBe("'self'");
    expect(await metaPolicy()).not.toMatch(/wss?:/);
  });

  it('matches the app:// header policy and the web host policy (minus frame-ancestors)', async () => {
    const meta = directives(await metaPolicy());
    for (const header of [contentSecurityPolicy(null), WEB_CSP]) {
      const expected = directives(header);
      expected.delete('frame-ancestors');
      expect(meta).toEqual(expected);
    }
  });
});
