/**
 * Runs `acp-desk web` as a real child process for the end-to-end tests, and reads the URL from
 * the one line the command prints on stdout.
 */
import { startCli, type RunningCli } from './cli-process';

export { REPO_ROOT } from './cli-process';

/** The stdout line `acp-desk web` prints once it serves; the capture is the URL. */
export const URL_LINE = /^ACP Desk is at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/m;

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

export interface RunningWeb extends ParsedUrlLine, Pick<RunningCli, 'child' | 'stderr' | 'stop'> {}

export interface StartOptions {
  readonly dataDir: string;
  readonly extraArgs?: readonly string[];
  readonly timeoutMs?: number;
}

/** Starts `acp-desk web --port 0 --no-open --data-dir DIR` and waits for its URL line. */
export async function startAcpDeskWeb(options: StartOptions): Promise<RunningWeb> {
  const args = ['web', '--port', '0', '--no-open', '--data-dir', options.dataDir, ...(options.extraArgs ?? [])];
  const cli = await startCli(args, URL_LINE, options.timeoutMs ?? 60_000);
  const parsed = parseUrlLine(cli.line[0]);
  if (!parsed) {
    await cli.stop();
    throw new Error(`acp-desk web printed a URL line it does not parse: ${cli.line[0]}`);
  }
  return { ...parsed, child: cli.child, stderr: cli.stderr, stop: cli.stop };
}
