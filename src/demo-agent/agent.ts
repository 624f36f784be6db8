/**
 * Builds the demo agent app for one ACP connection (`AcpServer`'s `createAgent`). State
 * that belongs to the connection (whether it has authenticated) lives here; sessions live
 * in the server-wide store so they outlive the connection.
 */
// The unstable binding: a superset of the stable one that also routes fork, set_title, archive… (issue 14).
import {
  PROTOCOL_VERSION,
  RequestError,
  agent,
  methods,
  type AgentApp,
  type AuthMethod,
  type AuthenticateResponse,
  type ClientCapabilities,
  type InitializeResponse,
} from '@agentclientprotocol/sdk/unstable';
import { cancelTurn, handlePrompt, type TurnDeps } from './prompt';
import {
  closeSession,
  listSessions,
  loadSession,
  newSession,
  resumeSession,
  setConfigOption,
  setMode,
} from './session-handlers';
import {
  DEMO_OPS_CAPABILITIES,
  archiveSession,
  deleteSession,
  forkSession,
  sessionStatus,
  setTitle,
  unarchiveSession,
} from './session-ops';

/** Server-wide settings every connection's agent shares. */
export interface DemoAgentConfig extends TurnDeps {
  readonly requireAuth: boolean;
}

/** The only auth method, advertised when the server was started with `requireAuth`. */
export const DEMO_AUTH_METHOD: AuthMethod = {
  id: 'demo-login',
  name: 'Demo login',
  description: 'Any client may log in.',
};

/** Per-connection login state: with `requireAuth`, session methods fail until `authenticate`. */
class AuthGate {
  #authenticated: boolean;

  constructor(required: boolean) {
    this.#authenticated = !required;
  }

  check(): void {
    if (!this.#authenticated) {
      throw RequestError.authRequired(
        { authMethods: [DEMO_AUTH_METHOD.id] },
        `call authenticate with "${DEMO_AUTH_METHOD.id}" first`,
      );
    }
  }

  authenticate(methodId: string): AuthenticateResponse {
    if (methodId !== DEMO_AUTH_METHOD.id) {
      throw RequestError.invalidParams({ methodId }, `unknown auth method "${methodId}"`);
    }
    this.#authenticated = true;
    return {};
  }
}

function initializeResponse(requireAuth: boolean): InitializeResponse {
  return {
    protocolVersion: PROTOCOL_VERSION,
    agentInfo: { name: 'acp-desk-demo', title: 'ACP Desk demo agent', version: '0.1.0' },
    agentCapabilities: {
      loadSession: true,
      promptCapabilities: { image: true, embeddedContext: true, audio: false },
      sessionCapabilities: { list: {}, resume: {}, close: {}, ...DEMO_OPS_CAPABILITIES },
    },
    authMethods: requireAuth ? [{ ...DEMO_AUTH_METHOD }] : [],
  };
}

/** Wraps a handler so it first checks the connection is logged in. */
function gated<C, R>(gate: AuthGate, handler: (ctx: C) => R): (ctx: C) => R {
  return (ctx) => {
    gate.check();
    return handler(ctx);
  };
}

/** Creates the agent app serving one connection. */
export function createDemoAgent(config: DemoAgentConfig): AgentApp {
  const gate = new AuthGate(config.requireAuth);
  const { store } = config;
  // Per connection, like the login state: what this client said it can do.
  let clientCapabilities: ClientCapabilities = {};
  return agent({ name: 'acp-desk-demo' })
    .onRequest(methods.agent.initialize, ({ params }) => {
      clientCapabilities = params.clientCapabilities ?? {};
      return initializeResponse(config.requireAuth);
    })
    .onRequest(methods.agent.authenticate, ({ params }) => gate.authenticate(params.methodId))
    .onRequest(
      methods.agent.session.new,
      gated(gate, (ctx) => newSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.load,
      gated(gate, (ctx) => loadSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.resume,
      gated(gate, (ctx) => resumeSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.close,
      gated(gate, (ctx) => closeSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.list,
      gated(gate, (ctx) => listSessions(store, ctx)),
    )
    .onRequest(
      methods.agent.session.fork,
      gated(gate, (ctx) => forkSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.setTitle,
      gated(gate, (ctx) => setTitle(store, ctx)),
    )
    .onRequest(
      methods.agent.session.archive,
      gated(gate, (ctx) => archiveSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.unarchive,
      gated(gate, (ctx) => unarchiveSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.delete,
      gated(gate, (ctx) => deleteSession(store, ctx)),
    )
    .onRequest(
      methods.agent.session.status,
      gated(gate, (ctx) => sessionStatus(store, ctx)),
    )
    .onRequest(
      methods.agent.session.setMode,
      gated(gate, (ctx) => setMode(store, ctx)),
    )
    .onRequest(
      methods.agent.session.setConfigOption,
      gated(gate, (ctx) => setConfigOption(store, ctx)),
    )
    .onRequest(
      methods.agent.session.prompt,
      gated(gate, (ctx) => handlePrompt(config, ctx, clientCapabilities)),
    )
    .onNotification(methods.agent.session.cancel, ({ params }) => cancelTurn(store, params.sessionId));
}
