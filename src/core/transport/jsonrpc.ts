/**
 * Small, total classifiers over the SDK's JSON-RPC message types. The transport routes by
 * these and never assumes a payload is well-formed: anything that is not a JSON-RPC 2.0
 * object is reported as a traffic error and skipped.
 */
import type { AnyMessage, AnyNotification, AnyRequest, AnyResponse, JsonRpcId } from '@agentclientprotocol/sdk';
import { methods } from '@agentclientprotocol/sdk';

export type { AnyMessage, AnyNotification, AnyRequest, AnyResponse, JsonRpcId };

import { isRecord } from '../../shared/util/is-record';

export { isRecord };

export function isJsonRpcMessage(value: unknown): value is AnyMessage {
  if (!isRecord(value) || value.jsonrpc !== '2.0') return false;
  if (typeof value.method === 'string') return true;
  return 'id' in value && ('result' in value || 'error' in value);
}

export function isRequest(m: AnyMessage): m is AnyRequest {
  return 'method' in m && 'id' in m && m.id !== undefined;
}

export function isNotification(m: AnyMessage): m is AnyNotification {
  return 'method' in m && !('id' in m && m.id !== undefined);
}

export function isResponse(m: AnyMessage): m is AnyResponse {
  return !('method' in m);
}

export function paramsOf(m: AnyMessage): Record<string, unknown> | undefined {
  return 'method' in m && isRecord(m.params) ? m.params : undefined;
}

export function sessionIdOfParams(m: AnyMessage): string | undefined {
  const id = paramsOf(m)?.sessionId;
  return typeof id === 'string' ? id : undefined;
}

export function resultOf(m: AnyMessage): Record<string, unknown> | undefined {
  return isResponse(m) && 'result' in m && isRecord(m.result) ? m.result : undefined;
}

/** Map key for a JSON-RPC id: `1` and `"1"` are different ids. */
export function idKey(id: JsonRpcId | undefined): string {
  return typeof id === 'number' ? `n:${id}` : typeof id === 'string' ? `s:${id}` : 'null';
}

/**
 * Methods that never carry `Acp-Session-Id`, even if their params mention a session:
 * a stray header diverts the response to a session stream on the SDK server.
 */
const CONNECTION_LEVEL = new Set<string>([
  methods.agent.initialize,
  methods.agent.authenticate,
  methods.agent.logout,
  methods.agent.session.new,
  methods.agent.session.list,
  methods.protocol.cancelRequest,
]);

/** The session a client→agent request or notification is scoped to (and routed by), if any. */
export function sessionScopeOf(m: AnyMessage): string | undefined {
  if (!('method' in m) || CONNECTION_LEVEL.has(m.method)) return undefined;
  return sessionIdOfParams(m);
}

/** Requests that (re)attach a session: the session stream must be open before they are sent. */
export const ATTACH_METHODS = new Set<string>([methods.agent.session.load, methods.agent.session.resume]);

export function errorResponse(id: JsonRpcId, code: number, message: string, data?: unknown): AnyResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

/** ACP's "authentication required" error code (the SDK's `RequestError.authRequired`). */
export const AUTH_REQUIRED = -32000;

/** JSON-RPC error codes we synthesize for requests that cannot complete. */
export const TRANSPORT_ERROR = {
  /** Internal error: used for HTTP failures, with `data.status`/`data.body` like the SDK client. */
  internal: -32603,
  requestCancelled: -32800,
  authRequired: AUTH_REQUIRED,
} as const;

/** Reads a JSON-RPC id out of the first bytes of a message too large to parse. */
export function sniffId(excerpt: string): JsonRpcId | undefined {
  const m = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")/.exec(excerpt);
  if (!m?.[1]) return undefined;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : Number(m[1]);
}

/** Whether a message's first bytes look like a response (no "method" before the payload). */
export function sniffIsResponse(excerpt: string): boolean {
  return /"(result|error)"\s*:/.test(excerpt) && !/"method"\s*:/.test(excerpt);
}
