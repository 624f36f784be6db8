/**
 * Deliberately broken ACP endpoints for the probe tests: a rewriting reverse proxy in front of
 * the SDK test agent that breaks exactly one rule of the transport RFD each (request headers
 * patched so the server accepts what it must refuse, or an answer made up instead of the
 * server's), plus a non-ACP HTTP server, a closed port and TLS servers with bad certificates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestAgent, type TestAgent } from './test-agent';

export type BrokenRule =
  | 'accepts-any-content-type'
  | 'no-406-without-accept'
  | 'no-400-without-connection'
  | 'no-404-unknown-connection'
  | 'session-post-without-session-id'
  | 'accepts-batch'
  | 'delete-keeps-connection';

/** Which conformance check each broken server must fail. */
export const CAUGHT_BY: Record<BrokenRule, string> = {
  'accepts-any-content-type': 'content-type-415',
  'no-406-without-accept': 'accept-406',
  'no-400-without-connection': 'missing-connection-400',
  'no-404-unknown-connection': 'unknown-connection-404',
  'session-post-without-session-id': 'missing-session-400',
  'accepts-batch': 'batch-refused',
  'delete-keeps-connection': 'delete-then-404',
};

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

type Decision = { respond: number } | { headers: http.OutgoingHttpHeaders };

function decide(rule: BrokenRule, req: http.IncomingMessage, body: string, known: ReadonlySet<string>): Decision {
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  const conn = req.headers['acp-connection-id'];
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch {
    msg = undefined;
  }
  const isInit = typeof msg === 'object' && msg !== null && (msg as { method?: string }).method === 'initialize';
  switch (rule) {
    case 'accepts-any-content-type':
      if (req.method === 'POST') headers['content-type'] = 'application/json';
      break;
    case 'no-406-without-accept':
      if (req.method === 'GET') headers.accept = 'text/event-stream';
      break;
    case 'no-400-without-connection':
      if (req.method === 'POST' && !conn && !isInit) return { respond: 202 };
      break;
    case 'no-404-unknown-connection':
      if (typeof conn === 'string' && !known.has(conn)) return { respond: 202 };
      break;
    case 'session-post-without-session-id': {
      const sid = (msg as { params?: { sessionId?: unknown } } | undefined)?.params?.sessionId;
      if (req.method === 'POST' && conn && !req.headers['acp-session-id'] && typeof sid === 'string')
        headers['acp-session-id'] = sid;
      break;
    }
    case 'accepts-batch':
      if (req.method === 'POST' && Array.isArray(msg)) return { respond: 202 };
      break;
    case 'delete-keeps-connection':
      if (req.method === 'DELETE') return { respond: 202 };
      break;
  }
  return { headers };
}

/** The SDK test agent behind a proxy that breaks `rule`. */
export async function startBrokenServer(rule: BrokenRule): Promise<Served & { upstream: TestAgent }> {
  const upstream = await startTestAgent({ ws: false });
  const target = new URL(upstream.url);
  const known = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const d = decide(rule, req, body, known);
      if ('respond' in d) {
        res.writeHead(d.respond).end();
        return;
      }
      const headers = { ...d.headers, host: target.host };
      delete headers['content-length'];
      const up = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
        (answer) => {
          const id = answer.headers['acp-connection-id'];
          if (typeof id === 'string') known.add(id);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.flushHeaders();
          answer.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      up.end(body);
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/acp`,
    upstream,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await upstream.close();
    },
  };
}

/** A plain web server that knows nothing of ACP. */
export async function startNonAcpServer(): Promise<Served> {
  const server = http.createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
  });
  const url = await listen(server);
  return { url: `${url}/acp`, close: () => closeServer(server) };
}

/** A port on which nothing listens (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/acp`;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A key and certificate for CN=localhost made with `openssl`: self-signed and currently valid,
 * or self-signed and expired (valid for one day in 2020).
 */
export function makeCertificate(kind: 'self-signed' | 'expired'): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-probe-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    if (kind === 'self-signed') {
      run([
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
      ]);
    } else {
      run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', 'req.csr', '-subj', '/CN=localhost']);
      writeFileSync(path.join(dir, 'index.txt'), '');
      writeFileSync(path.join(dir, 'serial'), '01\n');
      writeFileSync(
        path.join(dir, 'ca.cnf'),
        [
          '[ca]',
          'default_ca=d',
          '[d]',
          `database=${path.join(dir, 'index.txt')}`,
          `new_certs_dir=${dir}`,
          `serial=${path.join(dir, 'serial')}`,
          'default_md=sha256',
          'policy=p',
          'unique_subject=no',
          '[p]',
          'commonName=supplied',
          '',
        ].join('\n'),
      );
      run([
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-selfsign',
        '-keyfile',
        key,
        '-in',
        'req.csr',
        '-out',
        cert,
        '-startdate',
        '20200101000000Z',
        '-enddate',
        '20200102000000Z',
        '-notext',
      ]);
    }
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server on 127.0.0.1 with the given certificate (answers 404 to everything). */
export async function startTlsServer(creds: { key: string; cert: string }): Promise<Served & { port: number }> {
  const server = https.createServer(creds, (_req, res) => res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `https://localhost:${port}/acp`, port, close: () => closeServer(server) };
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}
