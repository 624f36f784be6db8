/**
 * The demo agent's `/ask` (form elicitation) and `/login` (URL elicitation) against the SDK's
 * own client over Streamable HTTP and WebSocket: what it asks, how each answer is echoed,
 * `elicitation/complete` after an accepted sign-in, a cancel while it waits, and the honest
 * refusal when the client did not advertise elicitation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  client,
  methods,
  type ClientCapabilities,
  type ClientContext,
  type CreateElicitationRequest,
  type CreateElicitationResponse,
} from '@agentclientprotocol/sdk';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { LOGIN_URL, describeFormReply } from '../../src/demo-agent/elicitation';
import { elicitationRequestSchema } from '../../src/shared/elicitation/schema';
import { formFields } from '../../src/shared/elicitation/form';
import { openStream, prompt, Recording, type TransportKind } from './demo-agent/harness';

let server: DemoAgentServer;
beforeAll(async () => {
  server = await startDemoAgent({ streamDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
});

type Answer = (request: CreateElicitationRequest, signal: AbortSignal) => Promise<CreateElicitationResponse>;

const FULL: ClientCapabilities = { elicitation: { form: {}, url: {} } };

/** Connects with `capabilities`, opens a session, runs `body`; records what the agent sent, in order. */
async function withSession<T>(
  kind: TransportKind,
  capabilities: ClientCapabilities,
  answer: Answer,
  body: (ctx: ClientContext, sessionId: string, rec: Recording) => Promise<T>,
): Promise<{ result: T; asked: CreateElicitationRequest[]; events: string[]; rec: Recording }> {
  const rec = new Recording();
  const asked: CreateElicitationRequest[] = [];
  const events: string[] = [];
  const app = client({ name: 'elicitation-test' })
    .onRequest(methods.client.elicitation.create, ({ params, signal }) => {
      asked.push(params);
      events.push(`create:${params.mode}`);
      return answer(params, signal);
    })
    .onNotification(methods.client.elicitation.complete, ({ params }) => {
      events.push(`complete:${params.elicitationId}`);
    })
    .onNotification(methods.client.session.update, ({ params }) => {
      if (params.update.sessionUpdate === 'agent_message_chunk') events.push('text');
      rec.notifications.push(params);
    });
  const result = await app.connectWith(openStream(server, kind), async (ctx) => {
    await ctx.request(methods.agent.initialize, {
      protocolVersion: PROTOCOL_VERSION,
      clientCapabilities: capabilities,
      clientInfo: { name: 'elicitation-test', version: '0.0.0' },
    });
    const { sessionId } = await ctx.request(methods.agent.session.new, { cwd: '/tmp/demo', mcpServers: [] });
    return body(ctx, sessionId, rec);
  });
  return { result, asked, events, rec };
}

const reply =
  (r: CreateElicitationResponse): Answer =>
  () =>
    Promise.resolve(r);

