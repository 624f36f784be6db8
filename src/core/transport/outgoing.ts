/**
 * What the SDK writes to the transport's `Stream`: the first `initialize` starts the
 * connection; requests are tracked (their timeouts) and wait, visibly, until the connection is
 * open and their session attached; a message the server never accepted waits again for the
 * rebuilt connection; answers to agent requests go back with the agent's own id, on the
 * connection that asked. A session reported detached refuses its requests at once.
 */
import { methods } from '@agentclientprotocol/sdk';
import type { TransportEvent } from '../../shared/domain/traffic';
import { backoffDelay } from './backoff';
import { requestTimeout } from './defaults';
import {
  ATTACH_METHODS,
  errorResponse,
  isRequest,
  isResponse,
  sessionScopeOf,
  TRANSPORT_ERROR,
  type AnyMessage,
  type AnyRequest,
  type AnyResponse,
} from './jsonrpc';
import * as life from './lifecycle';
import { LinkError, sleep, type Link, type TransportLimits } from './link';
import type { OutputQueue } from './output-queue';
import type { PendingTable } from './pending';
import type { RequestEndings } from './request-endings';
import type { SessionRegistry } from './session-registry';
import type { TrafficTap } from './tap';
import type { TimerScope } from './timer-scope';

export interface OutgoingDeps {
  readonly out: OutputQueue;
  readonly pending: PendingTable;
  readonly end: RequestEndings;
  readonly sessions: SessionRegistry;
  readonly timers: TimerScope;
  readonly limits: TransportLimits;
  readonly random: () => number;
  /** Per-method request timeouts (options.requestTimeoutMs). */
  readonly requestTimeoutMs: Readonly<Record<string, number | null>> | undefined;
  closed(): boolean;
  /** Whether `initialize` has been seen (the connection was started). */
  started(): boolean;
  /** Starts the connection with the SDK's `initialize`. */
  start(initialize: AnyRequest): Promise<void>;
  /** The current lifecycle phase. */
  phase(): life.Phase;
  /** Settles when the connection is open; rejects when it failed or was closed. */
  ready(): Promise<void>;
  link(): Link | undefined;
  generation(): number;
  emit(event: TransportEvent): void;
  record(input: Parameters<TrafficTap['record']>[0]): void;
}

export function routeOutgoing(d: OutgoingDeps, message: AnyMessage): void {
  if (d.closed()) {
    if (isRequest(message))
      d.out.push(errorResponse(message.id, TRANSPORT_ERROR.internal, 'The connection is closed.'));
    return;
  }
  if (isResponse(message)) return void sendResponse(d, message);
  if (isRequest(message) && message.method === methods.agent.initialize && !d.started()) return void d.start(message);
  const sessionId = sessionScopeOf(message);
  const detached =
    sessionId !== undefined && !(isRequest(message) && ATTACH_METHODS.has(message.method))
      ? d.sessions.detachedReason(sessionId)
      : undefined;
  if (detached !== undefined) {
    if (isRequest(message))
      d.out.push(
        errorResponse(message.id, TRANSPORT_ERROR.internal, `Session ${sessionId} is detached: ${detached}`, {
          kind: 'detached',
        }),
      );
    return;
  }
  if (!isRequest(message) && 'method' in message && message.method === methods.agent.session.cancel && sessionId)
    d.end.cancelUnsent(sessionId);
  if (isRequest(message)) track(d, message, sessionId);
  if (isRequest(message) && ATTACH_METHODS.has(message.method) && sessionId)
    d.sessions.remember(sessionId, message.params);
  void sendWhenReady(d, message, sessionId);
}

function track(d: OutgoingDeps, request: AnyRequest, sessionId: string | undefined): void {
  const timeout = requestTimeout(request.method, d.requestTimeoutMs);
  d.pending.addClient(request, sessionId, d.generation(), timeout, (p) => d.end.timedOut(p));
}

async function sendWhenReady(d: OutgoingDeps, message: AnyMessage, sessionId: string | undefined): Promise<void> {
  const method = 'method' in message ? message.method : 'response';
  let announced = false;
  // A message that has to wait says so, once.
  const announce = (reason: string) => {
    if (!announced) d.emit({ type: 'waiting', method, ...(sessionId ? { sessionId } : {}), reason });
    announced = true;
  };
  for (let waits = 0; ;) {
    const phase = d.phase();
    if (phase.name === 'recovering' || phase.name === 'reattaching' || phase.name === 'offline')
      announce(life.detailOf(phase) ?? 'the connection is being rebuilt');
    try {
      await d.ready();
    } catch (e) {
      return d.end.sendFailed(message, e instanceof LinkError ? e : new LinkError('closed', String(e)));
    }
    const link = d.link()!;
    const generation = d.generation();
    try {
      await link.send(message, sessionId);
      if (isRequest(message)) d.pending.markAccepted(message.id);
      return;
    } catch (e) {
      const err = e instanceof LinkError ? e : new LinkError('network', String(e));
      // A request ended meanwhile (its timeout, or the transport failing) is not re-sent:
      // the caller was told it failed, and a re-sent prompt would run a turn nobody awaits.
      if (isRequest(message) && !d.pending.hasClient(message.id)) return;
      if (err.kind !== 'not-sent' || d.closed()) return d.end.sendFailed(message, err);
      // Never accepted by the server: nothing is lost, it waits (visibly) and goes out on
      // the rebuilt connection once its session is re-attached.
      announce(err.message);
      if (!life.sendsNow(d.phase()) || d.generation() !== generation) continue;
      await sleep(d.timers, backoffDelay(waits++, d.limits.backoff, d.random));
    }
  }
}

async function sendResponse(d: OutgoingDeps, message: AnyResponse): Promise<void> {
  const entry = d.pending.takeAgent(message.id);
  if (!entry) {
    d.record({ kind: 'error', message: `answer to unknown agent request ${String(message.id)} dropped` });
    return;
  }
  const link = d.link();
  if (entry.generation !== d.generation() || !link) {
    d.record({
      kind: 'error',
      message: `answer to ${entry.method} dropped: it came from a connection that is gone`,
    });
    return;
  }
  try {
    await link.send({ ...message, id: entry.originalId } as AnyResponse, entry.sessionId);
  } catch (e) {
    d.emit({
      type: 'request-failed',
      method: `answer to ${entry.method}`,
      reason: e instanceof Error ? e.message : String(e),
    });
  }
}
