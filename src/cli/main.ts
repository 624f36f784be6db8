/**
 * `acp-desk` command-line entry. Subcommands live in ./commands; each parses its own flags
 * (see args.ts) and returns an exit code: 0 success, 1 failure (one-line reason on stderr),
 * 2 usage error.
 */
import { UsageError, type CliIo, type Command, type InterruptSignal } from './args';
import { chatCommand } from './commands/chat';
import { demoAgentCommand } from './commands/demo-agent';
import { probeCommand } from './commands/probe';
import { replayCommand } from './commands/replay';
import { trafficCommand } from './commands/traffic';
import { webCommand } from './commands/web';
import { deferred } from '../shared/util/deferred';

export const COMMANDS: readonly Command[] = [
  chatCommand,
  demoAgentCommand,
  probeCommand,
  replayCommand,
  trafficCommand,
  webCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: acp-desk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `acp-desk <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/**
 * The process's signals as a CliIo. A command decides what each Ctrl-C means; if it still has
 * not stopped by the time a further one arrives (the second when nothing listens for each
 * one, the third otherwise), the signal gets its default action and ends the process.
 */
function defaultIo(): CliIo {
  const listeners = new Set<(signal: InterruptSignal) => void>();
  const first = deferred();
  const interrupted = first.promise;
  let count = 0;
  const onSignal = (signal: InterruptSignal) => {
    count++;
    first.resolve();
    if (count >= 3 || (count >= 2 && listeners.size === 0)) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.kill(process.pid, signal);
      return;
    }
    for (const listener of [...listeners]) listener(signal);
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const onInterrupt = (listener: (signal: InterruptSignal) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interrupted,
    onInterrupt,
  };
}

export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${process.env.npm_package_version ?? '0.1.0'}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`acp-desk: unknown command "${name}" (try --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`acp-desk ${command.name}: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`acp-desk ${command.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
