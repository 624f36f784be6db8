/**
 * The conversation loop of `acp-desk chat`, on the SDK client over our transport.
 */
import { createInterface } from 'node:readline';
import {
  client,
  methods,
  PROTOCOL_VERSION,
  type ClientContext,
  type PermissionOption,
  type RequestPermissionResponse,
} from '@agentclientprotocol/sdk';
import type { AcpTransport } from '../../core/transport/acp-transport';
import { CLIENT_INFO } from '../../core/transport/client-info';
import type { CliIo } from '../args';
import type { ChatOutput } from './chat-output';

export interface ChatOptions {
  readonly url: string;
  readonly prompts: readonly string[] | undefined;
  readonly transport: 'auto' | 'http' | 'ws';
  readonly headers: Readonly<Record<string, string>>;
  readonly permission: 'allow' | 'reject' | 'cancel';
  readonly cwd: string;
  readonly load: string | undefined;
  readonly auth: string | undefined;
  readonly idleTimeoutMs: number | undefined;
  readonly json: boolean;
  readonly traffic: string | undefined;
}

/** allow = first allow option; reject = first reject option; cancel (or none fits) = cancelled. */
export function choosePermission(
  policy: ChatOptions['permission'],
  options: readonly PermissionOption[],
): RequestPermissionResponse {
  const prefix = policy === 'allow' ? 'allow' : policy === 'reject' ? 'reject' : undefined;
  const option = prefix ? options.find((o) => o.kind.startsWith(prefix)) : undefined;
  return option
    ? { outcome: { outcome: 'selected', optionId: option.optionId } }
    : { outcome: { outcome: 'cancelled' } };
}

async function* promptSource(options: ChatOptions, io: CliIo): AsyncGenerator<string> {
  if (options.prompts) {
    yield* options.prompts;
    return;
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of rl) if (line.trim()) yield line;
  } finally {
    rl.close();
  }
}

export async function runChatSession(
  transport: AcpTransport,
  options: ChatOptions,
  output: ChatOutput,
  io: CliIo,
): Promise<number> {
  const replaying = new Set<string>();
  transport.onEvent((e) => {
    if (e.type === 'reattaching' && e.via === 'session/load') replaying.add(e.sessionId);
    if (e.type === 'recovered' || e.type === 'detached') replaying.delete(e.sessionId);
    output.transport(e);
  });
  let loading = false;
  const app = client({ name: CLIENT_INFO.name })
    .onNotification(methods.client.session.update, ({ params }) => {
      output.update(params.sessionId, params.update, replaying.has(params.sessionId) || (loading && !options.json));
    })
    .onRequest(methods.client.session.requestPermission, ({ params }) => {
      const answer = choosePermission(options.permission, params.options);
      output.permission(
        params.toolCall,
        params.options,
        answer.outcome.outcome === 'selected' ? answer.outcome.optionId : 'cancelled',
      );
      return answer;
    });
  try {
    return await app.connectWith(transport.stream, async (ctx) => {
      const sessionId = await openSession(ctx, options, (v) => (loading = v));
      output.session(sessionId);
      return await runTurns(ctx, sessionId, options, output, io);
    });
  } catch (e) {
    output.error(oneLine(e));
    return 1;
  }
}

async function openSession(
  ctx: ClientContext,
  options: ChatOptions,
  setLoading: (v: boolean) => void,
): Promise<string> {
  const init = await ctx.request(methods.agent.initialize, {
    protocolVersion: PROTOCOL_VERSION,
    clientCapabilities: {},
    clientInfo: CLIENT_INFO,
  });
  if (options.auth) await ctx.request(methods.agent.authenticate, { methodId: options.auth });
  if (!options.load) {
    const created = await ctx.request(methods.agent.session.new, { cwd: options.cwd, mcpServers: [] });
    return created.sessionId;
  }
  if (!init.agentCapabilities?.loadSession)
    throw new Error('This agent cannot load sessions (loadSession is not advertised).');
  setLoading(true);
  try {
    await ctx.request(methods.agent.session.load, { sessionId: options.load, cwd: options.cwd, mcpServers: [] });
  } finally {
    setLoading(false);
  }
  return options.load;
}

async function runTurns(
  ctx: ClientContext,
  sessionId: string,
  options: ChatOptions,
  output: ChatOutput,
  io: CliIo,
): Promise<number> {
  let stop = false;
  let running = false;
  void io.interrupted.then(() => {
    stop = true;
    if (running) void ctx.notify(methods.agent.session.cancel, { sessionId });
  });
  for await (const text of promptSource(options, io)) {
    if (stop) break;
    running = true;
    try {
      const r = await ctx.request(methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] });
      output.turnEnd(r.stopReason);
    } finally {
      running = false;
    }
  }
  return 0;
}

/** One line of text for an error, JSON-RPC errors included. */
export function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const data = (e as { data?: { status?: number } }).data;
  const status = data?.status ? ` (HTTP ${data.status})` : '';
  return `${message}${status}`.replace(/\s+/g, ' ').trim();
}
