/**
 * The OAuth client against a real authorization server (oidc-provider on 127.0.0.1) and an ACP
 * agent behind a bearer gate: discovery from the 401, dynamic registration, code + PKCE through
 * the loopback redirect (the provider's pages driven over HTTP with a cookie jar), the device
 * grant, refresh ahead of expiry, a revoked grant, sign-out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthClient, type OAuthClientOptions } from '../../src/core/oauth/client';
import type { SignInPrompt, TokenVault } from '../../src/core/oauth/types';
import { TestBrowser } from '../support/oidc-browser';
import { startGatedAgent, startOidcServer, type GatedAgent } from '../support/oidc-server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function memoryVault(): TokenVault & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    load: (k) => Promise.resolve(entries.get(k)),
    save: (k, v) => Promise.resolve(void entries.set(k, v)),
    erase: (k) => Promise.resolve(void entries.delete(k)),
  };
}

async function setup(options: Parameters<typeof startOidcServer>[0] = {}) {
  const oidc = await startOidcServer(options);
  cleanups.push(() => oidc.close());
  const gate = await startGatedAgent(oidc);
  cleanups.push(() => gate.close());
  return { oidc, gate };
}

/** The 401 an unauthenticated POST gets, as the transport would see it. */
async function challengeOf(gate: GatedAgent): Promise<string | null> {
  const r = await fetch(gate.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1}}',
  });
  expect(r.status).toBe(401);
  return r.headers.get('www-authenticate');
}

function client(gate: GatedAgent, extra: Partial<OAuthClientOptions> = {}) {
  return createOAuthClient({
    resourceUrl: gate.url,
    config: {},
    vault: memoryVault(),
    vaultKey: gate.url,
    ...extra,
  });
}

/** Signs in by code + PKCE: the "browser" follows the authorization URL through login and consent. */
async function signInWithBrowser(c: ReturnType<typeof client>, challenge: string | null, browser = new TestBrowser()) {
  const prompts: SignInPrompt[] = [];
  let approved: Promise<unknown> = Promise.resolve();
  const status = await c.signIn({
    flow: 'code',
    challenge,
    present: (p) => {
      prompts.push(p);
      if (p.kind === 'browser') approved = browser.approve(p.url);
    },
  });
  const last = (await approved) as { html: string };
  return { status, prompts, last, browser };
}

/** An authenticated initialize through the gate. */
async function initialize(gate: GatedAgent, header: string | undefined): Promise<number> {
  const r = await fetch(gate.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(header ? { authorization: header } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: 1, clientCapabilities: {} },
    }),
  });
  await r.body?.cancel();
  return r.status;
}

