/**
 * Shared helpers for transport integration tests: start the test agent and the fault proxy,
 * build an AcpTransport with fast limits, drive it with the official SDK client, and wait on
 * events instead of sleeping. Everything started is closed by `cleanupAll()` (call it from
 * `afterEach`), last started first.
 */
import { client, methods, RequestError, type SessionUpdate } from '@agentclientprotocol/sdk';
import { onTestFailed } from 'vitest';
import {
  createAcpTransport,
  type AcpTransport,
  type AcpTransportOptions,
} from '../../src/core/transport/acp-transport';
import type { TransportLimits } from '../../src/core/transport/link';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';
import type { TrafficRecord, TransportEvent } from '../../src/shared/domain/traffic';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';
import { startTestAgent, type TestAgent, type TestAgentOptions } from './test-agent';

const cleanups: Array<() => Promise<void> | void> = [];

/** Registers a teardown step; `cleanupAll` runs them newest first. */
export function defer(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch {
      // one failed teardown must not leak the rest
    }
  }
}

/**
 * Short limits so faults resolve in milliseconds. The idle timeout stays well above the
 * proxy's 100 ms keep-alives even on a loaded machine (an idle timeout that fires on a healthy
 * stream can lose a message in the gap); the stall test sets its own, shorter one.
 */
export const FAST_LIMITS: Partial<TransportLimits> = {
  idleTimeoutMs: 1_500,
  deleteTimeoutMs: 500,
  backoff: { baseMs: 20, maxMs: 200, maxAttempts: 6, healthyAfterMs: 200 },
};

export async function agentUp(options: TestAgentOptions = {}): Promise<TestAgent> {
  const a = await startTestAgent(options);
  let closed = false;
  defer(() => (closed ? undefined : a.close()));
  return {
    ...a,
    async close() {
      closed = true;
      await a.close();
    },
  };
}

export async function proxyUp(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const p = await startFaultProxy(target, options);
  defer(() => p.close());
  return p;
}

export interface TransportRig {
  readonly t: AcpTransport;
  readonly events: TransportEvent[];
  readonly traffic: TrafficRecord[];
}

export type RigOptions = Omit<Partial<AcpTransportOptions>, 'url' | 'fetch' | 'webSocket'>;

export function transportUp(url: string, options: RigOptions = {}): TransportRig {
  const fetch = createNodeFetch();
  const t = createAcpTransport({
    url,
    profile: 'http',
    random: () => 0.5,
    ...options,
    limits: { ...FAST_LIMITS, ...options.limits },
    fetch,
    webSocket: nodeWebSocket,
  });
  const events: TransportEvent[] = [];
  const traffic: TrafficRecord[] = [];
  t.onEvent((e) => events.push(e));
  t.onTraffic((r) => traffic.push(r));
  // On failure, print what the transport saw: a timing failure is otherwise a bare timeout.
  onTestFailed(() => console.error(`transport ${url} state=${t.state}\n${describeTraffic(events, traffic)}`));
  defer(async () => {
    await t.close();
    await fetch.close();
  });
  return { t, events, traffic };
}

/** A compact, one-line-per-item log of events and non-message traffic, for failure output. */
export function describeTraffic(events: TransportEvent[], traffic: TrafficRecord[]): string {
  const t0 = traffic[0]?.at ?? 0;
  const lines = traffic.map((r) => {
    const at = `+${r.at - t0}ms g${r.generation}`;
    if (r.kind === 'message') return `${at} ${r.direction} ${r.lane} ${JSON.stringify(r.message).slice(0, 100)}`;
    if (r.kind === 'http') return `${at} ${r.method} ${r.lane} ${r.status ?? ''} ${r.error ?? ''}`;
    if (r.kind === 'stream') return `${at} stream ${r.lane} ${r.phase} ${r.detail ?? ''}`;
    if (r.kind === 'websocket') return `${at} ws ${r.phase} ${r.code ?? ''} ${r.reason ?? ''}`;
    return `${at} error ${r.lane ?? ''} ${r.message}`;
  });
  return [`events: ${events.map((e) => e.type).join(', ')}`, ...lines.slice(-80)].join('\n');
}

