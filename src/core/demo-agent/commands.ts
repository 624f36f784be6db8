/**
 * The demo agent's slash commands (a prompt whose text starts with `/`). Each one isolates
 * a single behaviour a client or a benchmark wants to provoke on demand: a long paced
 * stream, an agent-side JSON-RPC error, a flat-out chunk flood, a verbatim echo.
 */
import { RequestError } from '@agentclientprotocol/sdk';
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
    default:
      await turn.stream('agent_message_chunk', `Unknown command \`/${command.name}\`. Try \`/help\`.`, false);
      return { wrapUp: true };
  }
}

/** `/stream N`: N tiny chunks, unpaced, nothing else (a throughput benchmark). */
async function streamCommand(turn: Turn, input: string): Promise<CommandOutcome> {
  const count = /^\d+$/.test(input) ? Number(input) : NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_STREAM_CHUNKS) {
    const usage = `Usage: \`/stream N\` with N between 1 and ${MAX_STREAM_CHUNKS}.`;
    await turn.streamChunks('agent_message_chunk', [usage], false);
    return { wrapUp: false };
  }
  await turn.streamChunks('agent_message_chunk', numberedChunks(count), false);
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
