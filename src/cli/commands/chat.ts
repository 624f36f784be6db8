/**
 * `acp-desk chat <url>`: a scriptable ACP client over the real transport. Sends each --prompt
 * (or each stdin line) as a turn, answers permission requests by policy, streams the agent's
 * text (or JSON lines with --json), and exits 0 only if every turn ended with a stop reason.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkEndpointUrl, headerNameSchema, headerValueSchema } from '../../shared/domain/endpoint';
import { createAcpTransport } from '../../core/transport/acp-transport';
import { networkSecretValues, type ResolvedNetwork } from '../../core/transport/net-config';
import { createNodeFetch, createNodeWebSocket } from '../../core/transport/node-deps';
import { parseFlags, UsageError, type CliIo, type Command } from '../args';
import { runChatSession, type ChatOptions } from './chat-session';
import { createChatOutput } from './chat-output';
import { ELICITATION_POLICIES } from './chat-elicitation';
import { NETWORK_FLAGS, NETWORK_USAGE, networkFlagSchema, networkFromFlags } from '../network-flags';
import { createChatOAuth } from './chat-oauth';
import { defaultDataDir } from './web';

const USAGE = `Usage: acp-desk chat <url> [options]

Connects to an ACP agent, creates a session (or loads one) and sends each prompt in turn.
Without --prompt, reads prompts from standard input, one per line, until EOF.

Options:
  --prompt TEXT              a prompt to send (repeatable, in order)
  --transport auto|http|ws   transport profile (default auto)
  --header "Name: value"     header for every request, e.g. Authorization (repeatable; redacted in records)
  --permission allow|reject|cancel
                             how to answer permission requests (default reject)
  --elicitation decline|cancel
                             how to answer an agent's request for input (a form, a sign-in URL);
                             each one is printed with what it asked (default decline)
  --cwd DIR                  working directory for the session (default: current directory)
  --load SESSION_ID          load an existing session instead of creating one
  --auth METHOD_ID           call authenticate with this method before the session
  --idle-timeout SECONDS     treat a silent stream as dead after this long (default 45)
  --json                     one JSON object per line on stdout
  --traffic FILE             write every traffic record (redacted) as JSON lines
  --oauth                    sign in with OAuth when the agent asks (a 401 Bearer challenge): the
                             device grant where offered, else a printed URL and a loopback redirect;
                             the grant is cached for this URL in the data folder, sealed, and reused
  --data-dir DIR             where --oauth keeps its grants (default: $ACP_DESK_DATA_DIR or the
                             folder acp-desk web uses)
${NETWORK_USAGE}

Ctrl-C cancels the running turn; Ctrl-C again, or while waiting for input, quits.

Exit codes: 0 every turn ended with a stop reason; 1 it could not (reason on stderr); 2 usage error;
130 stopped by Ctrl-C (143 by SIGTERM).`;

const flagSchema = networkFlagSchema.extend({
  positionals: z.array(z.string()).length(1, 'expects exactly one <url>'),
  prompt: z.array(z.string().min(1, 'an empty --prompt')).optional(),
  transport: z.enum(['auto', 'http', 'ws']).default('auto'),
  header: z.array(z.string()).optional(),
  permission: z.enum(['allow', 'reject', 'cancel']).default('reject'),
  elicitation: z.enum(ELICITATION_POLICIES).default('decline'),
  cwd: z.string().min(1).optional(),
  load: z.string().min(1).max(1024).optional(),
  auth: z.string().min(1).optional(),
  'idle-timeout': z.coerce.number().positive().max(86_400).optional(),
  json: z.boolean().default(false),
  traffic: z.string().min(1).optional(),
  oauth: z.boolean().default(false),
  'data-dir': z.string().min(1).optional(),
});

const FLAGS = {
  prompt: { type: 'string', multiple: true },
  transport: { type: 'string' },
  header: { type: 'string', multiple: true },
  permission: { type: 'string' },
  elicitation: { type: 'string' },
  cwd: { type: 'string' },
  load: { type: 'string' },
  auth: { type: 'string' },
  'idle-timeout': { type: 'string' },
  json: { type: 'boolean' },
  traffic: { type: 'string' },
  oauth: { type: 'boolean' },
  'data-dir': { type: 'string' },
  ...NETWORK_FLAGS,
} as const;

export function parseHeader(raw: string): [string, string] {
  const i = raw.indexOf(':');
  if (i <= 0) throw new UsageError(`--header "${raw.slice(0, 40)}": expected "Name: value"`);
  const name = headerNameSchema.safeParse(raw.slice(0, i));
  const value = headerValueSchema.safeParse(raw.slice(i + 1).trim());
  if (!name.success) throw new UsageError(`--header: ${name.error.issues[0]?.message ?? 'bad name'}`);
  if (!value.success) throw new UsageError(`--header: ${value.error.issues[0]?.message ?? 'bad value'}`);
  return [name.data, value.data];
}

export function parseChatArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ChatOptions & { network: ResolvedNetwork; oauth: boolean; dataDir: string } {
  const f = parseFlags(argv, FLAGS, flagSchema, true);
  const url = checkEndpointUrl(f.positionals[0]!);
  if (!url.ok) throw new UsageError(url.message);
  const headers = Object.fromEntries((f.header ?? []).map(parseHeader));
  return {
    url: url.url.toString(),
    prompts: f.prompt,
    transport: f.transport,
    headers,
    permission: f.permission,
    elicitation: f.elicitation,
    cwd: path.resolve(f.cwd ?? process.cwd()),
    load: f.load,
    auth: f.auth,
    idleTimeoutMs: f['idle-timeout'] !== undefined ? Math.round(f['idle-timeout'] * 1000) : undefined,
    json: f.json,
    traffic: f.traffic,
    network: networkFromFlags(f, env),
    oauth: f.oauth,
    dataDir: f['data-dir'] ? path.resolve(f['data-dir']) : defaultDataDir(env),
  };
}

interface TrafficSink {
  write(record: unknown): void;
  close(): Promise<void>;
}

/**
 * Opens the --traffic file before anything connects, so a bad path is a usage error (exit 2,
 * one line naming the file). A write error later is reported once on stderr and the rest of
 * the records are dropped; the chat itself goes on.
 */
