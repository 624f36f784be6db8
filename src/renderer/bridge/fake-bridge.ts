/**
 * An in-memory `Bridge` for component tests and previews. By default it behaves like a host
 * with a settings file: save/remove/select change the list and push `endpoints:changed`.
 * Any channel can be scripted through `handlers`; `fake` lets a test push events and read
 * the calls that were made.
 */
import type { AgentProbe, AppInfo } from '../../shared/domain/app';
import type { SessionOpsAvailability } from '../../shared/session/ops';
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import type {
  Bridge,
  EndpointList,
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../shared/ipc/contract';
import { validateInvoke } from '../../shared/ipc/validate';
import { err, type IpcResult } from '../../shared/util/result';
import { buildBridge, EventHub } from './build-bridge';
import { createFakeHandlers, type FakeState } from './fake-handlers';
import { createFakeOAuth } from './fake-oauth';
import { createFakeSessionOps, type FakeSessionOps } from './fake-session-ops';
import { createFakeTraffic, type FakeTraffic } from './fake-traffic';
import { SAMPLE_APP_INFO, sampleEndpoints, sampleProbe } from './fake-data';

type MaybePromise<T> = T | Promise<T>;
export type FakeHandlers = {
  readonly [C in InvokeChannel]?: (request: InvokeRequest<C>) => MaybePromise<IpcResult<InvokeResponse<C>>>;
};

export interface FakeBridgeOptions {
  readonly endpoints?: readonly SavedEndpoint[];
  readonly selectedId?: string | null;
  readonly appInfo?: Partial<AppInfo>;
  /** Answers `endpoints:test`; defaults to a successful sample probe. */
  readonly probe?: (endpoint: SavedEndpoint) => MaybePromise<IpcResult<AgentProbe>>;
  /** Replaces the default behaviour of single channels. */
  readonly handlers?: FakeHandlers;
  /** The session operations the fake agent advertises (default: all). */
  readonly sessionOps?: Partial<SessionOpsAvailability>;
}

export interface FakeCall {
  readonly channel: InvokeChannel;
  readonly request: unknown;
}

export interface FakeControl {
  readonly calls: readonly FakeCall[];
  callsTo(channel: InvokeChannel): readonly unknown[];
  emit<C extends EventChannel>(channel: C, payload: EventContract[C]): void;
  /** The host's current endpoint list. */
  list(): EndpointList;
  /** Replaces the host's list and pushes `endpoints:changed`, like another window would. */
  setList(list: EndpointList): void;
  listenerCount(channel: EventChannel): number;
  /** The host's traffic log: `traffic.push(endpointId, records)` logs and pushes live records. */
  readonly traffic: FakeTraffic;
  /** The session operations' in-memory results (fork, rename, archive, delete, providers…). */
  readonly sessionOps: FakeSessionOps;
}

export type FakeBridge = Bridge & { readonly fake: FakeControl };

export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const endpoints = options.endpoints ?? sampleEndpoints();
  const state: FakeState = {
    list: { endpoints, selectedId: options.selectedId === undefined ? (endpoints[0]?.id ?? null) : options.selectedId },
    info: { ...SAMPLE_APP_INFO, ...options.appInfo },
  };
  const hub = new EventHub();
  const calls: FakeCall[] = [];
  const setList = (list: EndpointList) => {
    state.list = list;
    hub.emit('endpoints:changed', list);
  };
  const defaults = createFakeHandlers(state, setList, options.probe ?? (() => ({ ok: true, value: sampleProbe() })));
  const traffic = createFakeTraffic((event) => hub.emit('traffic:records', event));
  const sessionOps = createFakeSessionOps(options.sessionOps);
  const oauth = createFakeOAuth((status) => hub.emit('endpoints:oauthChanged', status));
  const handlers: Record<string, ((request: never) => MaybePromise<IpcResult<unknown>>) | undefined> = {
    ...defaults,
    ...traffic.handlers,
    ...sessionOps.handlers,
    ...oauth.handlers,
    ...options.handlers,
  };

  const invoke = async (channel: InvokeChannel, request: unknown): Promise<IpcResult<unknown>> => {
    calls.push({ channel, request });
    // As the real hosts do (core/host/dispatch.ts): a payload the schemas refuse never reaches a handler.
    const valid = validateInvoke(channel, request);
    if (!valid.ok) return valid;
    const handler = handlers[channel];
    if (!handler) return err('internal', `The fake bridge has no handler for ${channel}.`);
    return structuredClone(await handler(valid.value.request as never));
  };

  const fake: FakeControl = {
    calls,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    emit: (channel, payload) => hub.emit(channel, payload),
    list: () => state.list,
    setList,
    listenerCount: (channel) => hub.count(channel),
    traffic,
    sessionOps,
  };
  return Object.freeze({ ...buildBridge(invoke, hub.subscribe), fake });
}
