/**
 * Runs other `acp-desk` commands as child processes for the end-to-end tests: a server that
 * prints its URL (`demo-agent`, `replay`), waited for by its line, and a command run to its end
 * (`chat … --traffic FILE`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT, stopChild } from './acp-desk-web';

export interface RunningCli {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `acp-desk ARGS…` and resolves with the first capture of `line` on its stdout. */
export function startCli(args: readonly string[], line: RegExp, timeoutMs = 60_000): Promise<RunningCli> {
  const child = spawn(process.execPath, ['bin/acp-desk.mjs', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stopChild(child);
      reject(new Error(`acp-desk ${args[0]} ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs / 1000} s`), timeoutMs);
    const onData = (d: string) => {
      stdout += d;
      const url = line.exec(stdout)?.[1];
      if (!url) return;
      cleanup();
      resolve({ url, child, stop: () => stopChild(child) });
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

/** Runs `acp-desk ARGS…` to its end; rejects unless it exits 0. */
export function runCli(args: readonly string[], timeoutMs = 90_000): Promise<string> {
  const child = spawn(process.execPath, ['bin/acp-desk.mjs', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`acp-desk ${args[0]} did not end within ${timeoutMs / 1000} s\n${out}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`acp-desk ${args[0]} exited ${code}\n${out}`));
    });
  });
}

export const DEMO_AGENT_LINE = /^Demo agent at (http:\/\/127\.0\.0\.1:\d+\/acp)/m;
export const REPLAY_LINE = /^ACP Desk replay is at (http:\/\/127\.0\.0\.1:\d+\/acp)$/m;
