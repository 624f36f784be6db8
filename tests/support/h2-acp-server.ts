/**
 * The SDK's AcpServer (a fetch-style `handleRequest`) hosted on node:http2, for the HTTP/2
 * tests: TLS with ALPN (h2, falling back to HTTP/1.1) or cleartext h2c with prior knowledge.
 * The SDK's own Node adapter speaks HTTP/1.1 only. Records the HTTP version of each request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { agent, methods } from '@agentclientprotocol/sdk';
import { AcpServer } from '@agentclientprotocol/sdk/experimental/server';

export interface H2Agent {
  readonly url: string;
  readonly versions: string[];
  close(): Promise<void>;
}

function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
}

let n = 0;
const build = () =>
  agent({ name: 'h2-agent' })
    .onRequest(methods.agent.initialize, () => ({ protocolVersion: 1, agentCapabilities: {}, authMethods: [] }))
    .onRequest(methods.agent.session.new, () => ({ sessionId: `h2_${++n}` }))
    .onRequest(methods.agent.session.prompt, async ({ params, client }) => {
      for (let i = 0; i < 20; i++)
        await client.notify(methods.client.session.update, {
          sessionId: params.sessionId,
          update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: `h${i} ` } },
        });
      return { stopReason: 'end_turn' };
    });

/** `tls` replaces the generated self-signed certificate (a CA-signed one, mutual TLS…). */
export async function startH2Agent(mode: 'tls' | 'h2c', tls?: http2.SecureServerOptions): Promise<H2Agent> {
  const acp = new AcpServer({ createAgent: build });
  const versions: string[] = [];
  const handler = async (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    versions.push(req.httpVersion);
    const abort = new AbortController();
    req.on('close', () => abort.abort());
    const chunks: Buffer[] = [];
    if (req.method === 'POST') for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (!k.startsWith(':') && typeof v === 'string') headers.set(k, v);
    const url = `${mode === 'tls' ? 'https' : 'http'}://${req.headers[':authority'] ?? req.headers.host}${req.url}`;
    const response = await acp.handleRequest(
      new Request(url, {
        method: req.method,
        headers,
        signal: abort.signal,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    delete out.connection;
    delete out['transfer-encoding'];
    res.writeHead(response.status, out);
    if (!response.body) return void res.end();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    } catch {
      // the client went away
    }
    res.end();
  };
  const server =
    mode === 'tls'
      ? http2.createSecureServer({ ...(tls ?? selfSigned()), allowHTTP1: true }, handler)
      : http2.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${mode === 'tls' ? 'https' : 'http'}://127.0.0.1:${port}/acp`,
    versions,
    async close() {
      await acp.close().catch(() => undefined);
      await new Promise<void>((r) => {
        server.close(() => r());
        setTimeout(r, 500);
      });
    },
  };
}
