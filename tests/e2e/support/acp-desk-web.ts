/**
 * Runs `acp-desk web` as a real child process (bin/acp-desk.mjs → tsx → src/cli) for the
 * end-to-end tests, and reads the URL from the one line the command prints on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stdout line `acp-desk web` prints once it serves; the capture is the URL. */
export const URL_LINE = /^ACP Desk is at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/m;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ParsedUrlLine {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** `http://127.0.0.1:N`, for requests that must not carry the token. */
  readonly origin: string;
}

export function parseUrlLine(stdout: string): ParsedUrlLine | undefined {
  const m = URL_LINE.exec(stdout);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { url: m[1], port: Number(m[2]), token: m[3], origin: `http://127.0.0.1:${m[2]}` };
}

export interface RunningWeb extends ParsedUrlLine {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly dataDir: string;
  readonly extraArgs?: readonly string[];
  readonly timeoutMs?: number;
}

/** Starts `acp-desk web --port 0 --no-open --data-dir DIR` and waits for its URL line. */
export function startAcpDeskWeb(options: StartOptions): Promise<RunningWeb> {
  const args = [
    'bin/acp-desk.mjs',
    'web',
    '--port',
    '0',
    '--no-open',
    '--data-dir',
    options.dataDir,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = options.timeoutMs ?? 60_000;

  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stopChild(child);
      reject(new Error(`acp-desk web ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs / 1000} s`), timeoutMs);
    const onData = () => {
      const parsed = parseUrlLine(stdout);
      if (!parsed) return;
      cleanup();
      resolve({ ...parsed, child, stderr: () => stderr, stop: () => stopChild(child) });
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited early (${code ?? signal})`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM (the CLI disposes and exits 0), SIGKILL if it is still there after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
