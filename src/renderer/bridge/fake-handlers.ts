/** The fake bridge's default, in-memory host behaviour for every invoke channel. */
import type { AgentProbe, AppInfo } from '../../shared/domain/app';
import type {
  EndpointDraft,
  EndpointHeaderView,
  McpEntryDraft,
  McpServerView,
  SavedEndpoint,
} from '../../shared/domain/endpoint';
import {
  INVOKE_CHANNELS,
  type EndpointList,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../../shared/ipc/contract';
import { err, ok, type IpcResult } from '../../shared/util/result';
import { sampleProbeReport } from './fake-probe-report';
import { fakeNetwork } from './fake-network';
import { fakeSupport } from './fake-support';

export type Handlers = {
  readonly [C in InvokeChannel]: (
    request: InvokeRequest<C>,
  ) => IpcResult<InvokeResponse<C>> | Promise<IpcResult<InvokeResponse<C>>>;
};

export interface FakeState {
  list: EndpointList;
  readonly info: AppInfo;
}

let counter = 0;

function headerViews(draft: EndpointDraft): EndpointHeaderView[] {
  return (draft.headers ?? []).map((h) =>
    h.secret
      ? { name: h.name, secret: true, hasValue: Boolean(h.value) }
      : { name: h.name, secret: false, value: h.value ?? '', hasValue: Boolean(h.value) },
  );
}

/** MCP servers as the host shows them: an omitted secret value keeps the stored one (by server and name). */
function mcpViews(draft: EndpointDraft, existing: SavedEndpoint | undefined): McpServerView[] | undefined {
  if (!draft.mcpServers) return existing?.mcpServerViews ? [...existing.mcpServerViews] : undefined;
  return draft.mcpServers.map((m): McpServerView => {
    const prev = existing?.mcpServerViews?.find((p) => p.name === m.name);
    const prevEntries = prev ? (prev.type === 'stdio' ? prev.env : prev.headers) : [];
    const entry = (x: McpEntryDraft) =>
      x.secret === false
        ? { name: x.name, secret: false, value: x.value ?? '', hasValue: Boolean(x.value) }
        : {
            name: x.name,
            secret: true,
            hasValue: x.value !== undefined || prevEntries.some((p) => p.name === x.name && p.secret && p.hasValue),
          };
    return 'type' in m
      ? { type: m.type, name: m.name, url: m.url, headers: m.headers.map(entry) }
      : { type: 'stdio', name: m.name, command: m.command, args: [...m.args], env: m.env.map(entry) };
  });
}

function fromDraft(draft: EndpointDraft, existing: SavedEndpoint | undefined): SavedEndpoint {
  const now = new Date().toISOString();
  return {
    id: existing?.id ?? `fake-${++counter}`,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    name: draft.name.trim(),
    url: draft.url.trim(),
    transport: draft.transport ?? 'auto',
    headers: headerViews(draft),
    cwd: draft.cwd ?? '',
    notes: draft.notes ?? '',
    ...(draft.idleTimeoutSec !== undefined ? { idleTimeoutSec: draft.idleTimeoutSec } : {}),
    ...(existing?.builtin ? { builtin: existing.builtin } : {}),
    ...withMcp(mcpViews(draft, existing)),
    ...fakeNetwork(draft.network, existing?.network),
  };
}

function withMcp(views: McpServerView[] | undefined): Pick<SavedEndpoint, 'mcpServers' | 'mcpServerViews'> {
  if (!views?.length) return {};
  return { mcpServers: views.map((m) => ({ name: m.name, type: m.type })), mcpServerViews: views };
}

const missing = (id: string) => err<never>('not_found', `No saved endpoint has the id ${id}.`);

export function createFakeHandlers(
  state: FakeState,
  setList: (list: EndpointList) => void,
  probe: (endpoint: SavedEndpoint) => IpcResult<AgentProbe> | Promise<IpcResult<AgentProbe>>,
): Handlers {
  const find = (id: string) => state.list.endpoints.find((e) => e.id === id);
  return {
    ...unscripted(),
    ...fakeSupport(),
    'sessions:list': () => ok([]),
    'endpoints:status': () => ok([]),
    'app:info': () => ok(state.info),
    'app:attention': () => ok(null),
    'endpoints:list': () => ok(state.list),
    'endpoints:save': ({ id, draft }) => {
      const existing = id === undefined ? undefined : find(id);
      if (id !== undefined && !existing) return missing(id);
      const saved = fromDraft(draft, existing);
      const endpoints = existing
        ? state.list.endpoints.map((e) => (e.id === saved.id ? saved : e))
        : [...state.list.endpoints, saved];
      setList({ ...state.list, endpoints });
      return ok(saved);
    },
    'endpoints:remove': ({ id }) => {
      if (!find(id)) return missing(id);
      const endpoints = state.list.endpoints.filter((e) => e.id !== id);
      const selectedId = state.list.selectedId === id ? (endpoints[0]?.id ?? null) : state.list.selectedId;
      setList({ endpoints, selectedId });
      return ok(null);
    },
    'endpoints:select': ({ id }) => {
      if (id !== null && !find(id)) return missing(id);
      setList({ ...state.list, selectedId: id });
      return ok(null);
    },
    'endpoints:retry': ({ id }) => (find(id) ? ok({ retried: false }) : missing(id)),
    'endpoints:resolveElicitation': ({ id }) => (find(id) ? ok(null) : missing(id)),
    'endpoints:test': (request) => {
      if (!('id' in request)) return probe(fromDraft(request.draft, undefined));
      const endpoint = find(request.id);
      return endpoint ? probe(endpoint) : missing(request.id);
    },
    'endpoints:diagnose': ({ id }) => {
      const endpoint = find(id);
      return endpoint ? ok(sampleProbeReport(endpoint.url)) : missing(id);
    },
  };
}

/** Channels a test has not scripted answer with a clear error instead of hanging. */
function unscripted(): Handlers {
  const out: Record<string, () => IpcResult<never>> = {};
  for (const channel of INVOKE_CHANNELS)
    out[channel] = () => err('unavailable', `The fake bridge does not script ${channel}.`);
  return out as unknown as Handlers;
}
