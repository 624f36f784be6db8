/**
 * The demo agent's slash commands (a prompt whose text starts with `/`). Each one isolates
 * a single behaviour a client or a benchmark wants to provoke on demand: a long paced
 * stream, an agent-side JSON-RPC error, a flat-out chunk flood, a verbatim echo, a form or
 * URL elicitation (elicitation.ts).
 */
import { RequestError } from '@agentclientprotocol/sdk';
import { askCommand, loginCommand } from './elicitation';
import { helpText, longText } from './fixtures';
import { PlanTracker } from './plan';
import type { Turn } from './turn';

export interface SlashCommand {
  readonly name: string;
  /** Everything after the command name, trimmed. */
  readonly input: string;
}

/** What the caller should still do after a command ran. */
export interface CommandOutcome {
  /** Send usage and the session title, as after a normal turn. */
  readonly wrapUp: boolean;
}

/** Upper bound for `/stream N`, so a typo cannot wedge the agent for minutes. */
export const MAX_STREAM_CHUNKS = 1_000_000;

/** `/wait` ends by itself after this long, so a forgotten turn cannot hold the agent forever. */
export const WAIT_LIMIT_MS = 10 * 60_000;

/** Parses `/name input…`; null when the text is not a slash command. */
export function parseSlashCommand(text: string): SlashCommand | null {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trimStart());
  if (!match) return null;
  return { name: match[1] ?? '', input: (match[2] ?? '').trim() };
}

/** Runs one command; throws `TurnCancelled` when cancelled, `RequestError` for `/fail`. */
export async function runSlashCommand(turn: Turn, command: SlashCommand): Promise<CommandOutcome> {
  switch (command.name) {
    case 'help':
      await turn.stream('agent_message_chunk', helpText());
      return { wrapUp: true };
    case 'long':
      await turn.stream('agent_message_chunk', longText(), true, 16);
      return { wrapUp: true };
    case 'fail':
      throw RequestError.internalError({ command: '/fail' }, 'the demo agent failed on purpose (/fail)');
    case 'stream':
      return streamCommand(turn, command.input);
    case 'echo':
      await turn.streamChunks('agent_message_chunk', [command.input || '(nothing to echo)'], false);
      return { wrapUp: true };
    case 'plan':
      await planCommand(turn);
      return { wrapUp: true };
    case 'ask':
      await askCommand(turn);
      return { wrapUp: true };
    case 'login':
      await loginCommand(turn);
      return { wrapUp: true };
    case 'wait':
      // A turn that only a cancel ends: what a test of Esc/Stop needs to be deterministic.
      await turn.streamChunks('agent_message_chunk', ['Waiting until this turn is cancelled…'], false);
      await turn.pause(WAIT_LIMIT_MS);
      return { wrapUp: false };
    default:
      await turn.stream('agent_message_chunk', `Unknown command \`/${command.name}\`. Try \`/help\`.`, false);
      return { wrapUp: true };
  }
}

/**
 * `/stream N [R]`: N tiny chunks and nothing else: unpaced (a throughput benchmark), or at R
 * chunks per second (the UI frame-time benchmark streams at 200/s).
 */
async function streamCommand(turn: Turn, input: string): Promise<CommandOutcome> {
  const [n = '', r] = input.trim().split(/\s+/);
  const count = /^\d+$/.test(n) ? Number(n) : NaN;
  const rate = r === undefined ? undefined : /^\d+$/.test(r) ? Number(r) : NaN;
  const badRate = rate !== undefined && (!Number.isSafeInteger(rate) || rate < 1 || rate > 10_000);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_STREAM_CHUNKS || badRate) {
    const usage = `Usage: \`/stream N [R]\` with N between 1 and ${MAX_STREAM_CHUNKS} and an optional rate R (1–10000 chunks/s).`;
    await turn.streamChunks('agent_message_chunk', [usage], false);
    return { wrapUp: false };
  }
  if (rate !== undefined) await turn.streamAtRate('agent_message_chunk', numberedChunks(count), rate);
  else await turn.streamChunks('agent_message_chunk', numberedChunks(count), false);
  return { wrapUp: false };
}

function* numberedChunks(count: number): Generator<string> {
  for (let i = 1; i <= count; i++) yield `${i} `;
}

async function planCommand(turn: Turn): Promise<void> {
  const plan = new PlanTracker(turn, [
    { content: 'Understand the request', priority: 'high' },
    { content: 'Sketch a solution', priority: 'medium' },
    { content: 'Write it up', priority: 'low' },
  ]);
  await plan.set(0, 'in_progress');
  for (let i = 0; i < 3; i++) {
    await turn.pause(turn.delayMs * 10);
    await plan.advance(i);
  }
  await turn.stream('agent_message_chunk', 'All three plan entries are **completed**.');
}
