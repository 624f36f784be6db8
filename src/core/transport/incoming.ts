/**
 * Routing of what the agent sends, after the link validated it as JSON-RPC: responses are
 * matched to their requests by id across every stream (peers disagree on which stream carries
 * some of them); agent requests get ids unique across connections; the transport's own
 * recovery requests never reach the SDK.
 */
import { methods } from '@agentclientprotocol/sdk/unstable';
import { sessionOfLane, type Lane } from '../../shared/domain/traffic';
import {
  ATTACH_METHODS,
  isRecord,
  isRequest,
  isResponse,
  resultOf,
  sessionIdOfParams,
  type AnyMessage,
  type AnyResponse,
  type JsonRpcId,
} from './jsonrpc';
import type { Link } from './link';
import type { OutputQueue } from './output-queue';
import type { PendingTable } from './pending';
import type { TrafficTap } from './tap';

export interface IncomingDeps {
  readonly pending: PendingTable;
  readonly out: OutputQueue;
  /** Waiters of the transport's own requests, by their string id. */
  readonly internal: Map<string, (r: AnyResponse) => void>;
  link(): Link | undefined;
  remember(sessionId: string, params: unknown): void;
  forget(sessionId: string): void;
  record(input: Parameters<TrafficTap['record']>[0]): void;
}

/** Requests whose answer creates a session on the agent. */
const CREATE_METHODS = new Set<string>([methods.agent.session.new, methods.agent.session.fork]);

export function routeIncoming(d: IncomingDeps, generation: number, message: AnyMessage, lane: Lane): void {
  if (isResponse(message)) return onResponse(d, message, lane);
  if (isRequest(message)) {
    const sessionId = sessionOfLane(lane) ?? sessionIdOfParams(message);
    const entry = d.pending.addAgent(
      message.id,
      message.method,
      generation,
      lane === 'connection' ? undefined : sessionId,
    );
    d.out.push({ ...message, id: entry.localId });
    return;
  }
  if (message.method === methods.protocol.cancelRequest) {
    const requestId = isRecord(message.params) ? (message.params.requestId as JsonRpcId) : undefined;
    const entry = requestId !== undefined ? d.pending.findAgent(requestId, generation) : undefined;
    if (entry) d.out.push({ ...message, params: { ...(message.params as object), requestId: entry.localId } });
    return;
  }
  d.out.push(message);
}

function onResponse(d: IncomingDeps, message: AnyResponse, lane: Lane): void {
  const internal = typeof message.id === 'string' ? d.internal.get(message.id) : undefined;
  if (internal) return internal(message);
  const p = d.pending.takeClient(message.id);
  if (!p) {
    d.record({
      kind: 'error',
      lane,
      message: `response to unknown or timed-out request ${String(message.id)} (dropped)`,
    });
    return;
  }
  const result = resultOf(message);
  // A fork's answer names a new session, like session/new's: remember it (for re-attach) and
  // open its stream. It may come on the source session's stream or the connection's (peers
  // disagree); the pending table matched it by id whatever stream carried it.
  if (CREATE_METHODS.has(p.method) && typeof result?.sessionId === 'string') {
    d.remember(result.sessionId, p.params);
    d.link()
      ?.openSession(result.sessionId)
      .catch(() => undefined);
  }
  if (ATTACH_METHODS.has(p.method) && p.sessionId && 'error' in message) d.forget(p.sessionId);
  // The answer to session/close travels on the session's own stream: release it only now.
  if (p.method === methods.agent.session.close && p.sessionId) d.forget(p.sessionId);
  if (p.method === methods.agent.session.load && p.sessionId && lane !== `session:${p.sessionId}`) {
    // The load response may overtake the last replayed updates (different streams): hold it
    // until the session stream has gone quiet, so history is complete when the caller resumes.
    void (d.link()?.settle(p.sessionId) ?? Promise.resolve()).then(() => d.out.push(message));
    return;
  }
  d.out.push(message);
}
