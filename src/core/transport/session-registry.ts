/**
 * What the transport must remember about each session to survive a new connection: the
 * parameters to re-attach it with, whether re-attaching failed (its requests then fail at
 * once instead of reaching an agent that no longer knows it), and when it last spoke (for
 * the post-gap watchdog).
 */
import { methods } from '@agentclientprotocol/sdk';
import type { TransportEvent } from '../../shared/domain/traffic';
import { isRecord, type AnyResponse } from './jsonrpc';

interface SessionRecord {
  readonly cwd: string;
  readonly mcpServers: unknown[];
  readonly additionalDirectories?: unknown;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #detached = new Map<string, string>();
  readonly #activity = new Map<string, number>();

  remember(sessionId: string, params: unknown): void {
    const p = isRecord(params) ? params : {};
    this.#detached.delete(sessionId);
    this.#sessions.set(sessionId, {
      cwd: typeof p.cwd === 'string' ? p.cwd : '/',
      mcpServers: Array.isArray(p.mcpServers) ? p.mcpServers : [],
      ...(p.additionalDirectories !== undefined ? { additionalDirectories: p.additionalDirectories } : {}),
    });
  }

  forget(sessionId: string): void {
    this.#sessions.delete(sessionId);
    this.#activity.delete(sessionId);
  }

  detach(sessionId: string, reason: string): void {
    this.forget(sessionId);
    this.#detached.set(sessionId, reason);
  }

  /** Why the session cannot be used, if re-attaching it failed. */
  detachedReason(sessionId: string): string | undefined {
    return this.#detached.get(sessionId);
  }

  touch(sessionId: string, now: number): void {
    this.#activity.set(sessionId, now);
  }

  lastActivity(sessionId: string): number {
    return this.#activity.get(sessionId) ?? 0;
  }

  /**
   * Re-attaches every known session on a new connection: `session/resume` if the agent
   * advertises it, else `session/load`, else it is detached with the reason. Events go out
   * in order with the messages, so a load's replay sits between `reattaching` and `recovered`.
   */
  async reattachAll(deps: {
    capabilities: Record<string, unknown>;
    request(method: string, params: Record<string, unknown>, sessionId: string): Promise<AnyResponse>;
    settle(sessionId: string): Promise<void>;
    event(e: TransportEvent): void;
  }): Promise<void> {
    const caps = deps.capabilities;
    const sc = isRecord(caps.sessionCapabilities) ? caps.sessionCapabilities : {};
    const via = isRecord(sc.resume)
      ? methods.agent.session.resume
      : caps.loadSession === true
        ? methods.agent.session.load
        : undefined;
    for (const [sessionId, s] of [...this.#sessions]) {
      if (!via) {
        const reason =
          'The agent can neither resume nor load sessions, so this session cannot continue on the new connection.';
        this.detach(sessionId, reason);
        deps.event({ type: 'detached', sessionId, reason });
        continue;
      }
      deps.event({ type: 'reattaching', sessionId, via });
      const params = {
        sessionId,
        cwd: s.cwd,
        mcpServers: s.mcpServers,
        ...(s.additionalDirectories !== undefined ? { additionalDirectories: s.additionalDirectories } : {}),
      };
      const response = await deps.request(via, params, sessionId);
      if ('error' in response) {
        const reason = `${via} failed: ${response.error.message}`;
        this.detach(sessionId, reason);
        deps.event({ type: 'detached', sessionId, reason });
        continue;
      }
      if (via === methods.agent.session.load) await deps.settle(sessionId);
      deps.event({ type: 'recovered', sessionId, via });
    }
  }
}