export interface ClientRig {
  /** Updates received per session, in order. */
  readonly updates: Map<string, SessionUpdate[]>;
  /** Permission requests the client answered. */
  readonly permissions: string[];
  initialize(): Promise<{ agentCapabilities?: Record<string, unknown> }>;
  newSession(): Promise<string>;
  prompt(sessionId: string, text: string): Promise<{ stopReason: string }>;
  /** Any other request, for methods the helpers do not cover. */
  request(method: string, params: unknown): Promise<unknown>;
  notify(method: string, params: unknown): Promise<void>;
  close(): void;
}

/** Connects the SDK client to the transport's stream; permission requests are allowed. */
export function clientOn(t: AcpTransport): ClientRig {
  const updates = new Map<string, SessionUpdate[]>();
  const permissions: string[] = [];
  const app = client({ name: 'fault-test-client' })
    .onNotification(methods.client.session.update, ({ params }) => {
      const list = updates.get(params.sessionId) ?? [];
      list.push(params.update);
      updates.set(params.sessionId, list);
    })
    .onRequest(methods.client.session.requestPermission, ({ params }) => {
      permissions.push(params.sessionId);
      return { outcome: { outcome: 'selected', optionId: 'allow' } };
    });
  const conn = app.connect(t.stream);
  defer(() => conn.close());
  const ctx = conn.agent;
  return {
    updates,
    permissions,
    initialize: () =>
      ctx.request(methods.agent.initialize, {
        protocolVersion: 1,
        clientCapabilities: {},
        clientInfo: { name: 'fault-test', version: '1' },
      }) as Promise<{
        agentCapabilities?: Record<string, unknown>;
      }>,
    newSession: async () => (await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] })).sessionId,
    prompt: (sessionId, text) =>
      ctx.request(methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text }] }),
    request: (method, params) => ctx.request(method, params),
    notify: (method, params) => ctx.notify(method, params),
    close: () => conn.close(),
  };
}

import { waitFor } from './wait-for';

export { quietFor, waitFor } from './wait-for';

/** Waits for the first event matching `match` (already seen ones count). */
export async function waitForEvent<T extends TransportEvent['type']>(
  events: TransportEvent[],
  type: T,
  match: (e: Extract<TransportEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Extract<TransportEvent, { type: T }>> {
  let found: Extract<TransportEvent, { type: T }> | undefined;
  await waitFor(
    () =>
      (found = events.find(
        (e): e is Extract<TransportEvent, { type: T }> =>
          e.type === type && match(e as Extract<TransportEvent, { type: T }>),
      )) !== undefined,
    `a '${type}' event (seen: ${events.map((e) => e.type).join(', ') || 'none'})`,
    timeoutMs,
  );
  return found!;
}

export function eventsOf<T extends TransportEvent['type']>(
  events: TransportEvent[],
  type: T,
): Array<Extract<TransportEvent, { type: T }>> {
  return events.filter((e): e is Extract<TransportEvent, { type: T }> => e.type === type);
}

export function streamRecords(
  traffic: TrafficRecord[],
  phase?: string,
  lane?: string,
): Array<Extract<TrafficRecord, { kind: 'stream' }>> {
  return traffic.filter(
    (r): r is Extract<TrafficRecord, { kind: 'stream' }> =>
      r.kind === 'stream' && (phase === undefined || r.phase === phase) && (lane === undefined || r.lane === lane),
  );
}

export function errorRecords(traffic: TrafficRecord[]): Array<Extract<TrafficRecord, { kind: 'error' }>> {
  return traffic.filter((r): r is Extract<TrafficRecord, { kind: 'error' }> => r.kind === 'error');
}

/** The JSON-RPC error a request was answered with (fails if it succeeded). */
export async function rpcError(p: Promise<unknown>): Promise<RequestError & { data?: Record<string, unknown> }> {
  try {
    const value = await p;
    throw new Error(`expected a JSON-RPC error, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof RequestError) return e as RequestError & { data?: Record<string, unknown> };
    throw e;
  }
}

/** Agent message chunk texts of a session, in order. */
export function chunkTexts(rig: ClientRig, sessionId: string): string[] {
  return (rig.updates.get(sessionId) ?? []).flatMap((u) =>
    u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text' ? [u.content.text] : [],
  );
}
