/**
 * A small, controllable ACP agent on the SDK's own AcpServer (HTTP/1.1 + WebSocket on /acp,
 * 127.0.0.1, port 0) for transport and engine tests. Sessions live in a store shared by every
 * connection, so `session/load`/`session/resume` work across reconnects and server restarts
 * (pass the same `store` to a new server).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
// The unstable binding: a superset of the stable one that also routes fork, archive, status… (issue 14).
import {
  agent,
  methods,
  RequestError,
  type SessionNotification,
  type SessionUpdate,
} from '@agentclientprotocol/sdk/unstable';
import { AcpServer, type ConnectionLimits } from '@agentclientprotocol/sdk/experimental/server';
import { createNodeHttpHandler, createNodeWebSocketUpgradeHandler } from '@agentclientprotocol/sdk/experimental/node';
import { addSessionOps, newOpsState, OPS_CAPABILITIES, type OpsState } from './test-agent-ops';

export interface TestSession {
  readonly id: string;
  readonly history: SessionUpdate[];
  cancel?: () => void;
  cwd?: string;
  title?: string;
  archived?: boolean;
}

export interface TestAgentOptions {
  readonly store?: Map<string, TestSession>;
  readonly loadSession?: boolean;
  readonly resume?: boolean;
  readonly ws?: boolean;
  readonly limits?: ConnectionLimits;
  /** Wraps the Node request handler (e.g. to demand a cookie). */
  readonly wrap?: (handler: http.RequestListener) => http.RequestListener;
  readonly port?: number;
  /** Advertise one auth method and refuse session/new until `authenticate` is called. */
  readonly requireAuth?: boolean;
  /**
   * Session operations (test-agent-ops.ts): 'all' advertises and implements them, 'none'
   * implements them without advertising any; absent, neither.
   */
  readonly ops?: 'all' | 'none';
  /** Serve HTTPS (and WSS) with these TLS options (key, cert, ca, requestCert…). */
  readonly tls?: https.ServerOptions;
}

export interface TestAgent {
  readonly url: string;
  readonly port: number;
  readonly store: Map<string, TestSession>;
  /** Count of connections the server accepted (initialize calls). */
  readonly initializeCount: () => number;
  /** Params of every session/new, load and resume the agent received. */
  readonly sessionParams: Array<{ method: string; params: unknown }>;
  /** The clientCapabilities of every initialize, in order. */
  readonly clientCapabilities: unknown[];
  /** Logouts, providers and open sessions of the session operations. */
  readonly ops: OpsState;
  close(): Promise<void>;
}

let seq = 0;

/**
 * Prompt scripts (text of the first text block):
 * - `chunks N` → N agent_message_chunk updates "c0".."cN-1", then end_turn;
 * - `permission` → a tool call + session/request_permission; stop reason from the choice;
 * - `slow N` → N chunks 20 ms apart (for drops mid-turn);
 * - `big N` → one chunk of N characters;
 * - `ask` → a form elicitation/create, then a chunk "asked: <action> <content as JSON>";
 * - `login` → a URL elicitation/create; on accept an elicitation/complete, then "login: <action>";
 * - `appask` / `applogin` → the same without a sessionId (request-scoped), then "app: <action> <content>";
 * - `title T` → a session_info_update with title T (the agent naming the session itself);
 * - anything else → echoes the text in one chunk.
 */
