/**
 * `acp-desk replay FILE`: serves a traffic recording (the JSONL that `acp-desk chat --traffic`
 * writes and the inspector exports) as an ACP agent at http://127.0.0.1:N/acp that answers a
 * client the way the recorded agent did, for demos, bug reports and UI regression tests. See
 * src/core/replay/server.ts for how requests are matched.
 */
import { z } from 'zod';
import { buildReplayScript } from '../../core/replay/script';
import { startReplayServer } from '../../core/replay/server';
import { parseFlags, UsageError, type Command } from '../args';
import { readRecording } from './traffic';

const USAGE = `Usage: acp-desk replay FILE [--port N] [--speed X]

Serves the recording FILE (JSON lines, as written by \`acp-desk chat --traffic FILE\`) as an
ACP agent at http://127.0.0.1:N/acp (Streamable HTTP and WebSocket). The Nth request of a
method gets what the agent sent for the Nth recorded request of that method: its updates,
its permission requests (the client's answer is awaited) and its response or error. A
request the recording has no counterpart for gets a JSON-RPC error naming it.

Options:
  --port N     port to listen on (default: any free port)
  --speed X    pacing: 2 plays twice as fast as recorded, 0 as fast as possible (default 1)

Prints one line on stdout: ACP Desk replay is at http://127.0.0.1:N/acp
Stop with Ctrl+C. Exit 2 for bad options or a file that is not a usable recording.`;

const OPTIONS = {
  port: { type: 'string' },
  speed: { type: 'string' },
} as const;

const flagsSchema = z.object({
  positionals: z.array(z.string()).length(1, 'expects exactly one FILE'),
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a port number 0..65535')
    .transform(Number)
    .pipe(z.number().int().max(65535, 'expected a port number 0..65535'))
    .default(0),
  speed: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'expected a number >= 0 (0: as fast as possible)')
    .transform(Number)
    .default(1),
});

export const replayCommand: Command = {
  name: 'replay',
  summary: 'serve a traffic recording as an ACP agent that answers the way the recorded one did',
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv, OPTIONS, flagsSchema, true);
    const file = flags.positionals[0]!;
    const { records } = await readRecording(file, io.stdin);
    const script = buildReplayScript(records);
    if (script.requests === 0) throw new UsageError(`${file}: no client requests to replay in this recording`);
    const server = await startReplayServer(script, { port: flags.port, speed: flags.speed });
    io.stdout.write(`ACP Desk replay is at ${server.url}\n`);
    await io.interrupted;
    await server.close();
    return 0;
  },
};
