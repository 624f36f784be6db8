/**
 * "Test connection": one `initialize` round trip through the real transport, reporting what
 * the agent says about itself. Failures come back as sentences with a next step.
 */
import { client, methods, PROTOCOL_VERSION } from '@agentclientprotocol/sdk';
import type { AgentProbe } from '../../shared/domain/app';
import { AppError } from '../../shared/util/result';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import { createAcpTransport } from './acp-transport';
import { CLIENT_INFO } from './client-info';
import { createNodeFetch, createNodeWebSocket } from './node-deps';
import { Redactor } from './redact';

export async function probeEndpoint(endpoint: ResolvedEndpoint, timeoutMs = 15_000): Promise<AgentProbe> {
  const fetch = createNodeFetch(endpoint.network ? { network: endpoint.network } : {});
  const transport = createAcpTransport({
    url: endpoint.url,
    profile: endpoint.transport,
    ...(endpoint.lastWorkingTransport ? { preferred: endpoint.lastWorkingTransport } : {}),
    headers: endpoint.headers,
    secretHeaderNames: endpoint.secretHeaderNames,
    secretValues: endpoint.secretValues,
    fetch,
    webSocket: createNodeWebSocket(endpoint.network),
    limits: { connectTimeoutMs: timeoutMs },
    requestTimeoutMs: { [methods.agent.initialize]: timeoutMs },
  });
  const started = Date.now();
  try {
    const init = await client({ name: CLIENT_INFO.name }).connectWith(transport.stream, (ctx) =>
      ctx.request(methods.agent.initialize, {
        protocolVersion: PROTOCOL_VERSION,
        clientCapabilities: {},
        clientInfo: CLIENT_INFO,
      }),
    );
    return {
      agentInfo: init.agentInfo ?? null,
      protocolVersion: init.protocolVersion,
      agentCapabilities: init.agentCapabilities ?? {},
      authMethods: init.authMethods ?? [],
      transport: transport.profile ?? 'http',
      durationMs: Date.now() - started,
    };
  } catch (e) {
    // The sentence quotes the URL and the server: it goes through the same redactor as traffic.
    const failure = probeError(e, endpoint.url);
    const redactor = new Redactor(endpoint.secretHeaderNames, endpoint.secretValues);
    throw new AppError(failure.code, redactor.text(failure.message));
  } finally {
    await transport.close();
    await fetch.close();
  }
}

function probeError(e: unknown, url: string): AppError {
  const data = (e as { data?: { kind?: string; status?: number } }).data;
  const message = e instanceof Error ? e.message : String(e);
  if (data?.kind === 'auth')
    return new AppError('unauthorized', `${message} Check the endpoint's headers (for example Authorization).`);
  if (data?.kind === 'network' || data?.kind === 'timeout')
    return new AppError(
      'unavailable',
      `Could not reach ${url}: ${message} Check the URL and that the agent is running.`,
    );
  if (data?.kind === 'not-acp' || data?.kind === 'refused-profile')
    return new AppError('unavailable', `${url} does not look like an ACP endpoint: ${message}`);
  return new AppError('unavailable', `The agent at ${url} did not complete initialize: ${message}`);
}
