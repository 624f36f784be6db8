/**
 * `acp-desk web`: the desktop app's UI in an ordinary browser. Runs the real core in this
 * Node process, serves the built renderer on 127.0.0.1 behind a per-run secret token, and
 * prints the one URL that opens it. Useful where Electron cannot run (remote dev boxes,
 * containers) and for end-to-end tests in plain Chromium.
 */
import { acquireDataDirLock } from '../../core/persistence/data-dir-lock';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createAppCore, type AppCore } from '../../core/app/app-core';
import { startDemoAgent } from '../../demo-agent/server';
import { createLogger, logDirOf, logLevelFrom } from '../../core/log/logger';
import type { EndpointRepository } from '../../core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../core/endpoints/secret-store';
import { withPeerCertificate } from '../../core/transport/peer-certificate';
import { probeEndpoint } from '../../core/transport/probe';
import { ensureRendererBuilt } from '../../core/web/renderer-build';
import { startWebHost } from '../../core/web/web-host';
import {
  endpointDraftSchema,
  endpointUrlSchema,
  type EndpointDraft,
  type SavedEndpoint,
} from '../../shared/domain/endpoint';
import { parseFlags, type CliIo, type Command } from '../args';
import { describeRecording, openRecordingFile } from '../open-recording';

const USAGE = `Usage: acp-desk web [--port N] [--endpoint NAME=URL]... [--open FILE] [--no-open] [--data-dir DIR]

Opens the ACP Desk UI in your browser, served from 127.0.0.1 with a secret token.

Options:
  --port N              Port to listen on (default: any free port)
  --endpoint NAME=URL   Save (or update) an endpoint and select the first one given.
                        Without it, the built-in demo agent is started.
  --open FILE           Open a JSONL traffic recording read-only in the inspector
                        (the --traffic / export format; at most 200 MB, 1M records)
  --no-open             Print the URL but do not open a browser
  --data-dir DIR        Where settings and secrets live
                        (default: $ACP_DESK_DATA_DIR or ~/.config/acp-desk-web)

Prints one line on stdout: ACP Desk is at http://127.0.0.1:N/?token=…
Stop with Ctrl+C.`;

