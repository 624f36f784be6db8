import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/args';

/** An in-memory CliIo: captured stdout/stderr, scripted stdin, a manual interrupt. */
export function memoryIo(stdinText = ''): CliIo & { out(): string; err(): string; interrupt(): void } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  let interrupt!: () => void;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  return {
    stdout,
    stderr,
    stdin: Readable.from([stdinText]),
    env: {},
    interrupted,
    out: () => out,
    err: () => err,
    interrupt,
  };
}
