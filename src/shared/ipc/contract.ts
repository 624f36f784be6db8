/**
 * The one IPC contract between the renderer and its host (Electron main, or `acp-desk web`).
 *
 * Every invoke channel is listed once with its request and response type, every push event
 * once with its payload. The preload, the host-side dispatcher, the browser-mode bridge and
 * the renderer's `Bridge` type are all derived from these lists. The zod schema for each
 * request lives in `schemas.ts` (kept apart so the sandboxed preload bundle stays free of zod).
 *
 * This module must stay type-only apart from the channel name lists: the preload imports it.
 */
import type { ContentBlock } from '@agentclientprotocol/sdk';
import type { AgentProbe, AppInfo } from '../domain/app';
import type { AttentionReport } from '../domain/attention';
import type { EndpointDraft, SavedEndpoint } from '../domain/endpoint';
import type {
  EndpointStatus,
  ExportedSession,
  RemoteSession,
  SearchHit,
  SessionEventBatch,
  SessionSnapshot,
  SessionSummary,
} from '../domain/history';
import type { Check, ProbeReport, Step } from '../domain/probe-report';
import type { PermissionOutcome } from '../domain/session';
import type { ElicitationAnswer } from '../elicitation/schema';
import type { TrafficRecord } from '../domain/traffic';
import type { LaneTimeline } from '../traffic/lanes';
import type { MethodLatency } from '../traffic/latency';
import type { IpcResult } from '../util/result';
import type { OAuthStatusView } from '../domain/endpoint-auth';
import { OAUTH_CHANNELS, type OAuthContract } from './oauth-contract';
import type { UpdateStatus } from '../domain/support';
import { SESSION_OPS_CHANNELS, type SessionOpsContract } from './session-ops-contract';
import { SUPPORT_CHANNELS, type SupportContract } from './support-contract';

export interface EndpointList {
  readonly endpoints: readonly SavedEndpoint[];
  readonly selectedId: string | null;
  /** A problem with the settings file, as a sentence (endpoints set aside, opened read-only). */
  readonly notice?: string;
}

/** One record of the traffic log: `logSeq` numbers the endpoint's log (1, 2, …; never reused, even after a clear). */
export interface TrafficEntry {
  readonly logSeq: number;
  readonly endpointId: string;
  readonly record: TrafficRecord;
}

