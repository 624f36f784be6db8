/**
 * The embedded demo agent against the official SDK client's own transports, on loopback:
 * full prompt turns with a permission round trip over Streamable HTTP and WebSocket, the
 * slash commands, cancellation, session load/list/resume/close, auth, and the local
 * server's admission checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, type ClientContext } from '@agentclientprotocol/sdk';
import { demoAgentCommand } from '../../src/cli/commands/demo-agent';
import { UsageError, type CliIo } from '../../src/cli/args';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { checkRequest } from '../../src/demo-agent/http-guard';
import { chunkText } from '../../src/demo-agent/text';
import { longText } from '../../src/demo-agent/fixtures';
import {
  choose,
  holdUntilWithdrawn,
  initialize,
  openStream,
  prompt,
  rawRequest,
  recordingClient,
  startSession,
  upgradeStatus,
  type TransportKind,
} from './demo-agent/harness';

let server: DemoAgentServer;

beforeAll(async () => {
  server = await startDemoAgent({ streamDelayMs: 0 });
});

afterAll(async () => {
  await server.close();
});

describe.each<TransportKind>(['http', 'ws'])('a full demo turn over %s', (kind) => {
  it('streams every kind of update, asks permission with four options and ends the turn', async () => {
    const { app, rec } = recordingClient(choose('allow-once'));
    const { sessionId, result } = await app.connectWith(openStream(server, kind), async (ctx) => {
      const session = await startSession(ctx);
      expect(session.sessionId).toMatch(/^demo_\d+_[0-9a-f]+$/);
      expect(session.modes?.availableModes.map((m) => m.id)).toEqual(['ask', 'auto']);
      expect(session.configOptions?.[0]).toMatchObject({ id: 'model', category: 'model', currentValue: 'demo-fast' });
      const result = await prompt(ctx, session.sessionId, 'Make greet() friendlier');
      return { sessionId: session.sessionId, result };
    });
    expect(result.stopReason).toBe('end_turn');

    const [permission] = rec.permissions.items;
    expect(permission?.options.map((o) => o.kind)).toEqual([
      'allow_once',
      'allow_always',
      'reject_once',
      'reject_always',
    ]);
    expect(permission?.toolCall.kind).toBe('edit');

    expect(rec.updates(sessionId, 'available_commands_update')[0]?.availableCommands.map((c) => c.name)).toContain(
      'stream',
    );
    expect(rec.updates(sessionId, 'agent_thought_chunk').length).toBeGreaterThanOrEqual(2);
    const plans = rec.updates(sessionId, 'plan');
    expect(plans[0]?.entries.map((e) => e.priority)).toEqual(['high', 'medium', 'low']);
    expect(plans.at(-1)?.entries.every((e) => e.status === 'completed')).toBe(true);

    const calls = rec.updates(sessionId, 'tool_call');
    expect(calls.map((c) => c.kind)).toEqual(['read', 'edit', 'execute']);
    const finalOf = (id: string) =>
      rec
        .updates(sessionId, 'tool_call_update')
        .filter((u) => u.toolCallId === id)
        .at(-1);
    const [read, edit, exec] = calls;
    expect(finalOf(read!.toolCallId)).toMatchObject({ status: 'completed' });
    expect(read!.locations?.[0]?.path).toBe('/tmp/demo/src/greeting.ts');
    const editFinal = finalOf(edit!.toolCallId);
    expect(editFinal?.status).toBe('completed');
    expect(editFinal?.content?.[0]).toMatchObject({ type: 'diff', path: '/tmp/demo/src/greeting.ts' });
    const execFinal = finalOf(exec!.toolCallId);
    expect(execFinal?.status).toBe('completed');
    expect(JSON.stringify(execFinal?.content)).toContain('\\u001b[32m');

    const chunks = rec.updates(sessionId, 'agent_message_chunk');
    expect(chunks.length).toBeGreaterThan(5);
    expect(new Set(chunks.map((c) => c.messageId)).size).toBe(1);
    const answer = rec.messageText(sessionId);
    expect(answer).toContain('## Done');
    expect(answer).toContain('> Make greet() friendlier');
    expect(answer).toContain('```ts');
    expect(answer).toContain('| Step | Tool | Result |');

    expect(rec.updates(sessionId, 'usage_update')[0]?.size).toBeGreaterThan(0);
    expect(rec.updates(sessionId, 'session_info_update')[0]?.title).toBe('Make greet() friendlier');
  });

  it('cancels a turn that waits on permission promptly', async () => {
    const { app, rec } = recordingClient(holdUntilWithdrawn);
    const { result, elapsed, sessionId } = await app.connectWith(openStream(server, kind), async (ctx) => {
      const { sessionId } = await startSession(ctx);
      const pending = prompt(ctx, sessionId, 'please edit');
      await rec.permissions.waitFor();
      const t0 = performance.now();
      await ctx.notify(methods.agent.session.cancel, { sessionId });
      const result = await pending;
      return { result, elapsed: performance.now() - t0, sessionId };
    });
    expect(result.stopReason).toBe('cancelled');
    expect(elapsed).toBeLessThan(500);
    const edit = rec.updates(sessionId, 'tool_call').find((c) => c.kind === 'edit');
    const last = rec
      .updates(sessionId, 'tool_call_update')
      .filter((u) => u.toolCallId === edit?.toolCallId)
      .at(-1);
    expect(last?.status).toBe('failed');
  });
});

/** Runs `op` on a fresh HTTP connection with a recording client. */
function withClient<T>(
  op: (ctx: ClientContext, rec: ReturnType<typeof recordingClient>['rec']) => Promise<T>,
  answer = choose('allow-once'),
) {
  const { app, rec } = recordingClient(answer);
  return app.connectWith(openStream(server, 'http'), (ctx) => op(ctx, rec));
}