export async function startTestAgent(options: TestAgentOptions = {}): Promise<TestAgent> {
  const store = options.store ?? new Map<string, TestSession>();
  let inits = 0;
  const sessionParams: Array<{ method: string; params: unknown }> = [];
  const clientCapabilities: unknown[] = [];
  const opsState = newOpsState();
  const all = options.ops === 'all';
  const build = () => {
    let authed = !options.requireAuth;
    const app = agent({ name: 'test-agent' })
      .onRequest(methods.agent.initialize, ({ params }) => {
        inits++;
        clientCapabilities.push(params.clientCapabilities);
        return {
          protocolVersion: 1,
          agentInfo: { name: 'test-agent', version: '1.0.0' },
          agentCapabilities: {
            loadSession: options.loadSession ?? true,
            sessionCapabilities: {
              list: {},
              close: {},
              ...(options.resume ? { resume: {} } : {}),
              ...(all ? OPS_CAPABILITIES.sessionCapabilities : {}),
            },
            ...(all ? { auth: OPS_CAPABILITIES.auth, providers: OPS_CAPABILITIES.providers } : {}),
          },
          authMethods: options.requireAuth ? [{ id: 'token', name: 'Token login' }] : [],
        };
      })
      .onRequest(methods.agent.authenticate, () => {
        authed = true;
        return {};
      })
      .onRequest(methods.agent.session.new, ({ params }) => {
        sessionParams.push({ method: 'session/new', params });
        if (!authed) throw RequestError.authRequired();
        const id = `sess_${++seq}`;
        store.set(id, { id, history: [], cwd: params.cwd });
        opsState.open.add(id);
        return { sessionId: id };
      })
      .onRequest(methods.agent.session.load, async ({ params, client }) => {
        const s = store.get(params.sessionId);
        if (!s) throw RequestError.resourceNotFound(params.sessionId);
        opsState.open.add(s.id);
        for (const update of s.history) await client.notify(methods.client.session.update, { sessionId: s.id, update });
        return {};
      })
      .onRequest(methods.agent.session.resume, ({ params }) => {
        if (!store.has(params.sessionId)) throw RequestError.resourceNotFound(params.sessionId);
        return {};
      })
      .onRequest(methods.agent.session.close, ({ params }) => {
        store.get(params.sessionId)?.cancel?.();
        return {};
      })
      .onNotification(methods.agent.session.cancel, ({ params }) => store.get(params.sessionId)?.cancel?.())
      .onRequest(methods.agent.session.prompt, async ({ params, client }) => {
        const s = store.get(params.sessionId);
        if (!s) throw RequestError.resourceNotFound(params.sessionId);
        const first = params.prompt[0];
        const text = first?.type === 'text' ? first.text : '';
        let cancelled = false;
        s.cancel = () => (cancelled = true);
        const send = async (update: SessionUpdate) => {
          s.history.push(update);
          const n: SessionNotification = { sessionId: s.id, update };
          await client.notify(methods.client.session.update, n);
        };
        await send({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text } });
        const [cmd, arg] = text.split(' ');
        const n = Number(arg ?? 0);
        if (cmd === 'chunks' || cmd === 'slow') {
          for (let i = 0; i < n && !cancelled; i++) {
            await send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: `c${i} ` } });
            if (cmd === 'slow') await new Promise((r) => setTimeout(r, 20));
          }
        } else if (cmd === 'fs' || cmd === 'terminal') {
          // A client that did not advertise fs/terminal must answer with an error, not silence.
          const method = cmd === 'fs' ? methods.client.fs.readTextFile : methods.client.terminal.create;
          const params = cmd === 'fs' ? { sessionId: s.id, path: '/etc/hostname' } : { sessionId: s.id, command: 'ls' };
          const outcome = await client.request(method, params as never).then(
            () => 'answered',
            (e: { code?: number }) => `error ${e.code}`,
          );
          await send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: outcome } });
        } else if (cmd === 'unknown' || cmd === 'invalid') {
          const raw =
            cmd === 'unknown' ? { sessionUpdate: 'future_kind', x: 1 } : { sessionUpdate: 'tool_call', title: 42 };
          await client.notify(methods.client.session.update, {
            sessionId: s.id,
            update: raw as unknown as SessionUpdate,
          });
          await send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'after' } });
        } else if (cmd === 'title') {
          // The agent's own title (session_info_update), as agents report generated titles.
          s.title = text.slice('title '.length);
          await send({ sessionUpdate: 'session_info_update', title: s.title });
        } else if (cmd === 'big') {
          await send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'x'.repeat(n) } });
        } else if (cmd === 'permission') {
          await send({
            sessionUpdate: 'tool_call',
            toolCallId: 'call_1',
            title: 'Edit file',
            kind: 'edit',
            status: 'pending',
          });
          const answer = await client.request(methods.client.session.requestPermission, {
            sessionId: s.id,
            toolCall: { toolCallId: 'call_1' },
            options: [
              { optionId: 'allow', name: 'Allow', kind: 'allow_once' },
              { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
            ],
          });
          if (answer.outcome.outcome === 'cancelled') return { stopReason: 'cancelled' };
          const allowed = answer.outcome.optionId === 'allow';
          await send({
            sessionUpdate: 'tool_call_update',
            toolCallId: 'call_1',
            status: allowed ? 'completed' : 'failed',
          });
        } else if (cmd === 'ask') {
          const reply = await client.request(methods.client.elicitation.create, {
            sessionId: s.id,
            mode: 'form',
            message: 'Which branch?',
            requestedSchema: { type: 'object', properties: { branch: { type: 'string' } }, required: ['branch'] },
          });
          const content = reply.action === 'accept' && reply.content ? ` ${JSON.stringify(reply.content)}` : '';
          await send({
            sessionUpdate: 'agent_message_chunk',
            content: { type: 'text', text: `asked: ${reply.action}${content}` },
          });
        } else if (cmd === 'login') {
          const elicitationId = `login-${s.id}`;
          const reply = await client.request(methods.client.elicitation.create, {
            sessionId: s.id,
            mode: 'url',
            message: 'Sign in to continue',
            elicitationId,
            url: 'https://login.example.test/authorize?session=1',
          });
          if (reply.action === 'accept') await client.notify(methods.client.elicitation.complete, { elicitationId });
          await send({
            sessionUpdate: 'agent_message_chunk',
            content: { type: 'text', text: `login: ${reply.action}` },
          });
        } else if (cmd === 'appask' || cmd === 'applogin') {
          // Request-scoped (no sessionId): the client asks on the endpoint, not in the session.
          const elicitationId = `app-login-${s.id}`;
          const reply = await client.request(
            methods.client.elicitation.create,
            cmd === 'appask'
              ? {
                  requestId: 'workspace',
                  mode: 'form',
                  message: 'Which workspace?',
                  requestedSchema: { type: 'object', properties: { seats: { type: 'integer' } }, required: ['seats'] },
                }
              : {
                  requestId: 'workspace',
                  mode: 'url',
                  message: 'Sign in',
                  elicitationId,
                  url: 'https://login.example.test/ws',
                },
          );
          if (cmd === 'applogin' && reply.action === 'accept')
            await client.notify(methods.client.elicitation.complete, { elicitationId });
          const content = reply.action === 'accept' && reply.content ? ` ${JSON.stringify(reply.content)}` : '';
          await send({
            sessionUpdate: 'agent_message_chunk',
            content: { type: 'text', text: `app: ${reply.action}${content}` },
          });
        } else {
          await send({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: `echo: ${text}` } });
        }
        return { stopReason: cancelled ? 'cancelled' : 'end_turn' };
      });
    return options.ops ? addSessionOps(app, store, opsState, () => `sess_${++seq}`) : app;
  };

  const acp = new AcpServer({ createAgent: build, ...options.limits });
  const handler = createNodeHttpHandler(acp);
  const listener = options.wrap ? options.wrap(handler) : handler;
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  const wss = new WebSocketServer({ noServer: true });
  if (options.ws !== false) server.on('upgrade', createNodeWebSocketUpgradeHandler(acp, wss));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/acp`,
    port,
    store,
    initializeCount: () => inits,
    sessionParams,
    clientCapabilities,
    ops: opsState,
    async close() {
      await acp.close().catch(() => undefined);
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
