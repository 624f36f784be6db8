/**
 * `acp-desk chat --oauth` against the bearer-gated test agent and a real oidc-provider: the
 * first run signs in with the device grant (the test approves the printed code on the
 * provider's pages) and completes a turn; the next run reuses the sealed cached grant; the
 * cache file holds no plaintext token.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { OAUTH_VAULT_FILE } from '../../src/cli/commands/chat-oauth';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { createFileVault } from '../../src/core/oauth/file-vault';
import { memoryIo } from '../support/cli-io';
import { TestBrowser } from '../support/oidc-browser';
import { startGatedAgent, startOidcServer } from '../support/oidc-server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Parameters<typeof startOidcServer>[0] = {}) {
  const oidc = await startOidcServer(options);
  cleanups.push(() => oidc.close());
  const gate = await startGatedAgent(oidc);
  cleanups.push(() => gate.close());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'acp-oauth-cli-'));
  return { oidc, gate, dataDir };
}

/** Resolves with the first match of `pattern` in what `stream` emits from now on. */
function match(stream: NodeJS.EventEmitter, pattern: RegExp): Promise<RegExpExecArray> {
  let text = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer | string) => {
      text += String(d);
      const m = pattern.exec(text);
      if (!m) return;
      stream.off('data', onData);
      resolve(m);
    };
    stream.on('data', onData);
  });
}

describe('acp-desk chat --oauth', () => {
  it('signs in with the device grant on a 401, completes a turn, and reuses the sealed grant next time', async () => {
    const { oidc, gate, dataDir } = await setup();
    const args = ['chat', gate.url, '--oauth', '--data-dir', dataDir, '--transport', 'http'];
    const io = memoryIo();
    const prompt = match(io.stderr, /open (\S+)\n\s+and enter the code (\S+) /);
    const run = main([...args, '--prompt', 'hello there'], io);
    const [, where, userCode] = await prompt;
    const done = await new TestBrowser().approve(where!, { userCode: userCode! });
    expect(done.html).toContain('Sign-in Success');
    expect(await run).toBe(0);
    expect(io.out()).toContain('echo: hello there');
    expect(io.out()).toContain('[end_turn]');
    expect(io.err()).toContain('signed in as alice@example.test');
    expect(oidc.registrations()).toBe(1);
    expect(gate.accepted.length).toBeGreaterThanOrEqual(1);

    const again = memoryIo();
    expect(await main([...args, '--prompt', 'second'], again)).toBe(0);
    expect(again.out()).toContain('echo: second');
    expect(again.err()).not.toContain('to sign in');
    expect(oidc.registrations()).toBe(1);

    // The cache is sealed: no token in any file of the data folder, and the file is 0600.
    const file = path.join(dataDir, OAUTH_VAULT_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const vault = createFileVault(file, await createFileKeyCipher(dataDir));
    const { grant } = JSON.parse((await vault.load(gate.url))!) as {
      grant: { accessToken: string; refreshToken: string };
    };
    expect(gate.accepted).toContain(grant.accessToken);
    const onDisk = readdirSync(dataDir).map((f) => readFileSync(path.join(dataDir, f), 'utf8'));
    for (const secret of [grant.accessToken, grant.refreshToken, ...gate.accepted])
      expect(onDisk.some((text) => text.includes(secret))).toBe(false);
  });

  it('without the device grant, prints the authorization URL and takes the loopback redirect', async () => {
    const { gate, dataDir } = await setup({ deviceFlow: false });
    const traffic = path.join(dataDir, 'traffic.jsonl');
    const io = memoryIo();
    const printed = match(io.stderr, /open this URL in a browser:\n\s+(\S+)\n/);
    const run = main(
      ['chat', gate.url, '--oauth', '--data-dir', dataDir, '--transport', 'http', '--traffic', traffic, '--json'],
      { ...io, stdin: Readable.from(['hello\n']) },
    );
    const [, url] = await printed;
    expect(new URL(url!).searchParams.get('code_challenge_method')).toBe('S256');
    const done = await new TestBrowser().approve(url!);
    expect(done.html).toContain('You can close this tab');
    expect(await run).toBe(0);
    expect(io.out()).toContain('"type":"turn_end"');
    // the traffic record shows the Authorization header redacted, never the token
    const recorded = readFileSync(traffic, 'utf8');
    expect(recorded.length).toBeGreaterThan(0);
    for (const token of gate.accepted) expect(recorded).not.toContain(token);
  });

  it('a cached grant revoked at the server: the 401 during connect signs in again', async () => {
    const { oidc, gate, dataDir } = await setup();
    const args = ['chat', gate.url, '--oauth', '--data-dir', dataDir, '--transport', 'http'];
    const approveNext = (io: ReturnType<typeof memoryIo>) =>
      match(io.stderr, /open (\S+)\n\s+and enter the code (\S+) /).then(([, where, code]) =>
        new TestBrowser().approve(where!, { userCode: code! }),
      );
    const first = memoryIo();
    const approvedFirst = approveNext(first);
    expect(await main([...args, '--prompt', 'one'], first)).toBe(0);
    await approvedFirst;
    await oidc.revoke(gate.accepted[0]!); // revokes the whole grant, refresh token included
    const second = memoryIo();
    const approvedSecond = approveNext(second);
    expect(await main([...args, '--prompt', 'two'], second)).toBe(0);
    await approvedSecond;
    expect(second.out()).toContain('echo: two');
    expect(second.err()).toContain('signed in as alice@example.test');
    expect(gate.refused()).toBeGreaterThanOrEqual(2); // the first run's probe, the second run's initialize
  });

  it('Ctrl-C while waiting for the device approval stops the sign-in, exit 130, nothing cached', async () => {
    const { gate, dataDir } = await setup();
    const io = memoryIo();
    const prompt = match(io.stderr, /and enter the code/);
    const run = main(['chat', gate.url, '--oauth', '--data-dir', dataDir, '--transport', 'http', '--prompt', 'x'], io);
    await prompt;
    io.interrupt();
    expect(await run).toBe(130);
    const vault = createFileVault(path.join(dataDir, OAUTH_VAULT_FILE), await createFileKeyCipher(dataDir));
    const stored = await vault.load(gate.url);
    expect(stored === undefined || !('grant' in (JSON.parse(stored) as object))).toBe(true);
  });

  it('without --oauth a gated agent is refused with one line, exit 1', async () => {
    const { gate, dataDir } = await setup();
    const io = memoryIo();
    const code = await main(['chat', gate.url, '--data-dir', dataDir, '--transport', 'http', '--prompt', 'x'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/refused the credentials/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