describe('demo agent scenarios', () => {
  it('marks the edit failed when the user rejects it, and still ends the turn', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      expect((await prompt(ctx, sessionId, 'edit it')).stopReason).toBe('end_turn');
      const edit = rec.updates(sessionId, 'tool_call').find((c) => c.kind === 'edit');
      const last = rec
        .updates(sessionId, 'tool_call_update')
        .filter((u) => u.toolCallId === edit?.toolCallId)
        .at(-1);
      expect(last?.status).toBe('failed');
      expect(JSON.stringify(last?.content)).toContain('rejected');
      expect(rec.messageText(sessionId)).toContain('| 2 | edit | rejected |');
    }, choose('reject-once'));
  });

  it('remembers "always allow" and skips permission in auto mode', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      await prompt(ctx, sessionId, 'first');
      await prompt(ctx, sessionId, 'second');
      expect(rec.permissions.items).toHaveLength(1);
      const other = await ctx.request(methods.agent.session.new, { cwd: '/tmp/demo', mcpServers: [] });
      await ctx.request(methods.agent.session.setMode, { sessionId: other.sessionId, modeId: 'auto' });
      expect(rec.updates(other.sessionId, 'current_mode_update')[0]?.currentModeId).toBe('auto');
      await prompt(ctx, other.sessionId, 'auto please');
      expect(rec.permissions.items).toHaveLength(1);
    }, choose('allow-always'));
  });

  it('switches the model via session/set_config_option', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      const res = await ctx.request(methods.agent.session.setConfigOption, {
        sessionId,
        configId: 'model',
        value: 'demo-smart',
      });
      expect(res.configOptions[0]?.currentValue).toBe('demo-smart');
      expect(rec.updates(sessionId, 'config_option_update')[0]?.configOptions[0]?.currentValue).toBe('demo-smart');
      const bad = ctx.request(methods.agent.session.setConfigOption, { sessionId, configId: 'model', value: 'nope' });
      await expect(bad).rejects.toMatchObject({ code: -32602 });
    });
  });

  it('refuses a second prompt while a turn is running', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      const first = prompt(ctx, sessionId, 'slow one');
      await rec.permissions.waitFor();
      await expect(prompt(ctx, sessionId, 'again')).rejects.toMatchObject({ code: -32600 });
      await ctx.notify(methods.agent.session.cancel, { sessionId });
      expect((await first).stopReason).toBe('cancelled');
    }, holdUntilWithdrawn);
  });

  it('treats $/cancel_request for the prompt like session/cancel', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      const abort = new AbortController();
      const pending = ctx.request(
        methods.agent.session.prompt,
        { sessionId, prompt: [{ type: 'text', text: 'edit please' }] },
        { cancellationSignal: abort.signal },
      );
      await rec.permissions.waitFor();
      abort.abort();
      expect((await pending).stopReason).toBe('cancelled');
    }, holdUntilWithdrawn);
  });

  it('cancels mid-stream: the turn ends cancelled and the agent stops streaming at once', async () => {
    const paced = await startDemoAgent({ streamDelayMs: 20 });
    try {
      const { app, rec } = recordingClient();
      const { streamed, later } = await app.connectWith(openStream(paced, 'ws'), async (ctx) => {
        const { sessionId } = await startSession(ctx);
        const pending = prompt(ctx, sessionId, '/long');
        await rec.waitForUpdate(sessionId, 'agent_message_chunk');
        await ctx.notify(methods.agent.session.cancel, { sessionId });
        expect((await pending).stopReason).toBe('cancelled');
        const text = () =>
          rec
            .updates(sessionId, 'agent_message_chunk')
            .map((u) => (u.content.type === 'text' ? u.content.text : ''))
            .join('');
        const atCancel = text();
        // A later turn on the same session: any chunk the cancelled turn still sent would
        // arrive before this turn's answer (one ordered stream), so none may appear.
        expect((await prompt(ctx, sessionId, '/echo after')).stopReason).toBe('end_turn');
        return { streamed: atCancel, later: text().slice(atCancel.length) };
      });
      // Behaviour, not a stopwatch: most of the long answer was never sent.
      expect(streamed.length).toBeLessThan(longText().length / 2);
      expect(later).not.toContain(longText().slice(streamed.length, streamed.length + 16));
      expect(later).toContain('after');
    } finally {
      await paced.close();
    }
  });
});