describe('OAuth client against oidc-provider', () => {
  it('discovers the server from the 401, registers, signs in by code + PKCE and gets through the gate', async () => {
    const { oidc, gate } = await setup();
    const c = client(gate);
    const seen: boolean[] = [];
    c.onStatus((s) => seen.push(s.signedIn));
    const { status, prompts, last, browser } = await signInWithBrowser(c, await challengeOf(gate));
    expect(oidc.registrations()).toBe(1);
    expect(prompts).toHaveLength(1);
    const url = new URL((prompts[0] as { url: string }).url);
    expect(url.origin).toBe(oidc.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(gate.url);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(last.html).toContain('You can close this tab');
    expect(browser.visited.some((v) => v.startsWith('http://127.0.0.1:') && v.includes('/callback?'))).toBe(true);
    expect(status).toMatchObject({ signedIn: true, account: 'alice@example.test', issuer: oidc.issuer });
    expect(status.expiresAt).toBeGreaterThan(Date.now());
    expect(seen).toEqual([true]);
    const header = await c.transportAuth().header();
    expect(header).toMatch(/^Bearer \S+$/);
    expect(await initialize(gate, header)).toBe(200);
    expect(gate.accepted).toHaveLength(1);
    // the listener took its one redirect and is gone
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    await expect(fetch(redirect.href)).rejects.toThrow();
  });

  it('signs in with the device grant, the user approving the code on the provider pages', async () => {
    const { oidc, gate } = await setup();
    const c = client(gate, { browser: false });
    const browser = new TestBrowser();
    let approved: Promise<unknown> = Promise.resolve();
    const prompts: SignInPrompt[] = [];
    const status = await c.signIn({
      challenge: await challengeOf(gate),
      present: (p) => {
        prompts.push(p);
        if (p.kind === 'device') approved = browser.approve(p.verificationUri, { userCode: p.userCode });
      },
    });
    const done = (await approved) as { html: string };
    expect(done.html).toContain('Sign-in Success');
    expect(prompts[0]).toMatchObject({ kind: 'device', verificationUri: `${oidc.issuer}/device` });
    expect(status).toMatchObject({ signedIn: true, account: 'alice@example.test' });
    expect(await initialize(gate, await c.transportAuth().header())).toBe(200);
  });

  it('reuses the registered client from the vault for the next sign-in', async () => {
    const { oidc, gate } = await setup();
    const vault = memoryVault();
    const first = client(gate, { vault });
    await signInWithBrowser(first, await challengeOf(gate));
    await first.signOut();
    // sign-out erased the entry (registration included), so sign in twice without signing out
    const second = client(gate, { vault });
    await signInWithBrowser(second, await challengeOf(gate));
    const third = client(gate, { vault });
    expect((await third.ready()).signedIn).toBe(true);
    await signInWithBrowser(third, null); // no challenge: the well-known URL
    expect(oidc.registrations()).toBe(2);
  });

  it('says so when the server neither registers clients nor has one configured', async () => {
    const { gate } = await setup({ registration: false });
    const c = client(gate);
    await expect(c.signIn({ challenge: await challengeOf(gate), present: () => undefined })).rejects.toThrow(
      /does not allow dynamic client registration; set a client ID/,
    );
  });

  it('refreshes within 60 s of expiry, once for concurrent callers, and on a 401', async () => {
    const { gate } = await setup({ accessTokenTtl: 3600 });
    let offset = 0;
    const c = client(gate, { now: () => Date.now() + offset });
    await signInWithBrowser(c, await challengeOf(gate));
    const auth = c.transportAuth();
    const first = await auth.header();
    expect(await auth.header()).toBe(first);
    offset = 3600_000 - 30_000; // 30 s left
    const [a, b] = await Promise.all([auth.header(), auth.header()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(await initialize(gate, a)).toBe(200);
    gate.expireAcceptedTokens();
    expect(await initialize(gate, a)).toBe(401);
    expect(await auth.unauthorized('Bearer error="invalid_token"')).toBe(true);
    const after = await auth.header();
    expect(after).not.toBe(a);
    expect(await initialize(gate, after)).toBe(200);
  });

  it('a revoked grant: unauthorized() is false and the status says signed out', async () => {
    const { oidc, gate } = await setup();
    const vault = memoryVault();
    const c = client(gate, { vault });
    await signInWithBrowser(c, await challengeOf(gate));
    const header = (await c.transportAuth().header())!;
    await oidc.revoke(header.slice('Bearer '.length));
    expect(await initialize(gate, header)).toBe(401);
    const statuses: boolean[] = [];
    c.onStatus((s) => statuses.push(s.signedIn));
    expect(await c.transportAuth().unauthorized(null)).toBe(false);
    expect(c.status().signedIn).toBe(false);
    expect(statuses).toEqual([false]);
    expect(await c.transportAuth().header()).toBeUndefined();
  });

  it('sign-out revokes the tokens at the server and erases them', async () => {
    const { oidc, gate } = await setup();
    const vault = memoryVault();
    const c = client(gate, { vault });
    await signInWithBrowser(c, await challengeOf(gate));
    const stored = JSON.parse(vault.entries.get(gate.url)!) as { grant: { accessToken: string; refreshToken: string } };
    expect((await oidc.introspect(stored.grant.accessToken)).active).toBe(true);
    await c.signOut();
    expect(vault.entries.has(gate.url)).toBe(false);
    expect(c.status()).toEqual({ signedIn: false });
    expect((await oidc.introspect(stored.grant.accessToken)).active).toBe(false);
    expect((await oidc.introspect(stored.grant.refreshToken)).active).toBe(false);
  });

  it('never puts a token in a URL', async () => {
    const { oidc, gate } = await setup();
    const vault = memoryVault();
    const c = client(gate, { vault });
    const { browser } = await signInWithBrowser(c, await challengeOf(gate));
    const header = (await c.transportAuth().header())!;
    await c.transportAuth().unauthorized(null);
    const { grant } = JSON.parse(vault.entries.get(gate.url)!) as {
      grant: { accessToken: string; refreshToken: string };
    };
    const tokens = [grant.accessToken, grant.refreshToken, header.slice('Bearer '.length)];
    expect(new Set(tokens).size).toBe(3); // the 401 refreshed (and rotated) both
    const urls = [...oidc.requests, ...gate.seen.urls, ...browser.visited];
    for (const t of tokens) expect(urls.some((u) => u.includes(t))).toBe(false);
  });
});
