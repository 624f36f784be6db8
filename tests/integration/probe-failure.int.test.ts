/**
 * "Test connection" against real sockets that are not an agent: nothing listening, a web page,
 * a 404 on /acp, a 401. Each failure comes back classified (failure-class.ts): one sentence,
 * the right next step, the raw text and what the server said only in `details.failure`, and no
 * secret anywhere.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedEndpoint } from '../../src/core/endpoints/endpoint-repository';
import { probeEndpoint } from '../../src/core/transport/probe';
import { failureInDetails, type ClassifiedFailure } from '../../src/shared/errors/failure-class';
import { AppError } from '../../src/shared/util/result';

const KEY = 'sk-probe-fail-0123456789';
const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function endpoint(url: string): ResolvedEndpoint {
  return {
    id: 'e1',
    name: 'Probe',
    url,
    transport: 'auto',
    headers: { 'x-api-key': KEY },
    secretHeaderNames: ['x-api-key'],
    secretValues: [KEY],
    cwd: '/tmp',
    mcpServers: [],
  } as ResolvedEndpoint;
}

async function failure(url: string): Promise<{ error: AppError; failure: ClassifiedFailure }> {
  const error = await probeEndpoint(endpoint(url), 5_000).then(
    () => {
      throw new Error('the probe succeeded');
    },
    (e: unknown) => e as AppError,
  );
  expect(error).toBeInstanceOf(AppError);
  const f = failureInDetails(error.details);
  expect(f).not.toBeNull();
  expect(error.message).toBe(f!.title);
  expect(JSON.stringify(error.details)).not.toContain(KEY);
  return { error, failure: f! };
}

describe('Test connection classifies what it found', () => {
  it('nothing listening: says so, with host:port, and the errno text only in the details', async () => {
    const port = await closedPort();
    const { error, failure: f } = await failure(`http://127.0.0.1:${port}/acp`);
    expect(error.code).toBe('unavailable');
    expect(f.kind).toBe('nothing-listening');
    expect(f.title).toBe(`Nothing is listening at 127.0.0.1:${port}.`);
    expect(f.nextStep).toBe('Start the agent, or check the address.');
    expect(f.details.raw).toContain('ECONNREFUSED');
  });

  it('a web page (200 text/html): not an ACP endpoint, the page text as a tag-free excerpt', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><body><h1>Welcome to nginx!</h1><p>key ${KEY}</p></body></html>`);
    });
    const { failure: f } = await failure(`${base}/`);
    expect(f.kind).toBe('not-acp');
    expect(f.title).toBe('The server answered but it is not an ACP endpoint.');
    expect(f.nextStep).toContain('Check the path (…/acp)');
    expect(f.nextStep).toContain(`${base}/acp`);
    expect(f.nextStep).not.toMatch(/running/);
    expect(f.details.excerpt).toMatch(/^Welcome to nginx!/);
    expect(f.details.excerpt).not.toMatch(/</);
  });

  it('a 404 on /acp: not an ACP endpoint, with the status', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
    });
    const { failure: f } = await failure(`${base}/acp`);
    expect(f.kind).toBe('not-acp');
    expect(f.details.status).toBe(404);
    expect(f.details.excerpt).toBe('404 Not Found');
  });

  it('a 401: sign in or set the token', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('no');
    });
    const { error, failure: f } = await failure(`${base}/acp`);
    expect(error.code).toBe('unauthorized');
    expect(f.kind).toBe('auth');
    expect(f.nextStep).toMatch(/^Sign in, or add the token/);
  });
});
