/**
 * OAuth sign-in through the app core (issue 15), as the hosts use it: against a real
 * oidc-provider and the bearer-gated test agent (tests/support/oidc-server.ts), an endpoint's
 * refused connect offers "Sign in" (details.signIn), signing in goes through the provider's
 * login and consent pages (driven headlessly), the status says who and until when, a turn
 * completes with the bearer, and no token or client secret is in any file of the data
 * directory; sign-out revokes and erases, removing the endpoint does too. With a fake
 * OAuthClient: what a save does to the grant, and the client secret's sealing.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import type { OAuthClientFactory } from '../../src/core/oauth/endpoint-oauth';
import type { OAuthClient, OAuthStatus, SignInPrompt } from '../../src/core/oauth/types';
import { probeEndpoint } from '../../src/core/transport/probe';
import type { OAuthStatusView } from '../../src/shared/domain/endpoint-auth';
import { signInHintOf } from '../../src/shared/domain/endpoint-auth';
import { AppError } from '../../src/shared/util/result';
import { TestBrowser } from '../support/oidc-browser';
import { startGatedAgent, startOidcServer } from '../support/oidc-server';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

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

async function coreAt(
  dir: string,
  extra: { presentSignIn?: (p: SignInPrompt) => void; oauthClient?: OAuthClientFactory } = {},
): Promise<{ core: AppCore; pushed: OAuthStatusView[] }> {
  const core = await createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: (e, auth) => probeEndpoint(e, undefined, auth),
    ...extra,
  });
  const pushed: OAuthStatusView[] = [];
  core.events.subscribe((channel, payload) => {
    if (channel === 'endpoints:oauthChanged') pushed.push(payload as OAuthStatusView);
  });
  cleanups.push(() => core.dispose());
  return { core, pushed };
}

const draft = (url: string, auth?: Record<string, unknown>) =>
  ({ name: 'Gated', url, transport: 'http', headers: [], cwd: '', notes: '', ...(auth ? { auth } : {}) }) as never;

async function refusal(run: () => unknown): Promise<AppError> {
  const e = await Promise.resolve()
    .then(run)
    .then(
      () => null,
      (x: unknown) => x,
    );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('OAuth sign-in through the app core, against a real authorization server', () => {
  it('offers sign-in on the 401, signs in through login and consent, runs a turn, leaves no token on disk', async () => {
    const oidc = await startOidcServer();
    cleanups.push(() => oidc.close());
    const gate = await startGatedAgent(oidc);
    cleanups.push(() => gate.close());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-app-'));
    const browser = new TestBrowser();
    let approved: Promise<unknown> = Promise.resolve();
    const { core, pushed } = await coreAt(dir, {
      presentSignIn: (p) => {
        if (p.kind === 'browser') approved = browser.approve(p.url, { login: 'alice' });
      },
    });
    const saved = await core.handlers['endpoints:save']({ draft: draft(gate.url, { kind: 'oauth' }) });
    expect(saved.auth).toEqual({ kind: 'oauth', hasClientSecret: false, scopes: [], flow: 'auto' });
    expect((await core.handlers['endpoints:oauthStatus'](undefined)).map((s) => s.state)).toEqual(['signed-out']);

    await refusal(() => core.handlers['endpoints:test']({ id: saved.id }));
    const refused = await refusal(() => core.handlers['endpoints:connect']({ id: saved.id }));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toMatch(/sign in/i);
    expect(signInHintOf(refused.details)).toEqual({ endpointId: saved.id, configured: true });

    const status = await core.handlers['endpoints:signIn']({ id: saved.id, flow: 'code' });
    await approved;
    expect(status).toMatchObject({ endpointId: saved.id, state: 'signed-in', account: 'alice@example.test' });
    expect(status.expiresAt).toBeGreaterThan(Date.now());
    // The windows saw the sign-in start with its prompt, then end signed in.
    expect(pushed.some((p) => p.state === 'signing-in' && p.prompt?.kind === 'browser')).toBe(true);
    expect(pushed.at(-1)?.state).toBe('signed-in');
    expect(JSON.stringify(pushed)).not.toContain(gate.accepted[0] ?? 'no token yet');

    // Test connection uses the endpoint's bearer too.
    expect(await core.handlers['endpoints:test']({ id: saved.id })).toMatchObject({ transport: 'http' });
    // So does Diagnose: its initialize passes, and the token is in none of its records.
    const report = await core.handlers['endpoints:diagnose']({ id: saved.id });
    expect(report.steps.find((st) => st.id === 'initialize')?.verdict).toBe('pass');

    const { sessionId } = await core.handlers['sessions:new']({ endpointId: saved.id, cwd: '/tmp' });
    await core.handlers['sessions:prompt']({ sessionId, prompt: [{ type: 'text', text: 'hello' }] });
    await until(() => core.engine.snapshot(sessionId).state.turn.lastStopReason === 'end_turn', 'turn end');
    // One token, for the test and the session alike.
    expect(new Set(gate.accepted).size).toBe(1);
    const token = gate.accepted[0]!;
    expect(JSON.stringify(await core.handlers['traffic:snapshot']({}))).not.toContain(token);
    expect(JSON.stringify(report)).not.toContain(token);

    await core.dispose();
    cleanups.pop();
    expect(readFileSync(path.join(dir, 'oauth-grants.json'), 'utf8')).toContain(saved.id);
    for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8'), f).not.toContain(token);

    // After a restart the grant is still there (sealed), and signing out revokes and erases it.
    const again = await coreAt(dir);
    const [after] = await again.core.handlers['endpoints:oauthStatus'](undefined);
    await until(() => again.core.oauth.status(saved.id).state === 'signed-in', 'grant loaded');
    expect(after?.endpointId).toBe(saved.id);
    const out = await again.core.handlers['endpoints:signOut']({ id: saved.id });
    expect(out.state).toBe('signed-out');
    expect((await oidc.introspect(token)).active).toBe(false);
    expect(readFileSync(path.join(dir, 'oauth-grants.json'), 'utf8')).not.toContain(saved.id);
  });

  it('an endpoint without sign-in whose 401 names resource_metadata offers it, and signing in sets it to OAuth', async () => {
    const oidc = await startOidcServer();
    cleanups.push(() => oidc.close());
    const gate = await startGatedAgent(oidc);
    cleanups.push(() => gate.close());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-app-'));
    const browser = new TestBrowser();
    let approved: Promise<unknown> = Promise.resolve();
    const { core } = await coreAt(dir, {
      presentSignIn: (p) => {
        if (p.kind === 'browser') approved = browser.approve(p.url);
      },
    });
    const saved = await core.handlers['endpoints:save']({ draft: draft(gate.url) });
    expect(saved.auth).toBeUndefined();
    const refused = await refusal(() => core.handlers['sessions:new']({ endpointId: saved.id }));
    expect(signInHintOf(refused.details)).toEqual({ endpointId: saved.id, configured: false });

    const status = await core.handlers['endpoints:signIn']({ id: saved.id, flow: 'code' });
    await approved;
    expect(status.state).toBe('signed-in');
    expect(core.endpoints.get(saved.id).auth?.kind).toBe('oauth');
    const { sessionId } = await core.handlers['sessions:new']({ endpointId: saved.id });
    expect(sessionId).toBeTruthy();

    // Removing the endpoint signs out: the token is revoked and the grant erased.
    const token = gate.accepted[0]!;
    await core.handlers['endpoints:remove']({ id: saved.id });
    expect((await oidc.introspect(token)).active).toBe(false);
    expect(readFileSync(path.join(dir, 'oauth-grants.json'), 'utf8')).not.toContain(saved.id);
  });
});

/** A client that signs in at once, as `account`, and remembers what was done to it. */
function fakeClients() {
  const made: Array<{ input: Parameters<OAuthClientFactory>[0]; client: OAuthClient; signedOut: number }> = [];
  const factory: OAuthClientFactory = (input) => {
    let status: OAuthStatus = { signedIn: false };
    const listeners = new Set<(s: OAuthStatus) => void>();
    const set = (s: OAuthStatus) => {
      status = s;
      for (const l of listeners) l(s);
    };
    const record = { input, signedOut: 0, client: undefined as unknown as OAuthClient };
    record.client = {
      status: () => status,
      signIn: async (o) => {
        await o.present({ kind: 'browser', url: 'https://login.example.test/authorize?x=1' });
        await input.vault.save(input.vaultKey, JSON.stringify({ accessToken: 'at-fake-9Qw2x7' }));
        set({ signedIn: true, account: 'bob', expiresAt: Date.now() + 3_600_000 });
        return status;
      },
      signOut: async () => {
        record.signedOut++;
        await input.vault.erase(input.vaultKey);
        set({ signedIn: false });
      },
      transportAuth: () => ({ header: async () => undefined, unauthorized: async () => false }),
      onStatus: (l) => (listeners.add(l), () => listeners.delete(l)),
    };
    made.push(record);
    return record.client;
  };
  return { made, factory };
}

