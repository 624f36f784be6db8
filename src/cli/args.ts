/**
 * Flag parsing for every subcommand: node's own `util.parseArgs` for the syntax, zod for the
 * values. Any problem becomes a `UsageError`, which `main` turns into one line on stderr and
 * exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  readonly interrupted: Promise<void>;
  /**
   * Calls `listener` on every interrupt (each Ctrl-C), for commands that tell a first Ctrl-C
   * from a second; returns an unsubscribe. Without it only the first one (`interrupted`) is seen.
   */
  readonly onInterrupt?: (listener: (signal: InterruptSignal) => void) => () => void;
}

/** Subscribes to every interrupt `io` can report (see `CliIo.onInterrupt`). */
export function onEachInterrupt(io: CliIo, listener: (signal: InterruptSignal) => void): () => void {
  if (io.onInterrupt) return io.onInterrupt(listener);
  let active = true;
  void io.interrupted.then(() => {
    if (active) listener('SIGINT');
  });
  return () => {
    active = false;
  };
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export function parseFlags<S extends z.ZodType>(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  allowPositionals = false,
): z.output<S> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(firstLine(e instanceof Error ? e.message : String(e)));
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `--${String(issue.path[0])}: ` : '';
    throw new UsageError(`${where}${issue?.message ?? 'invalid arguments'}`);
  }
  return result.data;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
