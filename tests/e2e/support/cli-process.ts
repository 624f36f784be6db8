/**
 * Runs `acp-desk` commands as child processes (bin/acp-desk.mjs → tsx → src/cli) for the
 * end-to-end tests: a server that prints its URL (`web`, `demo-agent`, `replay`), waited for by
 * its line, and a command run to its end (`chat … --traffic FILE`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const DEMO_AGENT_LINE = /^Demo agent at (http:\/\/127\.0\.0\.1:\d+\/acp)/m;
export const REPLAY_LINE = /^ACP Desk replay is at (http:\/\/127\.0\.0\.1:\d+\/acp)$/m;

export interface RunningCli {
  /** The first capture of the line waited for. */
  readonly url: string;
  /** The whole match of that line. */
  readonly line: RegExpExecArray;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function spawnCli(args: readonly string[]): Spawned {
  const child = spawn(process.execPath, ['bin/acp-desk.mjs', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/** Starts `acp-desk ARGS…` and resolves once `line` (its first capture the URL) is on its stdout. */
export function startCli(args: readonly string[], line: RegExp, timeoutMs = 60_000): Promise<RunningCli> {
  const { child, stdout, stderr } = spawnCli(args);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stopChild(child);
      reject(new Error(`acp-desk ${args[0]} ${why}\n--- stdout ---\n${stdout()}\n--- stderr ---\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs / 1000} s`), timeoutMs);
    const onData = () => {
      const m = line.exec(stdout());
      if (!m?.[1]) return;
      cleanup();
      resolve({ url: m[1], line: m, child, stderr, stop: () => stopChild(child) });
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited early (${code ?? signal})`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Runs `acp-desk ARGS…` to its end; resolves with its stdout and stderr, rejects unless it exits 0. */
export function runCli(args: readonly string[], timeoutMs = 90_000): Promise<string> {
  const { child, stdout, stderr } = spawnCli(args);
  const output = () => `--- stdout ---\n${stdout()}\n--- stderr ---\n${stderr()}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`acp-desk ${args[0]} did not end within ${timeoutMs / 1000} s\n${output()}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout() + stderr());
      else reject(new Error(`acp-desk ${args[0]} exited ${code}\n${output()}`));
    });
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
