/**
 * The IPC channels of the session operations (issue 14): fork, rename, archive/unarchive,
 * delete, status per session; logout and providers per endpoint. Each is refused by core
 * when the agent does not advertise it; `endpoints:ops` says which exist, so the UI can
 * leave the others out. Type-only apart from the channel list (the preload imports it).
 */
import type { LlmProtocol, ProviderInfo } from '@agentclientprotocol/sdk/unstable';
import type { RemoteSession } from '../domain/history';
import type { SessionOpsAvailability } from '../session/ops';

/** Session operations name the session; `endpointId` only for one this app has no transcript of. */
interface SessionTarget {
  sessionId: string;
  endpointId?: string;
}

export interface SessionOpsContract {
  /** Forks a session at its end into a new session (own transcript, same history). */
  'sessions:fork': { request: { sessionId: string }; response: { sessionId: string } };
  /** `session/set_title`; answers the title the agent stored (it may normalise it). */
  'sessions:rename': { request: SessionTarget & { title: string }; response: { title: string } };
  'sessions:archive': { request: SessionTarget; response: null };
  'sessions:unarchive': { request: SessionTarget; response: null };
  /** `session/delete`; the local transcript is deleted too unless `keepTranscript` (then read-only). */
  'sessions:delete': { request: SessionTarget & { keepTranscript: boolean }; response: null };
  /** `session/status`: `open` (in the agent's memory) or `saved`; `reported` is the agent's own word. */
  'sessions:status': { request: SessionTarget; response: { status: 'open' | 'saved'; reported: string } };
  /** The agent's archived sessions (`session/list` with `archived: only`). */
  'sessions:archived': { request: { endpointId: string }; response: RemoteSession[] };
  /** Which operations the endpoint's agent advertises (connects if needed). */
  'endpoints:ops': { request: { id: string }; response: SessionOpsAvailability };
  'endpoints:logout': { request: { id: string }; response: null };
  'endpoints:providers': { request: { id: string }; response: ProviderInfo[] };
  /** `providers/set`: replaces the provider's whole configuration. */
  'endpoints:setProvider': {
    request: {
      id: string;
      providerId: string;
      apiType: LlmProtocol;
      baseUrl: string;
      headers?: Record<string, string>;
    };
    response: null;
  };
  'endpoints:disableProvider': { request: { id: string; providerId: string }; response: null };
}

export const SESSION_OPS_CHANNELS = [
  'sessions:fork',
  'sessions:rename',
  'sessions:archive',
  'sessions:unarchive',
  'sessions:delete',
  'sessions:status',
  'sessions:archived',
  'endpoints:ops',
  'endpoints:logout',
  'endpoints:providers',
  'endpoints:setProvider',
  'endpoints:disableProvider',
] as const satisfies readonly (keyof SessionOpsContract)[];
