/**
 * Re-attaching a session from its transcript: `session/resume` when the agent advertises it
 * (no replay), else `session/load` (the agent replays the history, which the reducer folds
 * into a shadow timeline and reconciles with ours), else the session stays read-only and
 * says why.
 */
import os from 'node:os';
import {
  methods,
  type ClientContext,
  type LoadSessionRequest,
  type LoadSessionResponse,
  type ResumeSessionResponse,
} from '@agentclientprotocol/sdk';
import type { EndpointRepository } from '../endpoints/endpoint-repository';
import type { EndpointConnection } from './endpoint-connection';
import { rpcErrorOf, RESOURCE_NOT_FOUND } from './errors';
import type { SessionRuntime } from './session-runtime';

export interface ReattachDeps {
  readonly endpoints: EndpointRepository;
  ready(endpointId: string): Promise<{ conn: EndpointConnection; ctx: ClientContext }>;
  /** Hands over updates that arrived before the runtime was attached. */
  release(): void;
}

export async function reattach(rt: SessionRuntime, deps: ReattachDeps): Promise<void> {
  if (!deps.endpoints.list().endpoints.some((e) => e.id === rt.endpointId)) {
    rt.markReadOnly('The endpoint of this session was removed; the transcript is read-only.');
    return;
  }
  let conn: EndpointConnection;
  let ctx: ClientContext;
  try {
    ({ conn, ctx } = await deps.ready(rt.endpointId));
  } catch (e) {
    rt.append({
      type: 'error',
      message: `${e instanceof Error ? e.message : String(e)} Reopen the session to try again.`,
    });
    return;
  }
  const caps = conn.init?.agentCapabilities ?? {};
  const cwd = rt.state.cwd || conn.endpoint.cwd || os.homedir();
  const params: LoadSessionRequest = { sessionId: rt.sessionId, cwd, mcpServers: [...conn.endpoint.mcpServers] };
  try {
    if (caps.sessionCapabilities?.resume) {
      rt.attach();
      const r: ResumeSessionResponse = await ctx.request(methods.agent.session.resume, params);
      rt.append({ type: 'session_opened', endpointId: rt.endpointId, cwd, via: 'resume' });
      rt.append({ type: 'session_state', modes: r.modes ?? null, configOptions: r.configOptions ?? null });
    } else if (caps.loadSession) {
      rt.attach();
      rt.append({ type: 'replay_started', via: 'session/load' });
      deps.release();
      const r: LoadSessionResponse | undefined = await ctx.request(methods.agent.session.load, params);
      await conn.drained();
      rt.append({ type: 'replay_ended' });
      rt.append({ type: 'session_opened', endpointId: rt.endpointId, cwd, via: 'load' });
      rt.append({ type: 'session_state', modes: r?.modes ?? null, configOptions: r?.configOptions ?? null });
    } else {
      rt.markReadOnly('This agent can neither resume nor load sessions, so the transcript is read-only.');
      return;
    }
    deps.release();
  } catch (e) {
    rt.detach();
    if (rt.state.replay) rt.append({ type: 'replay_ended' });
    const err = rpcErrorOf(e);
    if (err.code === RESOURCE_NOT_FOUND)
      rt.markReadOnly('The agent no longer has this session; the transcript is read-only.');
    else rt.append({ type: 'error', message: `Could not re-attach the session: ${err.message}` });
  }
}