describe('slash commands', () => {
  it('/fail answers the prompt with a JSON-RPC error', async () => {
    await withClient(async (ctx) => {
      const { sessionId } = await startSession(ctx);
      await expect(prompt(ctx, sessionId, '/fail')).rejects.toMatchObject({
        code: -32603,
        message: expect.stringContaining('/fail'),
      });
      expect((await prompt(ctx, sessionId, '/echo still alive')).stopReason).toBe('end_turn');
    });
  });

  it('/stream 500 delivers 500 chunks of one message', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      expect((await prompt(ctx, sessionId, '/stream 500')).stopReason).toBe('end_turn');
      const chunks = rec.updates(sessionId, 'agent_message_chunk');
      expect(chunks).toHaveLength(500);
      expect(new Set(chunks.map((c) => c.messageId)).size).toBe(1);
      expect(rec.messageText(sessionId).trim().split(' ').at(-1)).toBe('500');
    });
  });

  it('/echo replies with the text only, /help lists the commands', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      await prompt(ctx, sessionId, '/echo hello there');
      expect(rec.messageText(sessionId)).toBe('hello there');
      await prompt(ctx, sessionId, '/help');
      expect(rec.messageText(sessionId)).toContain('`/stream N [R]`');
    });
  });
});

describe('sessions across connections', () => {
  it('replays the history on session/load from a new connection and lists the session', async () => {
    const cwd = `/tmp/demo-load-${Date.now()}`;
    const sessionId = await withClient(async (ctx) => {
      const { sessionId } = await startSession(ctx, cwd);
      await prompt(ctx, sessionId, 'Load me later');
      await prompt(ctx, sessionId, '/echo second turn');
      return sessionId;
    });
    await withClient(async (ctx, rec) => {
      await initialize(ctx);
      const loaded = await ctx.request(methods.agent.session.load, { sessionId, cwd, mcpServers: [] });
      expect(loaded?.modes?.currentModeId).toBe('ask');
      // Over HTTP the replay (session stream) and the load response (connection stream) race.
      await rec.until(() => rec.updates(sessionId, 'usage_update').length === 2);
      const users = rec
        .updates(sessionId, 'user_message_chunk')
        .map((u) => (u.content.type === 'text' ? u.content.text : ''));
      expect(users).toEqual(['Load me later', '/echo second turn']);
      expect(rec.updates(sessionId, 'tool_call').map((c) => c.kind)).toEqual(['read', 'edit', 'execute']);
      expect(rec.messageText(sessionId)).toContain('second turn');
      const listed = await ctx.request(methods.agent.session.list, { cwd });
      expect(listed.sessions).toEqual([expect.objectContaining({ sessionId, cwd, title: 'Load me later' })]);
      expect(listed.nextCursor).toBeUndefined();
    });
  });

  it('resumes without replay, closes, and reports unknown sessions as -32002', async () => {
    await withClient(async (ctx, rec) => {
      const { sessionId } = await startSession(ctx);
      await prompt(ctx, sessionId, '/echo x');
      const before = rec.updates(sessionId).length;
      const resumed = await ctx.request(methods.agent.session.resume, { sessionId, cwd: '/tmp/demo' });
      expect(resumed.configOptions?.[0]?.id).toBe('model');
      expect(rec.updates(sessionId, 'user_message_chunk')).toHaveLength(0);
      expect(rec.updates(sessionId).length).toBeGreaterThanOrEqual(before);
      await ctx.request(methods.agent.session.close, { sessionId });
      const load = ctx.request(methods.agent.session.load, { sessionId, cwd: '/tmp/demo', mcpServers: [] });
      await expect(load).rejects.toMatchObject({ code: -32002 });
    });
  });
});

