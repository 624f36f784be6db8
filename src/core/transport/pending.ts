/**
 * Bookkeeping for every request in flight in both directions, so that each one ends:
 * client→agent requests get their response, a timeout, or a synthesized error when the
 * connection is lost; agent→client requests get local ids unique across connections (agent
 * ids restart at 0 on every connection) and are cancelled when their connection is gone.
 */
import type { Lane } from '../../shared/domain/traffic';
import { idKey, type AnyRequest, type JsonRpcId } from './jsonrpc';
import type { Timers } from './link';

export interface PendingRequest {
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
  readonly sessionId: string | undefined;
  readonly generation: number;
  readonly sentAt: number;
  timer?: unknown;
  /**
   * The server took it (HTTP 2xx on its POST, or written to an open WebSocket). Only an
   * accepted request can have lost its answer; one that was never accepted is sent again on
   * the rebuilt connection instead of being failed.
   */
  accepted?: boolean;
}

export interface AgentRequestEntry {
  readonly localId: number;
  readonly originalId: JsonRpcId;
  readonly generation: number;
  /** The session whose stream carried it (its answer must carry that Acp-Session-Id). */
  readonly sessionId: string | undefined;
  readonly method: string;
}

export class PendingTable {
  readonly #client = new Map<string, PendingRequest>();
  readonly #agent = new Map<number, AgentRequestEntry>();
  #nextLocal = 1;

  constructor(private readonly timers: Timers) {}

  /** The server took the request (see `PendingRequest.accepted`). */
  markAccepted(id: JsonRpcId): void {
    const p = this.#client.get(idKey(id));
    if (p) p.accepted = true;
  }

  /** Tracks a request; if `timeoutMs` passes without an answer, `onTimeout` ends it. */
  addClient(
    request: AnyRequest,
    sessionId: string | undefined,
    generation: number,
    timeoutMs: number | null = null,
    onTimeout?: (p: PendingRequest) => void,
  ): PendingRequest {
    const params =
      request.params && typeof request.params === 'object' ? (request.params as Record<string, unknown>) : undefined;
    const p: PendingRequest = {
      id: request.id,
      method: request.method,
      params,
      sessionId,
      generation,
      sentAt: this.timers.now(),
    };
    this.#client.set(idKey(request.id), p);
    if (timeoutMs !== null && onTimeout) {
      p.timer = this.timers.setTimeout(() => {
        if (this.takeClient(request.id) === p) onTimeout(p);
      }, timeoutMs);
    }
    return p;
  }

  takeClient(id: JsonRpcId): PendingRequest | undefined {
    const key = idKey(id);
    const p = this.#client.get(key);
    if (p) {
      this.#client.delete(key);
      this.timers.clearTimeout(p.timer);
    }
    return p;
  }

  hasClient(id: JsonRpcId): boolean {
    return this.#client.has(idKey(id));
  }

  clientRequests(): PendingRequest[] {
    return [...this.#client.values()];
  }

  /** Labels of the requests whose responses are due on a lane ("session/prompt #3"). */
  dueOn(lane: Lane): string[] {
    const out: string[] = [];
    for (const p of this.#client.values()) {
      const expected: Lane = p.sessionId ? `session:${p.sessionId}` : 'connection';
      if (lane === 'websocket' || expected === lane) out.push(`${p.method} #${String(p.id)}`);
    }
    return out;
  }

  addAgent(
    originalId: JsonRpcId,
    method: string,
    generation: number,
    sessionId: string | undefined,
  ): AgentRequestEntry {
    const entry = { localId: this.#nextLocal++, originalId, generation, sessionId, method };
    this.#agent.set(entry.localId, entry);
    return entry;
  }

  takeAgent(localId: JsonRpcId): AgentRequestEntry | undefined {
    if (typeof localId !== 'number') return undefined;
    const e = this.#agent.get(localId);
    this.#agent.delete(localId);
    return e;
  }

  findAgent(originalId: JsonRpcId, generation: number): AgentRequestEntry | undefined {
    for (const e of this.#agent.values())
      if (e.generation === generation && idKey(e.originalId) === idKey(originalId)) return e;
    return undefined;
  }

  /** Removes and returns the agent requests of older connections. */
  dropAgentBefore(generation: number): AgentRequestEntry[] {
    const out: AgentRequestEntry[] = [];
    for (const [k, e] of this.#agent) {
      if (e.generation < generation) {
        out.push(e);
        this.#agent.delete(k);
      }
    }
    return out;
  }
}