const OPTIONS = {
  port: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  'no-open': { type: 'boolean' },
  open: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** `NAME=URL`, split at the first '=' (URLs may contain '=', names rarely do). */
const endpointEntrySchema = z.string().transform((raw, ctx) => {
  const eq = raw.indexOf('=');
  const name = endpointDraftSchema.shape.name.safeParse(eq > 0 ? raw.slice(0, eq) : '');
  const url = endpointUrlSchema.safeParse(eq > 0 ? raw.slice(eq + 1) : '');
  if (eq <= 0 || !name.success || !url.success) {
    const why = eq <= 0 ? 'expected NAME=URL' : (name.error ?? url.error)?.issues[0]?.message;
    ctx.addIssue({ code: 'custom', message: `"${raw.slice(0, 200)}": ${why ?? 'invalid'}` });
    return z.NEVER;
  }
  return { name: name.data, url: url.data };
});

const flagsSchema = z.object({
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a port number')
    .transform(Number)
    .pipe(z.number().max(65535, 'expected a port number'))
    .default(0),
  endpoint: z.array(endpointEntrySchema).default([]),
  'no-open': z.boolean().default(false),
  open: z.string().min(1).optional(),
  'data-dir': z.string().min(1).optional(),
});

type Flags = z.output<typeof flagsSchema>;
type Closer = () => Promise<void>;

/** Where the repository (package.json, out/renderer) sits, relative to this source file. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const webCommand: Command = {
  name: 'web',
  summary: 'Open the ACP Desk UI in a browser (served from 127.0.0.1)',
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv, OPTIONS, flagsSchema);
    const rendererDir = path.join(REPO_ROOT, 'out', 'renderer');
    await ensureRendererBuilt(REPO_ROOT, rendererDir, () => io.stderr.write('Building the UI…\n'));
    const closers: Closer[] = [];
    try {
      const url = await startEverything(flags, io, rendererDir, closers);
      io.stdout.write(`ACP Desk is at ${url}\n`);
      if (!flags['no-open']) openBrowser(url);
      await io.interrupted;
      return 0;
    } finally {
      // Every step runs even if one fails; a failure is said, not dropped (the log may be closed by then).
      for (const close of closers.reverse())
        await close().catch((e: unknown) =>
          io.stderr.write(`acp-desk web: a shutdown step failed: ${e instanceof Error ? e.message : String(e)}\n`),
        );
    }
  },
};

/** Starts demo agent (unless --endpoint), core and web host; pushes each one's closer. */
async function startEverything(flags: Flags, io: CliIo, rendererDir: string, closers: Closer[]): Promise<string> {
  const dataDir = flags['data-dir'] ? path.resolve(flags['data-dir']) : defaultDataDir(io.env);
  // One process per data folder: the lock comes before anything reads or writes in it.
  const lock = await acquireDataDirLock(dataDir);
  closers.push(() => lock.release());
  // The log file in <data dir>/logs; warnings and errors also on stderr, as before there was a file.
  const logger = createLogger({
    dir: logDirOf(dataDir),
    level: logLevelFrom(io.env.ACP_DESK_LOG_LEVEL),
    echo: { level: 'warn', write: (line) => io.stderr.write(`acp-desk web: ${line}\n`) },
  });
  const cipher = await createFileKeyCipher(dataDir);
  const demo = flags.endpoint.length === 0 ? await startDemoAgent() : undefined;
  if (demo) closers.push(() => demo.close());
  const core: AppCore = await createAppCore({
    dataDir,
    cipher,
    host: 'web',
    version: await readVersion(),
    probe: withPeerCertificate((endpoint, auth) => probeEndpoint(endpoint, undefined, auth)),
    logger,
    ...(demo ? { demoAgentUrl: demo.url } : {}),
  });
  closers.push(() => core.dispose());
  await upsertEndpoints(core.endpoints, flags.endpoint);
  if (flags.open) io.stderr.write(`${describeRecording(await openRecordingFile(core, flags.open))}\n`);
  const host = await startWebHost({ core, rendererDir, port: flags.port, logger: logger.child('web') });
  closers.push(() => host.close());
  logger.child('web').info('browser mode started', { port: host.port, dataDir });
  return host.url;
}

/** Saves each `--endpoint` (updating one with the same name, keeping its headers) and selects the first. */
async function upsertEndpoints(repo: EndpointRepository, entries: Flags['endpoint']): Promise<void> {
  let firstId: string | undefined;
  for (const { name, url } of entries) {
    const existing = repo.list().endpoints.find((e) => e.name === name);
    const saved = await repo.save(existing?.id, existing ? { ...draftOf(existing), url } : { name, url });
    firstId ??= saved.id;
  }
  if (firstId) await repo.select(firstId);
}

function draftOf(e: SavedEndpoint): EndpointDraft {
  return {
    name: e.name,
    url: e.url,
    transport: e.transport,
    // A secret header without `value` keeps its sealed value.
    headers: e.headers.map((h) =>
      h.secret ? { name: h.name, secret: true } : { name: h.name, secret: false, value: h.value ?? '' },
    ),
    cwd: e.cwd,
    notes: e.notes,
    ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
  };
}

/** `$ACP_DESK_DATA_DIR`, else the platform's per-user config directory + `acp-desk-web`. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform = process.platform, home = os.homedir()): string {
  if (env.ACP_DESK_DATA_DIR) return path.resolve(env.ACP_DESK_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'acp-desk-web');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'acp-desk-web');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'acp-desk-web');
}

async function readVersion(): Promise<string> {
  try {
    const pkg: unknown = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    return z.object({ version: z.string() }).parse(pkg).version;
  } catch {
    return '0.0.0'; // no readable package.json (an unusual install): the UI shows 0.0.0, nothing else depends on it
  }
}

/** Best effort: a missing opener just means the user copies the printed URL. No shell involved. */
function openBrowser(url: string): void {
  const [cmd, args]: [string, string[]] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // ignore: the URL is on stdout
  }
}