describe('auth', () => {
  it('requires authenticate before session methods when requireAuth is set', async () => {
    const guarded = await startDemoAgent({ streamDelayMs: 0, requireAuth: true });
    try {
      const { app } = recordingClient();
      await app.connectWith(openStream(guarded, 'http'), async (ctx) => {
        const init = await ctx.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
        expect(init.authMethods).toEqual([expect.objectContaining({ id: 'demo-login', name: 'Demo login' })]);
        const denied = ctx.request(methods.agent.session.new, { cwd: '/tmp/demo', mcpServers: [] });
        await expect(denied).rejects.toMatchObject({ code: -32000 });
        await ctx.request(methods.agent.authenticate, { methodId: 'demo-login' });
        expect(
          (await ctx.request(methods.agent.session.new, { cwd: '/tmp/demo', mcpServers: [] })).sessionId,
        ).toBeTruthy();
      });
    } finally {
      await guarded.close();
    }
  });

  it('requires the bearer token on HTTP requests and WebSocket upgrades', async () => {
    const locked = await startDemoAgent({ streamDelayMs: 0, token: 's3cret' });
    try {
      expect((await rawRequest(locked.port, '/acp', {}, 'POST')).status).toBe(401);
      expect((await rawRequest(locked.port, '/', { Authorization: 'Bearer wrong' })).status).toBe(401);
      expect(await upgradeStatus(locked.wsUrl)).toBe(401);
      expect(await upgradeStatus(locked.wsUrl, { Authorization: 'Bearer s3cret' })).toBe(101);
      const { app } = recordingClient();
      for (const kind of ['http', 'ws'] as const) {
        const id = await app.connectWith(
          openStream(locked, kind, { Authorization: 'Bearer s3cret' }),
          async (ctx) => (await startSession(ctx)).sessionId,
        );
        expect(id).toMatch(/^demo_/);
      }
    } finally {
      await locked.close();
    }
  });
});

