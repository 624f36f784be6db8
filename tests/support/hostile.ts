/**
 * The hostile server's attacks, as fault-proxy decisions: a proxy in front of a real agent
 * forwards everything, except the requests a test picks, which get one of these. Each is an
 * attack seen in review (issue 9); the integration tests use them to prove the client holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyDecision } from './fault-proxy';

/** A server on another origin that records what reaches it (it must receive nothing). */
export interface Collector {
  readonly url: string;
  readonly received: Array<{ method: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

export async function collectorUp(): Promise<Collector> {
  const received: Collector['received'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('collected');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/collect`,
    received,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A redirect (307 keeps method and body) to `location`. */
export function redirectTo(location: string, status = 307): ProxyDecision {
  return { respond: status, headers: { location }, body: '' };
}

/**
 * A `200 application/json` answer that never ends on its own: it writes 64 KiB chunks until the
 * client hangs up (or `limitBytes`), counting what it wrote, so a test can see the client
 * stopped reading early.
 */
export function endlessJson(counter: { written: number }, limitBytes = 256 * 1024 * 1024): ProxyDecision {
  return {
    handle: (res, status) => {
      status(200);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"padding":"');
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (counter.written < limitBytes && !res.destroyed) {
          counter.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}');
      };
      res.on('close', () => undefined);
      pump();
    },
  };
}

/** A JSON-RPC notification nested `depth` levels deep (about 2 bytes per level). */
export function deeplyNested(depth: number, sessionId: string): string {
  const inner = '['.repeat(depth) + ']'.repeat(depth);
  return `{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"${sessionId}","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"deep"}},"_meta":{"x":${inner}}}}`;
}

/** One SSE event carrying `data` (single line). */
export function sseEvent(data: string): string {
  return `data: ${data}\n\n`;
}
