/**
 * "Test connection": one `initialize` round trip through the real transport, reporting what
 * the agent says about itself. Failures come back classified: a sentence, a next step, details.
 */
import { client, methods, PROTOCOL_VERSION } from '@agentclientprotocol/sdk';
import type { AgentProbe } from '../../shared/domain/app';
import { classifyFailure } from '../../shared/errors/failure-class';
import { AppError } from '../../shared/util/result';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import { createAcpTransport } from './acp-transport';
import { CLIENT_INFO } from './client-info';
import { createNodeFetch, createNodeWebSocket } from './node-deps';
import { Redactor } from './redact';
import type { TransportAuth } from './transport-options';
import { networkSentenceIn } from './tls-errors';

/** `auth`: the endpoint's dynamic credentials (OAuth), sent and refreshed as on a connection. */
export async function probeEndpoint(
  endpoint: ResolvedEndpoint,
  timeoutMs = 15_000,
  auth?: TransportAuth,
): Promise<AgentProbe> {
  const fetch = createNodeFetch(endpoint.network ? { network: endpoint.network } : {});
  const transport = createAcpTransport({
    url: endpoint.url,
    profile: endpoint.transport,
    ...(endpoint.lastWorkingTransport ? { preferred: endpoint.lastWorkingTransport } : {}),
    headers: endpoint.headers,
    secretHeaderNames: endpoint.secretHeaderNames,
    secretValues: endpoint.secretValues,
    ...(auth ? { auth } : {}),
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
    // The URL and the server's words go through the same redactor as traffic before they are
    // classified, so neither the sentence nor the details can quote a secret.
    const redactor = new Redactor(endpoint.secretHeaderNames, endpoint.secretValues);
    throw probeError(e, redactor.text(endpoint.url), (text) => redactor.text(text));
  } finally {
    await transport.close();
    await fetch.close();
  }
}

/**
 * One sentence and one next step for the failure (failure-class.ts); the raw text, status and
 * excerpt ride along in `details.failure` for the "Details" toggle.
 */
function probeError(e: unknown, url: string, redact: (text: string) => string): AppError {
  const data = (e as { data?: { kind?: unknown; status?: unknown } }).data;
  const kind = typeof data?.kind === 'string' ? data.kind : undefined;
  const status = typeof data?.status === 'number' ? data.status : undefined;
  const message = redact(e instanceof Error ? e.message : String(e));
  const tlsSentence = networkSentenceIn(message);
  const failure = classifyFailure({
    message,
    url,
    ...(kind ? { transportKind: kind } : {}),
    ...(status ? { status } : {}),
    ...(tlsSentence ? { tlsSentence } : {}),
  });
  return new AppError(failure.kind === 'auth' ? 'unauthorized' : 'unavailable', failure.title, { failure });
}