describe('local server admission', () => {
  it('rejects foreign Host and Origin headers with 403, unknown paths with 404', async () => {
    const { port } = server;
    expect((await rawRequest(port, '/acp', { Host: 'evil.example' }, 'POST')).status).toBe(403);
    expect((await rawRequest(port, '/', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawRequest(port, '/', { Host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await rawRequest(port, '/', { Origin: 'https://evil.example' })).status).toBe(403);
    expect(await upgradeStatus(server.wsUrl, { Origin: 'https://evil.example' })).toBe(403);
    expect((await rawRequest(port, '/nope')).status).toBe(404);
    const home = await rawRequest(port, '/', { Host: `localhost:${port}`, Origin: `http://localhost:${port}` });
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('accepts every loopback spelling of the Host header, only with the right port', () => {
    const guard = { loopbackOnly: true, port: () => 4000 };
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000', '127.1.2.3:4000']) {
      expect(checkRequest({ host }, guard)).toBeNull();
    }
    for (const host of [
      undefined,
      '127.0.0.1',
      'localhost:4001',
      'localhost.evil.example:4000',
      'user@localhost:4000',
    ]) {
      expect(checkRequest({ host }, guard)?.status).toBe(403);
    }
    expect(checkRequest({ host: 'localhost:4000', origin: 'null' }, guard)?.status).toBe(403);
    expect(checkRequest({ host: 'localhost:4000', origin: 'http://[::1]:5173' }, guard)).toBeNull();
  });

  it('closes promptly with open SSE streams and WebSockets', async () => {
    const doomed = await startDemoAgent({ streamDelayMs: 0 });
    const { app } = recordingClient();
    const opened: Promise<void>[] = [];
    const held = (['http', 'ws'] as const).map((kind) => {
      let ready!: () => void;
      opened.push(new Promise<void>((resolve) => (ready = resolve)));
      return app.connectWith(openStream(doomed, kind), async (ctx) => {
        await startSession(ctx);
        ready();
        await new Promise(() => undefined); // hold the connection open until the server goes
      });
    });
    await Promise.all(opened);
    const t0 = performance.now();
    await doomed.close();
    expect(performance.now() - t0).toBeLessThan(1500);
    const outcomes = await Promise.allSettled(held);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('demo-agent CLI command', () => {
  function fakeIo(interrupted: Promise<void>): CliIo & { out: string[] } {
    const out: string[] = [];
    const sink = { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream;
    return { out, stdout: sink, stderr: sink, stdin: process.stdin, env: {}, interrupted };
  }

  it('rejects bad flags and positionals as usage errors', async () => {
    const io = fakeIo(Promise.resolve());
    await expect(demoAgentCommand.run(['--port', 'abc'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(demoAgentCommand.run(['--port', '70000'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(demoAgentCommand.run(['extra'], io)).rejects.toBeInstanceOf(UsageError);
  });

  it('prints one line with both URLs and stops when interrupted', async () => {
    let stop!: () => void;
    const io = fakeIo(new Promise<void>((resolve) => (stop = resolve)));
    const running = demoAgentCommand.run(['--port', '0'], io);
    await expect.poll(() => io.out.length).toBe(1);
    expect(io.out[0]).toMatch(
      /^Demo agent at http:\/\/127\.0\.0\.1:\d+\/acp \(WebSocket ws:\/\/127\.0\.0\.1:\d+\/acp\)\n$/,
    );
    stop();
    expect(await running).toBe(0);
  });
});

describe('text chunking', () => {
  it('splits at word boundaries and joins back to the same text', () => {
    const text = '## Title\n\nSome  words,\twith `code` and\n| a | table |\n';
    const chunks = chunkText(text, 8);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(text);
  });
});