/** A bounded slice of an endpoint's in-memory ring; `firstSeq`/`lastSeq` span the whole ring (0 when empty). */
export interface TrafficWindow {
  readonly records: TrafficEntry[];
  /** Records logged since the last clear, including those the ring already dropped. */
  readonly total: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** An endpoint's whole kept log as JSONL (one `TrafficRecord` a line, the `chat --traffic` format). */
export interface TrafficExport {
  readonly content: string;
  readonly records: number;
  /** The spill size cap rotated the oldest records out. */
  readonly truncated: boolean;
  /** False when writing the spill file failed, so records are missing. */
  readonly complete: boolean;
}

/** A recording opened offline (`traffic:openRecording`), shown as the pseudo-endpoint `endpointId`. */
export interface RecordingInfo {
  readonly endpointId: string;
  /** The file's name. */
  readonly name: string;
  readonly records: number;
  /** Lines that were not traffic records (skipped); `errors` names the first few. */
  readonly badLines: number;
  readonly errors: readonly { readonly line: number; readonly message: string }[];
  /** The last part arrived. */
  readonly done: boolean;
  /** Why reading stopped early (a size or record bound), as a sentence. */
  readonly stopped?: string;
  /** Opened by `acp-desk web --open FILE`: the inspector shows it when the UI starts. */
  readonly openAtStart?: boolean;
}

/** A Diagnose run's traffic (issue 12), kept in the log as the pseudo-endpoint `endpointId`. */
export interface DiagnoseRunInfo {
  readonly endpointId: string;
  /** "Diagnose · <endpoint> · 14:02:11". */
  readonly label: string;
  /** The diagnosed endpoint. */
  readonly forEndpointId: string;
  readonly startedAt: string;
}

/** A method's latency in `traffic:timeline`; the figures are null when none of its requests was answered. */
export type TrafficLatencyRow = Omit<MethodLatency, 'p50' | 'p95' | 'max'> & {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
};

/** The lane timeline of the records an endpoint's ring holds, and the per-method latency. */
export interface TrafficTimeline {
  readonly timeline: LaneTimeline;
  /** Of the requests matching the query (all without one). */
  readonly latency: TrafficLatencyRow[];
  /** Requests left off the lanes (the shortest) to keep the answer bounded. */
  readonly omittedRequests: number;
}

/** New records of one subscribed endpoint, sent only to the window that holds the subscription. */
export interface TrafficRecordsEvent {
  readonly subscriptionId: string;
  readonly endpointId: string;
  readonly records: TrafficEntry[];
}

/** request/response of every invoke channel; `undefined` request means "no argument". */
export interface InvokeContract extends SessionOpsContract, OAuthContract, SupportContract {
  'app:info': { request: undefined; response: AppInfo };
  'endpoints:list': { request: undefined; response: EndpointList };
  /** `notice`: what the save did besides saving (e.g. stored secrets dropped for a new host). */
  'endpoints:save': {
    request: { id?: string; draft: EndpointDraft };
    response: SavedEndpoint & { readonly notice?: string };
  };
  'endpoints:remove': { request: { id: string }; response: null };
  'endpoints:select': { request: { id: string | null }; response: null };
  /** Offline endpoint: rebuild its connection now instead of at the next slow retry. */
  'endpoints:retry': { request: { id: string }; response: { retried: boolean } };
  'endpoints:test': { request: { id: string } | { draft: EndpointDraft }; response: AgentProbe };
  'endpoints:status': { request: undefined; response: EndpointStatus[] };
  'endpoints:connect': { request: { id: string }; response: EndpointStatus };
  'endpoints:disconnect': { request: { id: string }; response: null };
  'endpoints:authenticate': { request: { id: string; methodId: string }; response: null };
  /** Answers a request-scoped elicitation (no session) shown in the endpoint's dialog (issue 14). */
  'endpoints:resolveElicitation': {
    request: { id: string; requestId: string; answer: ElicitationAnswer };
    response: null;
  };
  /** Forgets the endpoint's cookies (load-balancer affinity included); returns how many. */
  'endpoints:clearCookies': { request: { id: string }; response: { cleared: number } };
  /** The connection doctor and conformance checks against a saved endpoint (redacted report). */
  'endpoints:diagnose': { request: { id: string; prompt?: string }; response: ProbeReport };
  'sessions:list': { request: undefined; response: SessionSummary[] };
  'sessions:new': { request: { endpointId: string; cwd?: string }; response: { sessionId: string } };
  'sessions:open': { request: { sessionId: string }; response: SessionSnapshot };
  'sessions:snapshot': { request: { sessionId: string }; response: SessionSnapshot };
  'sessions:prompt': { request: { sessionId: string; prompt: ContentBlock[] }; response: { turnId: string } };
  'sessions:cancel': { request: { sessionId: string }; response: null };
  'sessions:resolvePermission': {
    request: { sessionId: string; requestId: string; outcome: PermissionOutcome };
    response: null;
  };
  'sessions:resolveElicitation': {
    request: { sessionId: string; requestId: string; answer: ElicitationAnswer };
    response: null;
  };
  'sessions:setMode': { request: { sessionId: string; modeId: string }; response: null };
  'sessions:setConfigOption': {
    request: { sessionId: string; configId: string; value: string | boolean };
    response: null;
  };
  'sessions:close': { request: { sessionId: string }; response: null };
  'sessions:search': { request: { query: string; limit?: number }; response: SearchHit[] };
  'sessions:export': { request: { sessionId: string; format: 'markdown' | 'json' }; response: ExportedSession };
  'sessions:remote': { request: { endpointId: string }; response: RemoteSession[] };
  'traffic:snapshot': { request: { endpointId?: string; limit?: number }; response: TrafficRecord[] };
  'traffic:clear': { request: { endpointId?: string }; response: null };
  /** Live records of one endpoint, or of every endpoint with 'all', for the calling window only. */
  'traffic:subscribe': { request: { endpointId: string }; response: { subscriptionId: string; total: number } };
  'traffic:unsubscribe': { request: { subscriptionId: string }; response: null };
  /**
   * `fromSeq` absent: the newest `limit` (≤ 5000). `query`: the inspector's query language.
   * `from`/`to`: only records whose time (epoch ms) is within, both ends included.
   */
  'traffic:window': {
    request: { endpointId: string; fromSeq?: number; limit: number; query?: string; from?: number; to?: number };
    response: TrafficWindow;
  };
  'traffic:export': { request: { endpointId: string; format: 'jsonl' }; response: TrafficExport };
  /** The lane timeline of the endpoint's ring; `query` narrows the latency rows. */
  'traffic:timeline': { request: { endpointId: string; query?: string }; response: TrafficTimeline };
  /**
   * Opens a JSONL recording read-only, in parts (≤ 1 MiB of text each; a new one without
   * `recordingId`, the answer names it); `done` ends it. Bounded: 200 MiB, 1M records.
   */
  'traffic:openRecording': {
    request: { recordingId?: string; name: string; content: string; done: boolean; openAtStart?: boolean };
    response: RecordingInfo;
  };
  'traffic:recordings': { request: Record<string, never>; response: RecordingInfo[] };
  /** The Diagnose runs whose records the log still holds (a clear forgets them), oldest first. */
  'traffic:diagnoseRuns': { request: Record<string, never>; response: DiagnoseRunInfo[] };
  /**
   * The sessions waiting for the person, each time that changes. Electron: OS notifications while
   * the window is not focused and the dock/taskbar badge; browser mode: nothing (title and badges only).
   */
  'app:attention': { request: AttentionReport; response: null };
}

/** One finished step or check of the Diagnose run of endpoint `id`. */
export interface DiagnoseProgress {
  readonly id: string;
  readonly item: { readonly kind: 'step'; readonly step: Step } | { readonly kind: 'check'; readonly check: Check };
}

/** Payload of every push event (host → renderer). */
export interface EventContract {
  'endpoints:changed': EndpointList;
  'endpoints:statusChanged': EndpointStatus;
  /** Batched: at most one push per ~16 ms; `seq` strictly increasing per session. */
  'sessions:events': SessionEventBatch[];
  'sessions:changed': SessionSummary[];
  'traffic:records': TrafficRecordsEvent;
  /** A Diagnose run in progress: each doctor step and conformance check as it ends (redacted). */
  'endpoints:diagnoseProgress': DiagnoseProgress;
  /** Electron: the person clicked a notification about this session; show it. */
  'app:openSession': { readonly sessionId: string };
  /** An endpoint's OAuth sign-in changed (signed in, refreshed, expired, signing in with a prompt). */
  'endpoints:oauthChanged': OAuthStatusView;
  /** Electron: the auto-updater's state changed (checking, download progress, ready to install). */
  'app:updateChanged': UpdateStatus;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeRequest<C extends InvokeChannel> = InvokeContract[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = InvokeContract[C]['response'];

/** Runtime lists, checked against the contract at compile time. */
export const INVOKE_CHANNELS = [
  ...SESSION_OPS_CHANNELS,
  ...OAUTH_CHANNELS,
  ...SUPPORT_CHANNELS,
  'app:info',
  'endpoints:list',
  'endpoints:save',
  'endpoints:remove',
  'endpoints:select',
  'endpoints:retry',
  'endpoints:test',
  'endpoints:status',
  'endpoints:connect',
  'endpoints:disconnect',
  'endpoints:authenticate',
  'endpoints:resolveElicitation',
  'endpoints:clearCookies',
  'endpoints:diagnose',
  'sessions:list',
  'sessions:new',
  'sessions:open',
  'sessions:snapshot',
  'sessions:prompt',
  'sessions:cancel',
  'sessions:resolvePermission',
  'sessions:resolveElicitation',
  'sessions:setMode',
  'sessions:setConfigOption',
  'sessions:close',
  'sessions:search',
  'sessions:export',
  'sessions:remote',
  'traffic:snapshot',
  'traffic:clear',
  'traffic:subscribe',
  'traffic:unsubscribe',
  'traffic:window',
  'traffic:export',
  'traffic:timeline',
  'traffic:openRecording',
  'traffic:recordings',
  'traffic:diagnoseRuns',
  'app:attention',
] as const satisfies readonly InvokeChannel[];
export const EVENT_CHANNELS = [
  'endpoints:changed',
  'endpoints:statusChanged',
  'sessions:events',
  'sessions:changed',
  'traffic:records',
  'endpoints:diagnoseProgress',
  'app:openSession',
  'endpoints:oauthChanged',
  'app:updateChanged',
] as const satisfies readonly EventChannel[];

// Compile-time totality: every contract key appears in the runtime list.
type Missing<All, Listed> = Exclude<All, Listed>;
const invokeTotal: Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never ? true : false = true;
const eventTotal: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : false = true;
void invokeTotal;
void eventTotal;

type GroupOf<C extends string> = C extends `${infer G}:${string}` ? G : never;
type InvokeFn<C extends InvokeChannel> =
  InvokeRequest<C> extends undefined
    ? () => Promise<IpcResult<InvokeResponse<C>>>
    : (request: InvokeRequest<C>) => Promise<IpcResult<InvokeResponse<C>>>;

/** `endpoints:changed` → `onEndpointsChanged`. */
export type EventMethodName<C extends string> = C extends `${infer G}:${infer V}`
  ? `on${Capitalize<G>}${Capitalize<V>}`
  : never;

/**
 * What the renderer depends on: grouped invoke methods (`bridge.endpoints.list()`) and one
 * named subscription per push event (`bridge.onEndpointsChanged(cb)` → unsubscribe).
 * Never a generic invoke/send.
 */
export type Bridge = {
  readonly [G in GroupOf<InvokeChannel>]: {
    readonly [C in InvokeChannel as C extends `${G}:${infer V}` ? V : never]: InvokeFn<C>;
  };
} & {
  readonly [C in EventChannel as EventMethodName<C>]: (listener: (payload: EventContract[C]) => void) => () => void;
};

/** Splits a channel into its bridge group and member names. */
export function bridgeMemberOf(channel: string): { group: string; member: string } {
  const i = channel.indexOf(':');
  return { group: channel.slice(0, i), member: channel.slice(i + 1) };
}

export function eventMethodName<C extends EventChannel>(channel: C): EventMethodName<C> {
  const { group, member } = bridgeMemberOf(channel);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `on${cap(group)}${cap(member)}` as EventMethodName<C>;
}

/** The global name the preload exposes. */
export const BRIDGE_GLOBAL = 'acp';
