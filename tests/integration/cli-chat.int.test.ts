import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { InterruptSignal } from '../../src/cli/args';
import { memoryIo } from '../support/cli-io';
import { startTestAgent } from '../support/test-agent';
import { startDemoAgent } from '../../src/demo-agent/server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function agent() {
  const a = await startTestAgent();
  cleanups.push(() => a.close());
  return a;
}

/** A memory io whose stdin stays open until the test ends it, with a Ctrl-C button. */
function interactiveIo() {
  const stdin = new PassThrough();
  const base = memoryIo();
  const listeners = new Set<(signal: InterruptSignal) => void>();
  const io = {
    ...base,
    stdin,
    onInterrupt: (listener: (signal: InterruptSignal) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const press = (signal: InterruptSignal = 'SIGINT') => {
    for (const l of [...listeners]) l(signal);
  };
  return { io, stdin, press };
}

/** Resolves once the text `stream` emits from now on matches `pattern` (a memory io stream is a PassThrough). */
function seen(stream: NodeJS.EventEmitter, pattern: RegExp): Promise<void> {
  let text = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer | string) => {
      text += String(d);
      if (!pattern.test(text)) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

async function plainServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/acp`;
}

describe('acp-desk chat', () => {
  it('streams a turn in plain text and exits 0', async () => {
    const a = await agent();
    const io = memoryIo();
    const code = await main(['chat', a.url, '--prompt', 'hello there', '--transport', 'http'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('echo: hello there');
    expect(io.out()).toContain('[end_turn]');
  });

  it('reads prompts from stdin, one per line, and answers permissions by policy (--json)', async () => {
    const a = await agent();
    const io = memoryIo('first\npermission\n');
    const code = await main(['chat', a.url, '--json', '--permission', 'allow'], io);
    expect(code).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(lines.find((l) => l.type !== 'transport')).toMatchObject({ type: 'session' });
    expect(lines.filter((l) => l.type === 'turn_end')).toEqual([
      { type: 'turn_end', stopReason: 'end_turn' },
      { type: 'turn_end', stopReason: 'end_turn' },
    ]);
    expect(lines.find((l) => l.type === 'permission')).toMatchObject({
      choice: 'allow',
      toolCall: { toolCallId: 'call_1' },
    });
    expect(lines.find((l) => l.type === 'update')).toMatchObject({ update: { sessionUpdate: 'user_message_chunk' } });
  });

  it('loads an existing session with --load', async () => {
    const a = await agent();
    const first = memoryIo();
    await main(['chat', a.url, '--prompt', 'remember me', '--json'], first);
    const sessionLine = first
      .out()
      .split('\n')
      .find((l) => l.includes('"type":"session"'))!;
    const sessionId = (JSON.parse(sessionLine) as { sessionId: string }).sessionId;
    const io = memoryIo();
    const code = await main(['chat', a.url, '--load', sessionId, '--prompt', 'again', '--json'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('remember me');
    expect(io.out()).toContain('echo: again');
  });

  it('writes redacted traffic with --traffic', async () => {
    const a = await agent();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-chat-'));
    const file = path.join(dir, 'traffic.jsonl');
    const io = memoryIo();
    const code = await main(
      ['chat', a.url, '--prompt', 'x', '--header', 'Authorization: Bearer sekrit-token', '--traffic', file],
      io,
    );
    expect(code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const records = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; seq: number });
    expect(records.some((r) => r.kind === 'http')).toBe(true);
    expect(records.some((r) => r.kind === 'message')).toBe(true);
    expect(records.map((r) => r.seq)).toEqual([...records.map((r) => r.seq)].sort((x, y) => x - y));
    expect(text).not.toContain('sekrit-token');
  });

  it('prints agent text without terminal escape sequences or carriage-return overwrites (plain)', async () => {
    const a = await agent();
    const io = memoryIo();
    const hostile = 'hi\x1b]52;c;ZXZpbA==\x07 \x1b[2J\x1b[H\x9b1Aok\r[permission] Edit file: Allow (allow_once)';
    const code = await main(['chat', a.url, '--prompt', hostile, '--transport', 'http'], io);
    expect(code).toBe(0);
    expect(io.out()).not.toContain('\x1b');
    expect(io.out()).not.toContain('\x9b');
    expect(io.out()).not.toContain('\r');
    expect(io.out()).toContain('echo: hi ok␍[permission] Edit file: Allow (allow_once)\n[end_turn]\n');
  });

  it('with --json, a failed turn writes the JSON error line and one reason line on stderr, exit 1', async () => {
    const demo = await startDemoAgent({ streamDelayMs: 0 });
    cleanups.push(() => demo.close());
    const io = memoryIo();
    const code = await main(['chat', demo.url, '--prompt', '/fail', '--json', '--transport', 'http'], io);
    expect(code).toBe(1);
    const errors = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; message?: string })
      .filter((l) => l.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/failed on purpose/);
    expect(io.err().trim().split('\n')).toEqual([`error: ${errors[0]?.message}`]);
  });

  it('Ctrl-C during a turn cancels that turn (session/cancel) and the chat goes on', async () => {
    const a = await agent();
    const { io, stdin, press } = interactiveIo();
    const done = main(['chat', a.url, '--transport', 'http'], io);
    const firstChunk = seen(io.stdout, /c0 /);
    stdin.write('slow 500\n');
    await firstChunk;
    const cancelled = seen(io.stdout, /\[cancelled\]/);
    press();
    await cancelled;
    expect(io.err()).toContain('cancelling the turn');
    const echoed = seen(io.stdout, /echo: after/);
    stdin.write('after\n');
    await echoed;
    stdin.end();
    expect(await done).toBe(0);
    expect(io.out()).not.toContain('c499');
  });

  it('Ctrl-C while waiting for a stdin line closes the connection and exits 130', async () => {
    const a = await agent();
    const { io, press } = interactiveIo();
    const done = main(['chat', a.url, '--transport', 'http'], io);
    await seen(io.stderr, /session sess_/);
    press();
    expect(await done).toBe(130);
  });

  it('a second Ctrl-C during the same turn quits without waiting for the turn to end', async () => {
    const a = await agent();
    const { io, stdin, press } = interactiveIo();
    const done = main(['chat', a.url, '--transport', 'http', '--json'], io);
    const firstChunk = seen(io.stdout, /c0 /);
    stdin.write('slow 500\n');
    await firstChunk;
    press();
    press();
    expect(await done).toBe(130);
    expect(io.out()).not.toContain('turn_end');
  });

  it('SIGTERM quits with 143 even during a turn', async () => {
    const a = await agent();
    const { io, press } = interactiveIo();
    const done = main(['chat', a.url, '--transport', 'http', '--prompt', 'slow 500'], io);
    await seen(io.stdout, /c0 /);
    press('SIGTERM');
    expect(await done).toBe(143);
  });

  it('a real Ctrl-C (SIGINT) to the acp-desk process waiting on stdin ends it with 130', async () => {
    const a = await agent();
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const child = spawn(process.execPath, ['bin/acp-desk.mjs', 'chat', a.url, '--transport', 'http'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    const answered = seen(child.stdout, /echo: hi/);
    await seen(child.stderr, /session sess_/);
    child.stdin.write('hi\n');
    await answered;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  }, 30_000);

  it.each([
    ['a directory', (dir: string) => dir],
    ['a path in a missing directory', (dir: string) => path.join(dir, 'missing', 'traffic.jsonl')],
  ])('--traffic naming %s is a usage error before connecting (exit 2, one line)', async (_what, pick) => {
    const a = await agent();
    const file = pick(mkdtempSync(path.join(os.tmpdir(), 'acp-chat-')));
    const io = memoryIo();
    const code = await main(['chat', a.url, '--prompt', 'x', '--traffic', file], io);
    expect(code).toBe(2);
    expect(io.err().trim().split('\n')).toEqual([expect.stringContaining(`--traffic ${file}:`)]);
    expect(a.initializeCount()).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('a --traffic write error is reported once and the chat goes on', async () => {
    const a = await agent();
    const io = memoryIo();
    const code = await main(['chat', a.url, '--prompt', 'chunks 5', '--traffic', '/dev/full'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('[end_turn]');
    const reports = io
      .err()
      .split('\n')
      .filter((l) => l.includes('--traffic'));
    expect(reports).toEqual([expect.stringMatching(/--traffic \/dev\/full: write failed \(ENOSPC\)/)]);
  });

  it('exits 1 with one line when the agent is unreachable', async () => {
    const io = memoryIo();
    const code = await main(['chat', 'http://127.0.0.1:1/acp', '--prompt', 'x'], io);
    expect(code).toBe(1);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toMatch(/reach|refused|ECONNREFUSED/i);
  });

  it('exits 1 and says so when the URL is not an ACP endpoint', async () => {
    const url = await plainServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'),
    );
    const io = memoryIo();
    const code = await main(['chat', url, '--prompt', 'x', '--transport', 'http'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/not a JSON-RPC response|ACP/);
  });

  it('exits 1 when credentials are refused, without retrying', async () => {
    let requests = 0;
    const url = await plainServer((_req, res) => {
      requests++;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('no');
    });
    const io = memoryIo();
    const code = await main(['chat', url, '--prompt', 'x'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/credentials/);
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('exits 2 on usage errors', async () => {
    const io = memoryIo();
    expect(await main(['chat'], io)).toBe(2);
    expect(await main(['chat', 'http://x/acp', '--bogus'], io)).toBe(2);
    expect(await main(['nope'], io)).toBe(2);
  });
});
