import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { client } from '@agentclientprotocol/sdk';
import { main } from '../../src/cli/main';
import { memoryIo } from '../support/cli-io';
import { startDemoAgent } from '../../src/demo-agent/server';
import { parseJsonl } from '../../src/shared/traffic/jsonl';
import { buildReplayScript } from '../../src/core/replay/script';
import { NOT_RECORDED, createReplayAgent } from '../../src/core/replay/server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempFile(name: string): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'acp-replay-')), name);
}

/** Records a chat with the embedded demo agent through the CLI; returns its stdout. */
async function record(file: string, args: readonly string[], exitCode = 0): Promise<string> {
  const demo = await startDemoAgent({ streamDelayMs: 0 });
  cleanups.push(() => demo.close());
  const io = memoryIo();
  const code = await main(['chat', demo.url, ...args, '--traffic', file], io);
  expect(code, io.err()).toBe(exitCode);
  return io.out();
}

function messages(file: string): Array<{ seq: number; direction: 'in' | 'out'; message: Record<string, unknown> }> {
  return parseJsonl(readFileSync(file, 'utf8')).records.flatMap((r) =>
    r.kind === 'message' ? [{ seq: r.seq, direction: r.direction, message: r.message as Record<string, unknown> }] : [],
  );
}

/** Runs `acp-desk replay` through the CLI until the test ends; resolves with its URL. */
async function replay(file: string, extra: readonly string[] = []): Promise<string> {
  const io = memoryIo();
  const announced = new Promise<string>((resolve) => {
    let text = '';
    io.stdout.on('data', (d: Buffer | string) => {
      text += String(d);
      const m = /^ACP Desk replay is at (http:\/\/127\.0\.0\.1:\d+\/acp)\n$/.exec(text);
      if (m) resolve(m[1]!);
    });
  });
  const exit = main(['replay', file, ...extra], io);
  cleanups.push(async () => {
    io.interrupt();
    expect(await exit).toBe(0);
  });
  return Promise.race([
    announced,
    exit.then((code) => Promise.reject(new Error(`replay exited ${code}: ${io.err()}`))),
  ]);
}

describe('acp-desk replay', () => {
  it.each(['auto', 'ws'])(
    'answers the chat the way the recorded agent did (same transcript, exit 0; --transport %s)',
    async (transport) => {
      const file = tempFile('traffic.jsonl');
      const prompts = ['--prompt', '/echo hi', '--prompt', '/stream 5'];
      const recorded = await record(file, prompts);
      expect(recorded).toContain('1 2 3 4 5');
      const url = await replay(file, ['--speed', '0']);
      const io = memoryIo();
      const code = await main(['chat', url, ...prompts, '--transport', transport], io);
      expect(code, io.err()).toBe(0);
      expect(io.out()).toBe(recorded);
    },
  );

  it('replays errors and permission requests, waiting for the client to answer', async () => {
    const file = tempFile('traffic.jsonl');
    const prompts = ['--prompt', 'please edit the readme', '--prompt', '/fail', '--permission', 'allow', '--json'];
    const recorded = await record(file, prompts, 1);
    const normalize = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string })
        .filter((l) => l.type !== 'transport');
    const recordedLines = normalize(recorded);
    expect(recordedLines.map((l) => l.type)).toContain('permission');
    const url = await replay(file, ['--speed', '0']);
    const io = memoryIo();
    const replayFile = tempFile('replayed.jsonl');
    const code = await main(['chat', url, ...prompts, '--traffic', replayFile], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('failed on purpose (/fail)');
    expect(normalize(io.out())).toEqual(recordedLines);
    // The client answered the replayed permission request before the prompt's answer came.
    const wire = messages(replayFile);
    const ask = wire.find((m) => m.direction === 'in' && m.message.method === 'session/request_permission')!;
    const reply = wire.find((m) => m.direction === 'out' && m.message.id === ask.message.id && !m.message.method)!;
    const promptReq = wire.find((m) => m.direction === 'out' && m.message.method === 'session/prompt')!;
    const promptAnswer = wire.find(
      (m) => m.direction === 'in' && m.message.id === promptReq.message.id && !m.message.method,
    )!;
    expect(reply.seq).toBeGreaterThan(ask.seq);
    expect(promptAnswer.seq).toBeGreaterThan(reply.seq);
  });

  it('a request the recording has no counterpart for gets an error naming the method and its number', async () => {
    const file = tempFile('traffic.jsonl');
    await record(file, ['--prompt', '/echo hi']);
    const url = await replay(file, ['--speed', '0']);
    const io = memoryIo();
    const code = await main(['chat', url, '--prompt', '/echo hi', '--prompt', 'again'], io);
    expect(code).not.toBe(0);
    expect(io.out() + io.err()).toContain('the recording has no session/prompt request #2');

    // A method that was never recorded, straight to the replayed agent.
    const script = buildReplayScript(parseJsonl(readFileSync(file, 'utf8')).records);
    const app = createReplayAgent(script, () => 0);
    const error = await client({ name: 'test' })
      .connectWith(app, (ctx) => ctx.request('session/set_mode', { sessionId: 'x', modeId: 'auto' }))
      .then(
        () => undefined,
        (e: unknown) => e as { code: number; message: string },
      );
    expect(error).toMatchObject({ code: NOT_RECORDED });
    expect(error?.message).toContain('no session/set_mode request #1');
  });

  it.each([
    ['a missing file', (dir: string) => path.join(dir, 'missing.jsonl')],
    [
      'a file that is not a recording',
      (dir: string) => {
        const f = path.join(dir, 'bad.jsonl');
        writeFileSync(f, 'hello\n{"nope":1}\n');
        return f;
      },
    ],
    [
      'a recording without client requests',
      (dir: string) => {
        const f = path.join(dir, 'empty.jsonl');
        writeFileSync(
          f,
          `${JSON.stringify({ kind: 'stream', lane: 'connection', phase: 'open', seq: 1, at: 1, generation: 1 })}\n`,
        );
        return f;
      },
    ],
  ])('%s exits 2 with a one-line reason', async (_what, pick) => {
    const file = pick(mkdtempSync(path.join(os.tmpdir(), 'acp-replay-')));
    const io = memoryIo();
    const code = await main(['replay', file], io);
    expect(code).toBe(2);
    expect(io.err().trim().split('\n')).toEqual([expect.stringContaining(`acp-desk replay: ${file}:`)]);
    expect(io.out()).toBe('');
  });

  it('a bad --speed is a usage error (exit 2, one line)', async () => {
    const io = memoryIo();
    const code = await main(['replay', 'whatever.jsonl', '--speed', 'fast'], io);
    expect(code).toBe(2);
    expect(io.err()).toBe('acp-desk replay: --speed: expected a number >= 0 (0: as fast as possible)\n');
  });

  it('listens on 127.0.0.1 only and refuses a foreign Host header (DNS rebinding)', async () => {
    const file = tempFile('traffic.jsonl');
    await record(file, ['--prompt', '/echo hi']);
    const url = new URL(await replay(file));
    expect(url.hostname).toBe('127.0.0.1');
    const status = await new Promise<number>((resolve, reject) => {
      const r = http.request(
        { host: url.hostname, port: url.port, path: '/acp', method: 'POST', headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      r.on('error', reject);
      r.end('{}');
    });
    expect(status).toBe(403);
  });
});
