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
import { HostEvents } from '../host/events';

export interface AppCoreOptions {
  readonly dataDir: string;
  readonly cipher: SecretCipher;
  readonly host: AppInfo['host'];
  readonly version: string;
  /** URL of the in-process demo agent, if this host runs one. */
  readonly demoAgentUrl?: string;
  /** Runs `initialize` against an endpoint (the transport's probe). */
  readonly probe: (endpoint: ResolvedEndpoint) => Promise<AgentProbe>;
  readonly logger?: { warn(message: string): void; error(message: string, details?: unknown): void };
}

export interface AppCore {
  readonly handlers: InvokeHandlers;
  readonly events: HostEvents;
  readonly endpoints: EndpointRepository;
  dispose(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const endpoints = await EndpointRepository.open(path.join(options.dataDir, 'settings.json'), options.cipher);
  if (endpoints.loadProblem) options.logger?.warn(endpoints.loadProblem);
  if (options.demoAgentUrl) await endpoints.ensureDemoEndpoint(options.demoAgentUrl);
  const events = new HostEvents();
  const unsubscribe = endpoints.onChange((list) => events.emit('endpoints:changed', list));

  const info: AppInfo = {
    name: 'ACP Desk',
    version: options.version,
    host: options.host,
    secretStorage: options.cipher.kind,
    demoAgentUrl: options.demoAgentUrl ?? null,
  };

  const handlers: InvokeHandlers = {
    'app:info': () => info,
    'endpoints:list': () => endpoints.list(),
    'endpoints:save': ({ id, draft }) => endpoints.save(id, draft),
    'endpoints:remove': async ({ id }) => {
      await endpoints.remove(id);
      return null;
    },
    'endpoints:select': async ({ id }) => {
      await endpoints.select(id);
      return null;
    },
    'endpoints:test': async (request) => {
      const resolved = 'id' in request ? await endpoints.resolve(request.id) : await endpoints.resolveDraft(request.draft);
      const probe = await options.probe(resolved);
      if ('id' in request) await endpoints.rememberTransport(request.id, probe.transport);
      return probe;
    },
  };

  return {
    handlers,
    events,
    endpoints,
    async dispose() {
      unsubscribe();
    },
  };
}
