/**
 * Every way a client request can end other than with the agent's own answer, in one place:
 * a timeout, a send that failed, a connection lost while it was in flight, the transport
 * stopping for good, a response too large to read, a turn stalled after a gap, or a prompt
 * cancelled before it was ever sent. Each ends the pending entry exactly once and hands the
 * SDK a JSON-RPC answer (an error with a `kind`, or `cancelled`), so no request waits forever.
 */
import { methods } from '@agentclientprotocol/sdk';
import type { TransportEvent } from '../../shared/domain/traffic';
import { errorResponse, isRequest, TRANSPORT_ERROR, type AnyMessage } from './jsonrpc';
import type { LinkError } from './link';
import type { OutputQueue } from './output-queue';
import type { PendingRequest, PendingTable } from './pending';
import { lostResponse } from './transport-errors';

export class RequestEndings {
  constructor(
    private readonly pending: PendingTable,
    private readonly out: OutputQueue,
    private readonly emit: (e: TransportEvent) => void,
    private readonly now: () => number,
  ) {}

  #failed(p: Pick<PendingRequest, 'method' | 'id'>, reason: string): void {
    this.emit({ type: 'request-failed', method: p.method, ...(p.id !== null ? { id: p.id } : {}), reason });
  }

  /** The prompts of a session still waiting for their answer. */
  promptsOf(sessionId: string): PendingRequest[] {
    return this.pending
      .clientRequests()
      .filter((p) => p.sessionId === sessionId && p.method === methods.agent.session.prompt);
  }

  /** The per-method timeout of a request fired. */
  timedOut(p: PendingRequest): void {
    const reason = `No response to ${p.method} after ${Math.round((this.now() - p.sentAt) / 1000)} s.`;
    this.#failed(p, reason);
    this.out.push(errorResponse(p.id, TRANSPORT_ERROR.internal, reason, { kind: 'timeout' }));
  }

  /** A message could not be sent (and will not be re-sent). */
  sendFailed(message: AnyMessage, err: LinkError): void {
    const method = 'method' in message ? message.method : 'response';
    if (isRequest(message)) {
      if (!this.pending.takeClient(message.id)) return;
      const code = err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal;
      const data = {
        kind: err.kind,
        ...(err.status ? { status: err.status } : {}),
        ...(err.body !== undefined ? { body: err.body } : {}),
      };
      this.out.push(errorResponse(message.id, code, err.message, data));
    }
    const id = 'id' in message && message.id !== null && message.id !== undefined ? message.id : undefined;
    this.emit({ type: 'request-failed', method, ...(id !== undefined ? { id } : {}), reason: err.message });
  }

  /** A prompt still waiting to be sent ends `cancelled`: the agent never saw it. */
  cancelUnsent(sessionId: string): void {
    for (const p of this.pending.clientRequests()) {
      if (p.sessionId !== sessionId || p.accepted || p.method !== methods.agent.session.prompt) continue;
      this.pending.takeClient(p.id);
      this.out.push({ jsonrpc: '2.0', id: p.id, result: { stopReason: 'cancelled' } });
    }
  }

  /**
   * The connection of `generation` is gone: requests it accepted can no longer be answered
   * and end now; requests not yet accepted stay in their send loop and go out on the new one.
   * Requests the agent made of us on it are cancelled towards the SDK.
   */
  connectionLost(generation: number, reason: string): void {
    for (const p of this.pending.clientRequests()) {
      if (p.generation > generation || !p.accepted) continue;
      this.pending.takeClient(p.id);
      this.out.push(lostResponse(p, reason));
    }
    for (const e of this.pending.dropAgentBefore(generation + 1)) {
      this.out.push({ jsonrpc: '2.0', method: methods.protocol.cancelRequest, params: { requestId: e.localId } });
    }
  }

  /** A turn that stalled after a gap: its prompt ends "interrupted". */
  interrupted(p: PendingRequest, reason: string): void {
    this.pending.takeClient(p.id);
    this.#failed(p, reason);
    this.out.push(
      errorResponse(p.id, TRANSPORT_ERROR.internal, `The turn was interrupted: ${reason}.`, { kind: 'interrupted' }),
    );
  }

  /** The answer to `id` was too large to read. */
  responseLost(id: string | number, reason: string): void {
    const p = this.pending.takeClient(id);
    if (!p) return;
    this.out.push(
      errorResponse(p.id, TRANSPORT_ERROR.internal, `The response to ${p.method} was lost: ${reason}`, {
        kind: 'too-large',
      }),
    );
  }

  /** The transport stopped for good: everything still waiting ends with the same error. */
  all(message: string, kind: string): void {
    const code = kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal;
    for (const p of this.pending.clientRequests()) {
      this.pending.takeClient(p.id);
      this.out.push(errorResponse(p.id, code, message, { kind }));
    }
  }
}
