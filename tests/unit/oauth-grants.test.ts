/**
 * The device grant's polling and the loopback redirect, against small real servers on
 * 127.0.0.1; waits are an injected sleep that records what it was asked to wait.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceGrant, type GrantContext } from '../../src/core/oauth/grants';
import { openLoopbackRedirect } from '../../src/core/oauth/loopback';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An authorization server whose token endpoint answers with `answers` in turn (the last one repeats). */
async function fakeServer(answers: Array<{ status: number; body: object }>, interval?: number) {
  const tokenBodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'no-store');
      if (req.url === '/device') {
        res.end(
          JSON.stringify({
            device_code: 'dc',
            user_code: 'ABCD-EFGH',
            verification_uri: 'http://127.0.0.1/device',
            expires_in: 60,
            ...(interval !== undefined ? { interval } : {}),
          }),
        );
        return;
      }
      tokenBodies.push(body);
      const a = answers[Math.min(tokenBodies.length - 1, answers.length - 1)]!;
      res.statusCode = a.status;
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, tokenBodies };
}

function context(issuer: string, now: () => number, signal?: AbortSignal): GrantContext {
  return {
    as: { issuer, token_endpoint: `${issuer}/token`, device_authorization_endpoint: `${issuer}/device` },
    client: { client_id: 'c' },
    auth: (_as, client, body) => void body.set('client_id', client.client_id),
    resource: 'https://agent.example/acp',
    scopes: ['acp'],
    now,
    ...(signal ? { signal } : {}),
  };
}

const pending = { status: 400, body: { error: 'authorization_pending' } };
const tokens = { status: 200, body: { access_token: 'at', token_type: 'Bearer', expires_in: 60 } };

describe('device grant polling', () => {
  it('waits the interval, adds 5 s on slow_down, and sends the resource with each poll', async () => {
    const { issuer, tokenBodies } = await fakeServer(
      [pending, { status: 400, body: { error: 'slow_down' } }, pending, tokens],
      2,
    );
    const waits: number[] = [];
    const prompts: unknown[] = [];
    const t = await deviceGrant(
      context(issuer, () => 1_000),
      (p) => void prompts.push(p),
      async (ms) => void waits.push(ms),
    );
    expect(t.access_token).toBe('at');
    expect(waits).toEqual([2000, 2000, 7000, 7000]);
    expect(prompts).toEqual([
      { kind: 'device', userCode: 'ABCD-EFGH', verificationUri: 'http://127.0.0.1/device', expiresAt: 61_000 },
    ]);
    for (const b of tokenBodies) expect(new URLSearchParams(b).get('resource')).toBe('https://agent.example/acp');
  });

  it('waits 5 s when the server names no interval, and gives up when the code expires', async () => {
    const { issuer } = await fakeServer([pending]);
    let now = 0;
    const waits: number[] = [];
    await expect(
      deviceGrant(
        context(issuer, () => now),
        () => undefined,
        async (ms) => {
          waits.push(ms);
          now += ms;
        },
      ),
    ).rejects.toThrow('The device code expired before the sign-in was approved.');
    expect(waits.every((w) => w === 5000)).toBe(true);
    expect(waits).toHaveLength(12);
  });

  it('says the sign-in was refused on access_denied', async () => {
    const { issuer } = await fakeServer([{ status: 400, body: { error: 'access_denied' } }], 1);
    await expect(
      deviceGrant(
        context(issuer, () => 0),
        () => undefined,
        async () => undefined,
      ),
    ).rejects.toThrow('The sign-in was refused on the authorization server.');
  });

  it('stops when aborted', async () => {
    const { issuer } = await fakeServer([pending], 1);
    const abort = new AbortController();
    let polls = 0;
    const run = deviceGrant(
      context(issuer, () => 0, abort.signal),
      () => undefined,
      async (_ms, signal) => {
        if (++polls === 3) abort.abort();
        if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('loopback redirect', () => {
  it('takes one redirect with the expected state, answers the browser, then closes', async () => {
    const loop = await openLoopbackRedirect();
    cleanups.push(() => loop.close());
    expect(loop.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const arrived = loop.wait('s1');
    const wrong = await fetch(`${loop.redirectUri}?code=x&state=other`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).not.toContain('close this tab');
    expect((await fetch(loop.redirectUri.replace('/callback', '/other'))).status).toBe(404);
    const ok = await fetch(`${loop.redirectUri}?code=abc&state=s1`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('You can close this tab');
    const url = await arrived;
    expect(url.searchParams.get('code')).toBe('abc');
    await loop.close();
    await expect(fetch(`${loop.redirectUri}?code=again&state=s1`)).rejects.toThrow();
  });

  it('closes on abort and the wait rejects', async () => {
    const abort = new AbortController();
    const loop = await openLoopbackRedirect(abort.signal);
    const waiting = loop.wait('s');
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await loop.close();
    await expect(fetch(`${loop.redirectUri}?state=s`)).rejects.toThrow();
  });
});