describe('OAuth settings through the app core (fake client)', () => {
  it('seals the client secret, gives it to the client, and keeps it out of the view and the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-app-'));
    const fake = fakeClients();
    const { core } = await coreAt(dir, { oauthClient: fake.factory });
    const secret = 'cs-Zk29-very-secret-client';
    const saved = await core.handlers['endpoints:save']({
      draft: draft('https://agent.example.test/acp', {
        kind: 'oauth',
        clientId: 'desk-client',
        clientSecret: secret,
        authorizationServer: 'https://login.example.test',
        flow: 'device',
      }),
    });
    expect(saved.auth).toEqual({
      kind: 'oauth',
      clientId: 'desk-client',
      hasClientSecret: true,
      scopes: [],
      authorizationServer: 'https://login.example.test',
      flow: 'device',
    });
    expect(JSON.stringify(saved)).not.toContain(secret);
    await until(() => fake.made.length > 0, 'client built');
    expect(fake.made.at(-1)?.input.config).toMatchObject({ clientId: 'desk-client', clientSecret: secret });
    expect((await core.endpoints.resolve(saved.id)).secretValues).toContain(secret);
    // A save without the secret keeps it; '' removes it.
    const kept = await core.handlers['endpoints:save']({
      id: saved.id,
      draft: draft('https://agent.example.test/acp', { kind: 'oauth', clientId: 'desk-client', flow: 'device' }),
    });
    expect(kept.auth).toMatchObject({ hasClientSecret: true });
    await core.handlers['endpoints:signIn']({ id: saved.id });
    await core.dispose();
    cleanups.pop();
    for (const f of filesUnder(dir)) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toContain(secret);
      expect(text, f).not.toContain('at-fake-9Qw2x7');
    }
  });

  it('a save that changes the grant’s host, client or server signs out; scopes and flow do not', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-app-'));
    const fake = fakeClients();
    const { core } = await coreAt(dir, { oauthClient: fake.factory });
    const url = 'https://agent.example.test/acp';
    const saved = await core.handlers['endpoints:save']({ draft: draft(url, { kind: 'oauth', clientId: 'a' }) });
    await core.handlers['endpoints:signIn']({ id: saved.id });
    const first = fake.made.at(-1)!;
    await core.handlers['endpoints:save']({
      id: saved.id,
      draft: draft(url, { kind: 'oauth', clientId: 'a', scopes: ['more'] }),
    });
    expect(first.signedOut).toBe(0);
    expect(core.oauth.status(saved.id).state).toBe('signed-in');
    await core.handlers['endpoints:save']({ id: saved.id, draft: draft(url, { kind: 'oauth', clientId: 'b' }) });
    expect(first.signedOut).toBe(1);
    await until(() => core.oauth.status(saved.id).state === 'signed-out', 'new client signed out');
    await core.handlers['endpoints:signIn']({ id: saved.id });
    const second = fake.made.at(-1)!;
    const moved = await core.handlers['endpoints:save']({
      id: saved.id,
      draft: draft('https://other.example.test/acp', { kind: 'oauth', clientId: 'b' }),
    });
    expect(second.signedOut).toBe(1);
    expect(moved.auth?.kind).toBe('oauth');
    // Turning OAuth off signs out too, and the endpoint has no sign-in status any more.
    await core.handlers['endpoints:signIn']({ id: saved.id });
    const third = fake.made.at(-1)!;
    await core.handlers['endpoints:save']({ id: saved.id, draft: draft(url, { kind: 'none' }) });
    expect(third.signedOut).toBe(1);
    expect(core.endpoints.get(saved.id).auth).toBeUndefined();
    expect(await core.handlers['endpoints:oauthStatus'](undefined)).toEqual([]);
  });

  it('the client secret is dropped when the endpoint moves to another host without it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-app-'));
    const { core } = await coreAt(dir, { oauthClient: fakeClients().factory });
    const saved = await core.handlers['endpoints:save']({
      draft: draft('https://agent.example.test/acp', { kind: 'oauth', clientId: 'a', clientSecret: 's3cret-value' }),
    });
    const moved = await core.handlers['endpoints:save']({
      id: saved.id,
      draft: draft('https://elsewhere.example.test/acp'),
    });
    expect(moved.auth).toMatchObject({ kind: 'oauth', clientId: 'a', hasClientSecret: false });
    expect(moved.notice).toMatch(/OAuth client secret/);
  });
});
