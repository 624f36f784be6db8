/**
 * `acp-desk probe <url>`: the connection doctor and the conformance checks against a remote
 * ACP endpoint. One line per step and check as it finishes, then a summary; --json prints one
 * report object instead (schema: src/core/doctor/report.ts, docs/probe.md).
 */
import { z } from 'zod';
import { runProbe } from '../../core/doctor/probe';
import { checkLine, stepLine, summaryLine } from '../../core/doctor/markdown';
import { parseFlags, type CliIo, type Command } from '../args';
import { openTrafficFile, parseHeader } from './chat';
import { NETWORK_FLAGS, NETWORK_USAGE, networkFlagSchema, networkFromFlags } from '../network-flags';

const USAGE = `Usage: acp-desk probe <url> [options]

Diagnoses a remote ACP endpoint step by step (URL, DNS, TCP, TLS, initialize, streams, session,
WebSocket, DELETE) and checks it against the transport RFD (MANDATORY / ADVISORY / INFORMATIONAL).

Options:
  --header "Name: value"        header for every request to the endpoint (repeatable; redacted in the report)
  --transport auto|http|ws      which profiles to probe (default auto: both)
  --prompt TEXT                 also run one prompt round trip (time to first update)
  --only doctor|conformance     run only one half
  --json                        print one JSON report object (see docs/probe.md)
  --traffic FILE                write every exchange (redacted) as JSON lines, like chat --traffic;
                                each step and check then names its records (frames)
${NETWORK_USAGE}

Exit codes: 0 every MANDATORY check holds; 1 one fails (or a doctor step failed, or credentials
were refused); 2 the endpoint is unreachable or not an ACP endpoint (or a usage error).`;

const flagSchema = networkFlagSchema.extend({
  positionals: z.array(z.string()).length(1, 'expects exactly one <url>'),
  header: z.array(z.string()).optional(),
  transport: z.enum(['auto', 'http', 'ws']).default('auto'),
  prompt: z.string().min(1, 'an empty --prompt').optional(),
  only: z.enum(['doctor', 'conformance']).optional(),
  json: z.boolean().default(false),
  traffic: z.string().min(1).optional(),
});

const FLAGS = {
  header: { type: 'string', multiple: true },
  transport: { type: 'string' },
  prompt: { type: 'string' },
  only: { type: 'string' },
  json: { type: 'boolean' },
  traffic: { type: 'string' },
  ...NETWORK_FLAGS,
} as const;

export function parseProbeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const f = parseFlags(argv, FLAGS, flagSchema, true);
  return {
    url: f.positionals[0]!,
    headers: Object.fromEntries((f.header ?? []).map(parseHeader)),
    transport: f.transport,
    prompt: f.prompt,
    only: f.only,
    json: f.json,
    traffic: f.traffic,
    network: networkFromFlags(f, env),
  };
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'diagnose a remote ACP endpoint and check it against the transport RFD',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const a = parseProbeArgs(argv, io.env);
    const traffic = a.traffic ? await openTrafficFile(a.traffic, io) : undefined;
    const report = await runProbe({
      url: a.url,
      headers: a.headers,
      transport: a.transport,
      prompt: a.prompt,
      only: a.only,
      network: a.network,
      env: io.env,
      progress: a.json
        ? undefined
        : (item) => io.stdout.write(`${item.kind === 'step' ? stepLine(item.step) : checkLine(item.check)}\n`),
      ...(traffic ? { onRecord: (r) => traffic.write(r) } : {}),
    }).finally(() => traffic?.close());
    if (a.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`\n${summaryLine(report)}\n`);
    return report.outcome.exitCode;
  },
};