describe.each<TransportKind>(['http', 'ws'])('/ask and /login over %s', (kind) => {
  it('/ask sends a form with every field kind, which the app can render', async () => {
    const { asked } = await withSession(kind, FULL, reply({ action: 'decline' }), (ctx, id) => prompt(ctx, id, '/ask'));
    expect(asked).toHaveLength(1);
    const parsed = elicitationRequestSchema.parse(asked[0]);
    expect(parsed.mode).toBe('form');
    if (parsed.mode !== 'form') return;
    const fields = formFields(parsed.requestedSchema);
    expect(fields.map((f) => f.kind)).toEqual(['text', 'email', 'number', 'integer', 'boolean', 'select', 'multi']);
    expect(fields.filter((f) => f.required).map((f) => f.name)).toEqual(['name', 'email', 'retries', 'topics']);
    expect(fields.every((f) => f.label !== f.name)).toBe(true);
    expect(fields.find((f) => f.kind === 'select')?.options.map((o) => o.label)).toContain('Follow the system');
    expect(parsed.requestedSchema.properties?.retries).toMatchObject({ minimum: 0, maximum: 5, default: 2 });
    expect(fields.some((f) => f.description)).toBe(true);
    expect(asked[0]).toMatchObject({ sessionId: expect.any(String) as unknown });
  });

  it.each([
    [
      {
        action: 'accept',
        content: {
          name: 'Ada',
          email: 'ada@example.com',
          budget: 7.5,
          retries: 3,
          notify: false,
          theme: 'dark',
          topics: ['transport', 'elicitation'],
        },
      },
      'You answered: Your name: Ada; Email: ada@example.com; Budget (USD): 7.5; Retries: 3; ' +
        'Notify me when done: no; Theme: Dark; Topics: Transport, Elicitation.',
    ],
    [{ action: 'decline' }, 'You declined.'],
    [{ action: 'cancel' }, 'You cancelled the form.'],
  ] as Array<[CreateElicitationResponse, string]>)('/ask echoes %j', async (answer, expected) => {
    const { result, rec } = await withSession(kind, FULL, reply(answer), async (ctx, id) => ({
      id,
      r: await prompt(ctx, id, '/ask'),
    }));
    expect(result.r.stopReason).toBe('end_turn');
    expect(rec.messageText(result.id)).toBe(expected);
  });

  it('/login asks for a URL and, after accept, completes before saying it signed in', async () => {
    const { asked, events, rec, result } = await withSession(
      kind,
      FULL,
      reply({ action: 'accept' }),
      async (ctx, id) => {
        const r = await prompt(ctx, id, '/login');
        return { id, r };
      },
    );
    expect(result.r.stopReason).toBe('end_turn');
    expect(asked[0]).toMatchObject({ mode: 'url', url: LOGIN_URL, sessionId: result.id });
    expect(LOGIN_URL.startsWith('https://')).toBe(true);
    const id = (asked[0] as { elicitationId: string }).elicitationId;
    // complete follows the accepted create; the reply text may travel on another stream (HTTP),
    // so its order relative to complete is not asserted.
    expect(events.filter((e) => e !== 'text')).toEqual(['create:url', `complete:${id}`]);
    expect(rec.messageText(result.id)).toBe('Signed in (demo).');
  });

  it('/login declined: no completion, says so', async () => {
    const { events, rec, result } = await withSession(kind, FULL, reply({ action: 'decline' }), async (ctx, id) => {
      await prompt(ctx, id, '/login');
      return id;
    });
    expect(events).toEqual(['create:url', 'text']);
    expect(rec.messageText(result)).toBe('Sign-in declined.');
  });

  it('cancelling the turn while the form waits ends it cancelled and withdraws the request', async () => {
    let withdrawn = false;
    const hold: Answer = (_r, signal) =>
      new Promise((resolve) =>
        signal.addEventListener(
          'abort',
          () => {
            withdrawn = true;
            resolve({ action: 'cancel' });
          },
          { once: true },
        ),
      );
    let askedOnce!: () => void;
    const askedPromise = new Promise<void>((r) => (askedOnce = r));
    const { result } = await withSession(
      kind,
      FULL,
      (r, s) => {
        askedOnce();
        return hold(r, s);
      },
      async (ctx, id) => {
        const turn = prompt(ctx, id, '/ask');
        await askedPromise;
        await ctx.notify(methods.agent.session.cancel, { sessionId: id });
        return turn;
      },
    );
    expect(result.stopReason).toBe('cancelled');
    expect(withdrawn).toBe(true);
  });

  it.each([
    ['/ask', {}, /does not support form elicitation/],
    ['/login', {}, /does not support URL elicitation/],
    ['/login', { elicitation: { form: {} } }, /does not support URL elicitation/],
    ['/ask', { elicitation: { url: {} } }, /does not support form elicitation/],
  ] as Array<[string, ClientCapabilities, RegExp]>)(
    '%s without the capability %j asks nothing and says why',
    async (command, capabilities, message) => {
      const { asked, rec, result } = await withSession(
        kind,
        capabilities,
        reply({ action: 'decline' }),
        async (ctx, id) => {
          const r = await prompt(ctx, id, command);
          return { id, r };
        },
      );
      expect(result.r.stopReason).toBe('end_turn');
      expect(asked).toEqual([]);
      expect(rec.messageText(result.id)).toMatch(message);
    },
  );
});

it('/help lists /ask and /login', async () => {
  const { rec, result } = await withSession('http', FULL, reply({ action: 'decline' }), async (ctx, id) => {
    await prompt(ctx, id, '/help');
    return id;
  });
  expect(rec.messageText(result)).toContain('`/ask`');
  expect(rec.messageText(result)).toContain('`/login`');
});

it('an accepted form with nothing filled in, and an unknown action, still get a sentence', () => {
  expect(describeFormReply({ action: 'accept' })).toBe('You answered, but left everything empty.');
  expect(describeFormReply({ action: 'accept', content: { notify: true, extra: 'x' } })).toBe(
    'You answered: Notify me when done: yes.',
  );
  expect(describeFormReply({ action: '_later' })).toBe('The form ended with "_later".');
});
