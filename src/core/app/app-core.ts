/**
 * The application core as the hosts see it: one object that implements every invoke channel
 * of the IPC contract and emits every push event. Electron main and `acp-desk web` both build
 * one and differ only in the adapter that carries the contract (IPC vs WebSocket) and in the
 * secret cipher they pass in.
 */
import path from 'node:path';
import type { AgentProbe, AppInfo } from '../../shared/domain/app';
import { EndpointRepository, type ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { SecretCipher } from '../endpoints/secret-store';
import type { InvokeHandlers } from '../host/dispatch';
import { CapabilityStore, DriftAnnotator } from '../endpoints/capability-store';
import { HostEvents } from '../host/events';
import { searchTranscripts } from '../persistence/search';
import { TranscriptStore } from '../persistence/transcript-store';
import { SessionEngine } from '../session/session-engine';
import { sessionOpsHandlers } from './session-ops-handlers';
import { elicitationHandlers } from './elicitation-handlers';
import { trafficHandlers } from './traffic-handlers';
import { exportHandler } from './export-handler';
import { supportHandlers } from './support-handlers';
import { nullLogger, type AppLog, type Logger } from '../log/logger';
import { diagnoseHandlers } from './diagnose-handlers';
import { TrafficLogHost } from '../traffic/traffic-host';
import { recordingHandlers } from '../traffic/recording-handlers';
import { createNodeFetch, nodeWebSocket } from '../transport/node-deps';
import type { TransportAuth } from '../transport/transport-options';
import { EndpointOAuth, oauthClientFactory, type OAuthClientFactory } from '../oauth/endpoint-oauth';
import { createFileVault } from '../oauth/file-vault';
import type { SignInPrompt } from '../oauth/types';
import { oauthHandlers, signOutIfGrantChanged, syncOAuthClients } from './oauth-handlers';

export interface AppCoreOptions {
  readonly dataDir: string;
  readonly cipher: SecretCipher;
  readonly host: AppInfo['host'];
  readonly version: string;
  /** URL of the in-process demo agent, if this host runs one. */
  readonly demoAgentUrl?: string;
  /** Runs `initialize` against an endpoint (the transport's probe), with its OAuth bearer if it signs in. */
  readonly probe: (endpoint: ResolvedEndpoint, auth?: TransportAuth) => Promise<AgentProbe>;
  /** The host's log; core logs under the scope `core` and masks the endpoints' secrets in it. */
  readonly logger?: AppLog;
  /** Retention of the traffic log per endpoint (defaults: 100k records in memory, 64 MiB on disk). */
  readonly traffic?: { readonly maxRecords?: number; readonly maxSpillBytes?: number };
  /** Builds an endpoint's OAuth client (issue 15); tests pass a fake. */
  readonly oauthClient?: OAuthClientFactory;
  /** Shows a sign-in prompt on this host (Electron: the system browser); the windows are told anyway. */
  readonly presentSignIn?: (prompt: SignInPrompt) => void | Promise<void>;
}

export interface AppCore {
  readonly handlers: InvokeHandlers;
  readonly events: HostEvents;
  readonly endpoints: EndpointRepository;
  readonly engine: SessionEngine;
  readonly traffic: TrafficLogHost;
  readonly oauth: EndpointOAuth;
  dispose(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log: Logger = options.logger?.child('core') ?? nullLogger;
  if (options.cipher.problem) log.warn(options.cipher.problem);
  const endpoints = await openEndpoints(options, log);
  const events = new HostEvents(log);
  const transcripts = await TranscriptStore.open(path.join(options.dataDir, 'transcripts'));
  const fetch = createNodeFetch();
  const traffic = new TrafficLogHost({
    dir: path.join(options.dataDir, 'traffic'),
    ...options.traffic,
    emit: (event) => events.emit('traffic:records', event),
    onError: (m) => log.warn(m),
  });
  const drift = new DriftAnnotator(
    await CapabilityStore.open(path.join(options.dataDir, 'capabilities.json'), (m) => log.warn(m)),
  );
  const oauth = new EndpointOAuth({
    // Discovery, registration and the token endpoint through the endpoint's proxy and TLS settings.
    factory: options.oauthClient ?? oauthClientFactory(fetch),
    // The grants (tokens, registered client) sealed per endpoint id, beside the settings.
    vault: createFileVault(path.join(options.dataDir, 'oauth-grants.json'), options.cipher),
    emit: (status) => events.emit('endpoints:oauthChanged', status),
    log: (m) => options.logger?.warn(m),
  });
  const engine = new SessionEngine({
    auth: oauth,
    endpoints,
    transcripts,
    fetch,
    webSocket: nodeWebSocket,
    events: {
      sessionEvents: (batches) => events.emit('sessions:events', batches),
      sessionsChanged: (list) => events.emit('sessions:changed', list),
      endpointStatus: (status) => events.emit('endpoints:statusChanged', drift.annotate(status)),
      trafficFeed: (endpointId, redactor) => traffic.feed(endpointId, redactor),
    },
    log: (m) => log.warn(m),
  });
  for (const problem of await engine.init()) log.warn(problem);
  const unsubscribe = endpoints.onChange((list) => events.emit('endpoints:changed', list));
  const syncOAuth = () => syncOAuthClients({ oauth, endpoints, log: (m) => options.logger?.warn(m) });
  await syncOAuth();
  const unsubscribeOAuth = endpoints.onChange(() => void syncOAuth());

  const info: AppInfo = {
    name: 'ACP Desk',
    version: options.version,
    host: options.host,
    secretStorage: options.cipher.kind,
    demoAgentUrl: options.demoAgentUrl ?? null,
  };
  const handlers = buildHandlers({
    info,
    endpoints,
    engine,
    transcripts,
    traffic,
    events,
    drift,
    probe: options.probe,
    log: options.logger,
    oauth,
    presentSignIn: options.presentSignIn,
  });
  return {
    handlers,
    events,
    endpoints,
    engine,
    traffic,
    oauth,
    async dispose() {
      unsubscribe();
      unsubscribeOAuth();
      oauth.dispose();
      await engine.dispose();
      await traffic.close();
      await transcripts.close();
      await fetch.close();
    },
  };
}

interface HandlerDeps {
  readonly info: AppInfo;
  readonly endpoints: EndpointRepository;
  readonly engine: SessionEngine;
  readonly transcripts: TranscriptStore;
  readonly traffic: TrafficLogHost;
  readonly events: HostEvents;
  readonly drift: DriftAnnotator;
  readonly log: AppLog | undefined;
  readonly probe: (endpoint: ResolvedEndpoint, auth?: TransportAuth) => Promise<AgentProbe>;
  readonly oauth: EndpointOAuth;
  readonly presentSignIn: AppCoreOptions['presentSignIn'];
}

/** The saved endpoints (a load problem logged, their secrets masked in the log) with the demo agent's seeded. */
async function openEndpoints(options: AppCoreOptions, log: Logger): Promise<EndpointRepository> {
  const endpoints = await EndpointRepository.open(path.join(options.dataDir, 'settings.json'), options.cipher);
  if (endpoints.loadProblem) log.warn(endpoints.loadProblem);
  await maskSecretsInLog(options.logger, endpoints);
  if (options.demoAgentUrl) await endpoints.ensureDemoEndpoint(options.demoAgentUrl);
  return endpoints;
}

/** The log masks every secret the saved endpoints hold (headers, MCP, proxy, TLS), now and as they change. */
async function maskSecretsInLog(log: AppLog | undefined, endpoints: EndpointRepository): Promise<void> {
  if (!log) return;
  const mask = async () => {
    const names: string[] = [];
    const values: string[] = [];
    for (const e of endpoints.list().endpoints) {
      try {
        const resolved = await endpoints.resolve(e.id);
        names.push(...resolved.secretHeaderNames);
        values.push(...resolved.secretValues);
      } catch (error) {
        log
          .child('core')
          .warn("could not read an endpoint's secrets to mask them in the log", { endpoint: e.name, error });
      }
    }
    log.setSecrets({ names, values });
  };
  await mask();
  endpoints.onChange(() => void mask()); // lives as long as the repository, i.e. the core
}

function buildHandlers(deps: HandlerDeps): InvokeHandlers {
  const { info, endpoints, engine, transcripts, traffic, events, drift, probe, oauth } = deps;
  const nothing = async (p: Promise<unknown>) => (await p, null);
  return {
    ...elicitationHandlers(engine),
    ...recordingHandlers(traffic),
    ...trafficHandlers(traffic),
    ...exportHandler(engine, transcripts, endpoints),
    ...sessionOpsHandlers(engine),
    ...supportHandlers({ info, endpoints: () => endpoints.list().endpoints, log: deps.log }),
    ...diagnoseHandlers({ endpoints, traffic, events, drift, auth: (e) => oauth.transportAuth(e) }),
    ...oauthHandlers({ oauth, endpoints, engine, present: (_id, prompt) => deps.presentSignIn?.(prompt) }),
    'app:info': () => info,
    'endpoints:list': () => endpoints.list(),
    'endpoints:save': async ({ id, draft }) => {
      const before = id ? endpoints.get(id) : undefined;
      const saved = await endpoints.save(id, draft);
      if (id) await engine.closeEndpoint(id); // reconnect with the new settings on next use
      if (id && before) await signOutIfGrantChanged({ oauth, endpoints }, id, before);
      return saved;
    },
    'endpoints:remove': ({ id }) =>
      nothing(
        engine
          .closeEndpoint(id)
          .then(() => oauth.forget(id)) // revoke + erase the grant
          .then(() => endpoints.remove(id))
          .then(() => drift.forget(id)),
      ),
    'endpoints:select': ({ id }) => nothing(endpoints.select(id)),
    'endpoints:retry': async ({ id }) => ({ retried: engine.retryEndpoint(id) }),
    'endpoints:test': async (request) => {
      const resolved =
        'id' in request ? await endpoints.resolve(request.id) : await endpoints.resolveDraft(request.draft);
      // A saved endpoint that signs in is tested with its bearer (refreshed once on a 401, like a connection).
      const auth = 'id' in request ? oauth.transportAuth(resolved) : undefined;
      const result = await probe(resolved, auth);
      if ('id' in request) await endpoints.rememberTransport(request.id, result.transport);
      return result;
    },
    'endpoints:status': () => engine.endpointStatuses().map((s) => drift.annotate(s)),
    'endpoints:connect': ({ id }) => engine.connectEndpoint(id),
    'endpoints:disconnect': ({ id }) => nothing(engine.closeEndpoint(id)),
    'endpoints:authenticate': ({ id, methodId }) => nothing(engine.authenticate(id, methodId)),
    'endpoints:clearCookies': async ({ id }) => ({ cleared: await engine.clearCookies(id) }),
    'sessions:list': () => engine.listSessions(),
    'sessions:new': ({ endpointId, cwd }) => engine.newSession(endpointId, cwd),
    'sessions:open': ({ sessionId }) => engine.openSession(sessionId),
    'sessions:snapshot': ({ sessionId }) => engine.snapshot(sessionId),
    'sessions:prompt': ({ sessionId, prompt }) => engine.prompt(sessionId, prompt),
    'sessions:cancel': ({ sessionId }) => nothing(engine.cancel(sessionId)),
    'sessions:resolvePermission': async ({ sessionId, requestId, outcome }) => (
      engine.resolvePermission(sessionId, requestId, outcome),
      null
    ),
    'sessions:resolveElicitation': async ({ sessionId, requestId, answer }) => (
      engine.resolveElicitation(sessionId, requestId, answer),
      null
    ),
    'sessions:setMode': ({ sessionId, modeId }) => nothing(engine.setMode(sessionId, modeId)),
    'sessions:setConfigOption': ({ sessionId, configId, value }) =>
      nothing(engine.setConfigOption(sessionId, configId, value)),
    'sessions:close': ({ sessionId }) => nothing(engine.closeSession(sessionId)),
    'sessions:search': ({ query, limit }) => searchTranscripts(transcripts, query, limit, engine.liveStates()),
    'sessions:remote': ({ endpointId }) => engine.remoteSessions(endpointId),
    // Only the Electron host has OS notifications and a badge; it replaces this (src/main/attention.ts).
    'app:attention': () => null,
  };
}