export async function openTrafficFile(file: string, io: CliIo): Promise<TrafficSink> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'w', 0o600);
  } catch (e) {
    throw new UsageError(`--traffic ${file}: cannot open it for writing (${fsReason(e)})`);
  }
  const stream = handle.createWriteStream();
  let failed = false;
  stream.on('error', (e) => {
    if (failed) return;
    failed = true;
    io.stderr.write(`acp-desk chat: --traffic ${file}: write failed (${fsReason(e)}); no more records are written\n`);
  });
  return {
    write(record) {
      if (!failed) stream.write(`${JSON.stringify(record)}\n`);
    },
    async close() {
      if (failed || stream.destroyed) return;
      await new Promise<void>((resolve) => {
        stream.once('error', () => resolve());
        stream.end(() => resolve());
      });
    },
  };
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseChatArgs(argv, io.env);
  const traffic = options.traffic ? await openTrafficFile(options.traffic, io) : undefined;
  const fetch = createNodeFetch({ network: options.network });
  const oauth = options.oauth ? await createChatOAuth(options.url, options.dataDir, fetch, io) : undefined;
  if (oauth) {
    try {
      await oauth.prepare();
    } catch (e) {
      await fetch.close();
      await traffic?.close();
      if ((e as Error | undefined)?.name === 'AbortError') return 130;
      io.stderr.write(`acp-desk chat: sign-in failed: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  const transport = createAcpTransport({
    url: options.url,
    profile: options.transport,
    headers: options.headers,
    secretHeaderNames: Object.keys(options.headers),
    secretValues: [...Object.values(options.headers), ...networkSecretValues(options.network)],
    fetch,
    webSocket: createNodeWebSocket(options.network),
    ...(oauth ? { auth: oauth.auth } : {}),
    ...(options.idleTimeoutMs ? { limits: { idleTimeoutMs: options.idleTimeoutMs } } : {}),
  });
  if (traffic) transport.onTraffic((r) => traffic.write(r));
  const output = createChatOutput(io, options.json);
  try {
    return await runChatSession(transport, options, output, io);
  } finally {
    await transport.close();
    await fetch.close();
    await traffic?.close();
  }
}

export const chatCommand: Command = {
  name: 'chat',
  summary: 'chat with an ACP agent from the terminal (scriptable; --json for machines)',
  usage: USAGE,
  run,
};
