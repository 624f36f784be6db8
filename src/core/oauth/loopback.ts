/**
 * The loopback redirect of a native app's authorization code flow (RFC 8252 §7.3): an HTTP
 * listener on 127.0.0.1 on a random port that takes exactly one redirect carrying the expected
 * `state`, answers the browser with a short page, and closes. An abort closes it too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  /** Resolves with the redirect's URL once one with `state` arrives; rejects on abort. */
  wait(state: string): Promise<URL>;
  close(): Promise<void>;
}

export type OpenLoopback = (signal?: AbortSignal) => Promise<LoopbackRedirect>;

const PATH = '/callback';

function page(title: string, text: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`
  );
}

const DONE = page('ACP Desk', 'You can close this tab and return to ACP Desk.');
const FAILED = page('ACP Desk', 'The sign-in did not complete. You can close this tab and return to ACP Desk.');
const STRANGER = page('ACP Desk', 'This is not the sign-in ACP Desk is waiting for.');

export const openLoopbackRedirect: OpenLoopback = async (signal) => {
  let expected: string | undefined;
  let settle: { resolve: (u: URL) => void; reject: (e: Error) => void } | undefined;
  let early: Error | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        connection: 'close',
      });
      res.end(body);
    };
    if (req.method !== 'GET' || url.pathname !== PATH) return reply(404, STRANGER);
    if (!expected || url.searchParams.get('state') !== expected) return reply(400, STRANGER);
    reply(200, url.searchParams.has('error') ? FAILED : DONE);
    expected = undefined; // one use
    const s = settle;
    settle = undefined;
    void close();
    s?.resolve(url);
  });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  const onAbort = () => {
    const e = new Error('The sign-in was cancelled.');
    e.name = 'AbortError';
    early = e;
    void close();
    settle?.reject(e);
    settle = undefined;
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${PATH}`,
    wait(state) {
      if (early) return Promise.reject(early);
      expected = state;
      return new Promise<URL>((resolve, reject) => (settle = { resolve, reject })).finally(() =>
        signal?.removeEventListener('abort', onAbort),
      );
    },
    close,
  };
};
