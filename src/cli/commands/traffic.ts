/**
 * `acp-desk traffic FILE`: filters and converts a traffic recording (the JSONL that
 * `acp-desk chat --traffic` writes and the inspector exports) without the app, with the
 * inspector's query language. Exit 0 when some record matched, 1 when none did, 2 for a bad
 * query or a file that cannot be read as a recording.
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { TrafficRecord } from '../../shared/domain/traffic';
import { JsonlParser, type JsonlParseResult } from '../../shared/traffic/jsonl';
import { pairSegments } from '../../shared/traffic/pairing';
import { parseTrafficQuery } from '../../shared/traffic/query';
import { summarizeRecord } from '../../shared/traffic/summary';
import { toHar } from '../../shared/traffic/har';
import { serializeRecord } from '../../shared/traffic/jsonl';
import { parseFlags, UsageError, type CliIo, type Command } from '../args';
import { sanitizeTerminalLine } from '../terminal-safe';

const USAGE = `Usage: acp-desk traffic FILE [--query Q] [--json | --har OUT]

Reads a traffic recording (JSON lines, as written by \`acp-desk chat --traffic FILE\` or
exported by the inspector; FILE - reads standard input), keeps the records matching --query,
and prints one line per record, or the records as JSON lines (--json), or writes them as a
HAR 1.2 file (--har).

Options:
  --query Q     filter, e.g. 'method:session/prompt latency:>500ms' or 'has:error -lane:post'
                fields: method kind dir lane session id status latency size has seq gen;
                bare words and "quoted text" search the JSON; AND, OR, NOT/-, parentheses
  --json        print the matching records as JSON lines (re-readable by this command)
  --har OUT     write the matching records to OUT as HAR 1.2 (POSTs, streams with their
                events, WebSocket messages)

A query that starts with "-" must be attached: --query='-method:session/update'.
Lines that are not traffic records are skipped with a warning on stderr.

Exit codes: 0 something matched; 1 nothing matched; 2 bad query, options or unreadable file.`;

const flagSchema = z
  .object({
    positionals: z.array(z.string()).length(1, 'expects exactly one FILE'),
    query: z.string().optional(),
    json: z.boolean().default(false),
    har: z.string().min(1, 'an empty --har path').optional(),
  })
  .refine((f) => !(f.json && f.har !== undefined), { message: '--json and --har cannot be used together' });

const FLAGS = {
  query: { type: 'string' },
  json: { type: 'boolean' },
  har: { type: 'string' },
} as const;

export interface TrafficOptions {
  readonly file: string;
  readonly query: string;
  readonly output: 'lines' | 'json' | 'har';
  readonly harFile?: string;
}

export function parseTrafficArgs(argv: readonly string[]): TrafficOptions {
  const f = parseFlags(argv, FLAGS, flagSchema, true);
  return {
    file: f.positionals[0]!,
    query: f.query ?? '',
    output: f.har !== undefined ? 'har' : f.json ? 'json' : 'lines',
    ...(f.har !== undefined ? { harFile: f.har } : {}),
  };
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** Reads a recording; an unreadable file is a usage error (exit 2). */
export async function readRecording(file: string, stdin?: NodeJS.ReadableStream): Promise<JsonlParseResult> {
  const parser = new JsonlParser();
  const decoder = new TextDecoder();
  try {
    const stream = file === '-' && stdin ? stdin : createReadStream(file);
    for await (const chunk of stream)
      parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
    parser.push(decoder.decode());
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${fsReason(e)})`, { cause: e });
  }
  const result = parser.end();
  if (result.records.length === 0 && result.errors.length > 0) {
    const first = result.errors[0]!;
    throw new UsageError(`${file}: not a traffic recording (line ${first.line}: ${first.message})`);
  }
  return result;
}

/** Writes `lines` to `out`, in batches, waiting when the stream asks to. */
async function writeLines(out: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  let batch = '';
  let n = 0;
  const flush = async () => {
    if (!batch) return;
    const ok = out.write(batch);
    batch = '';
    if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for (const line of lines) {
    batch += line;
    if (++n % 1000 === 0) await flush();
  }
  await flush();
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseTrafficArgs(argv);
  const query = parseTrafficQuery(options.query);
  if (!query.ok) throw new UsageError(`--query: ${query.error}`);
  const { records, errors } = await readRecording(options.file, io.stdin);
  if (errors.length > 0) {
    const first = errors[0]!;
    io.stderr.write(
      sanitizeTerminalLine(
        `acp-desk traffic: ${options.file}: skipped ${errors.length} bad line${errors.length === 1 ? '' : 's'} (first: line ${first.line}: ${first.message})`,
      ) + '\n',
    );
  }
  const pairings = pairSegments(records);
  const matched: number[] = [];
  for (let i = 0; i < records.length; i++) if (query.match(records[i]!, { pairing: pairings[i] })) matched.push(i);
  const matches: TrafficRecord[] = matched.map((i) => records[i]!);
  if (options.output === 'har') {
    const har = toHar(matches, { creatorVersion: process.env.npm_package_version ?? '0.1.0' });
    try {
      await writeFile(options.harFile!, `${JSON.stringify(har, null, 2)}\n`, { mode: 0o600 });
    } catch (e) {
      throw new Error(`--har ${options.harFile!}: cannot write it (${fsReason(e)})`, { cause: e });
    }
    io.stdout.write(
      `${matches.length} record${matches.length === 1 ? '' : 's'} matched; wrote ${har.log.entries.length} HAR entr${har.log.entries.length === 1 ? 'y' : 'ies'} to ${sanitizeTerminalLine(options.harFile!)}\n`,
    );
  } else if (options.output === 'json') {
    await writeLines(io.stdout, matches.map(serializeRecord));
  } else {
    await writeLines(
      io.stdout,
      matched.map((i) => `${sanitizeTerminalLine(summarizeRecord(records[i]!, pairings[i]))}\n`),
    );
  }
  return matches.length > 0 ? 0 : 1;
}

export const trafficCommand: Command = {
  name: 'traffic',
  summary: 'filter a traffic recording with a query; print it, as JSON lines, or as HAR',
  usage: USAGE,
  run,
};
