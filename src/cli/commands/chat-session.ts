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
import { onEachInterrupt, type CliIo, type InterruptSignal } from '../args';
import type { ChatOutput } from './chat-output';
import { answerElicitation, type ElicitationPolicy } from './chat-elicitation';
import { deferred } from '../../shared/util/deferred';

export interface ChatOptions {
  readonly url: string;
  readonly prompts: readonly string[] | undefined;
  readonly transport: 'auto' | 'http' | 'ws';
  readonly headers: Readonly<Record<string, string>>;
  readonly permission: 'allow' | 'reject' | 'cancel';
  readonly elicitation: ElicitationPolicy;
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

/** Where the prompts come from: the --prompt list, or stdin lines; `close` stops a pending read. */
interface PromptSource {
  next(): Promise<string | undefined>;
  close(): void;
}

function promptSource(options: ChatOptions, io: CliIo): PromptSource {
  if (options.prompts) {
    const queue = [...options.prompts];
    return { next: () => Promise.resolve(queue.shift()), close: () => void queue.splice(0) };
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      for (;;) {
        const r = await lines.next();
        if (r.done) return undefined;
        const line = r.value as string;
        if (line.trim()) return line;
      }
    },
    close: () => rl.close(),
  };
}

/** Exit code after the user stopped the CLI: 128 + the signal number, as a shell reports it. */
export function interruptExitCode(signal: InterruptSignal): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/**
 * Ctrl-C: the first one during a turn cancels that turn (session/cancel) and the chat goes on;
 * one while idle (connecting, waiting for a stdin line) or a second one during the same turn
 * quits. `quit` resolves with the exit code then.
 */
class Interrupts {
  readonly quit: Promise<number>;
  #cancelTurn: (() => void) | undefined;
  readonly #quit = deferred<number>();
  #unsubscribe: () => void;
  quitting = false;

  constructor(io: CliIo, onQuit: () => void) {
    this.quit = this.#quit.promise;
    this.#unsubscribe = onEachInterrupt(io, (signal) => {
      const cancel = this.#cancelTurn;
      this.#cancelTurn = undefined;
      if (signal === 'SIGINT' && cancel) {
        cancel();
        return;
      }
      if (this.quitting) return;
      this.quitting = true;
      onQuit();
      this.#quit.resolve(interruptExitCode(signal));
    });
  }

  /** While a turn runs, a Ctrl-C calls `cancel` (once). */
  duringTurn(cancel: () => void): void {
    this.#cancelTurn = cancel;
  }

  turnEnded(): void {
    this.#cancelTurn = undefined;
  }

  dispose(): void {
    this.#unsubscribe();
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
    })
    .onRequest(methods.client.elicitation.create, ({ params }) => {
      const answer = answerElicitation(options.elicitation);
      output.elicitation(params, answer.action);
      return answer;
    })
    // URL mode: the agent says the sign-in finished; the CLI declined it, so this is only news.
    .onNotification(methods.client.elicitation.complete, ({ params }) => {
      output.elicitationComplete(params.elicitationId);
    });
  const prompts = promptSource(options, io);
  const interrupts = new Interrupts(io, () => prompts.close());
  const session = app
    .connectWith(transport.stream, async (ctx) => {
      const sessionId = await openSession(ctx, options, (v) => (loading = v));
      if (interrupts.quitting) return 0;
      output.session(sessionId);
      return await runTurns(ctx, sessionId, prompts, output, interrupts);
    })
    .catch((e: unknown) => {
      if (interrupts.quitting) return 0;
      output.error(oneLine(e));
      return 1;
    });
  try {
    return await Promise.race([session, interrupts.quit]);
  } finally {
    interrupts.dispose();
    prompts.close();
  }
}

async function openSession(
  ctx: ClientContext,
  options: ChatOptions,
  setLoading: (v: boolean) => void,
): Promise<string> {
  const init = await ctx.request(methods.agent.initialize, {
    protocolVersion: PROTOCOL_VERSION,
    // The CLI answers every elicitation (by policy), so both modes are advertised.
    clientCapabilities: { elicitation: { form: {}, url: {} } },
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
  prompts: PromptSource,
  output: ChatOutput,
  interrupts: Interrupts,
): Promise<number> {
  for (let text = await prompts.next(); text !== undefined && !interrupts.quitting; text = await prompts.next()) {
    interrupts.duringTurn(() => {
      output.notice('cancelling the turn (Ctrl-C again to quit)');
      void ctx.notify(methods.agent.session.cancel, { sessionId }).catch(() => undefined);
    });
    try {
      const r = await ctx.request(methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] });
      if (interrupts.quitting) break;
      output.turnEnd(r.stopReason);
    } finally {
      interrupts.turnEnded();
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
