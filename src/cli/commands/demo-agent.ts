/**
 * `acp-desk demo-agent`: runs the embedded scripted ACP agent on its own, so another client
 * (or a second ACP Desk, a benchmark, curl) can talk to it at a known address. Prints one
 * line with both URLs and serves until interrupted.
 */
import { z } from 'zod';
import { startDemoAgent } from '../../demo-agent/server';
import { parseFlags, type Command } from '../args';

const USAGE = `Usage: acp-desk demo-agent [--port N] [--host 127.0.0.1] [--token T] [--require-auth]

Serves the scripted ACP demo agent at /acp over Streamable HTTP and WebSocket.

Options:
  --port N          Port to listen on (default: any free port)
  --host H          Interface to bind (default: 127.0.0.1)
  --token T         Require "Authorization: Bearer T" on every request
  --require-auth    Advertise the "demo-login" auth method and require authenticate

Prints one line on stdout: Demo agent at http://127.0.0.1:N/acp (WebSocket ws://127.0.0.1:N/acp)
Stop with Ctrl+C.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'require-auth': { type: 'boolean' },
} as const;

const flagsSchema = z.object({
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a port number 0..65535')
    .transform(Number)
    .pipe(z.number().int().max(65535, 'expected a port number 0..65535'))
    .default(0),
  host: z.string().trim().min(1, 'expected a host name or address').default('127.0.0.1'),
  token: z.string().min(1, 'expected a non-empty token').optional(),
  'require-auth': z.boolean().default(false),
  positionals: z.array(z.string()).max(0, 'takes no positional arguments'),
});

/** Runs the demo agent until SIGINT/SIGTERM. */
export const demoAgentCommand: Command = {
  name: 'demo-agent',
  summary: 'Serve the scripted ACP demo agent over HTTP and WebSocket',
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv, OPTIONS, flagsSchema);
    const server = await startDemoAgent({
      port: flags.port,
      host: flags.host,
      token: flags.token,
      requireAuth: flags['require-auth'],
    });
    io.stdout.write(`Demo agent at ${server.url} (WebSocket ${server.wsUrl})\n`);
    await io.interrupted;
    await server.close();
    return 0;
  },
};
