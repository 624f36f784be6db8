/**
 * A real authorization server (oidc-provider) on 127.0.0.1 for the OAuth tests, and an ACP
 * agent behind a bearer gate that uses it:
 *
 * - the provider: dynamic registration, the device flow, PKCE, resource indicators (opaque
 *   access tokens for the gated agent, TTL configurable), refresh tokens, revocation and
 *   introspection; its dev login/consent pages accept any login;
 * - the gate: the test agent (SDK AcpServer) that answers 401 with
 *   `WWW-Authenticate: Bearer resource_metadata="…"` unless the bearer introspects as active for
 *   the agent's URL, and serves `/.well-known/oauth-protected-resource[/acp]`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import Provider, { errors } from 'oidc-provider';
import { startTestAgent, type TestAgent, type TestAgentOptions } from './test-agent';

export interface OidcServerOptions {
  /** Access token lifetime in seconds (default 300). */
  readonly accessTokenTtl?: number;
  /** `interval` put into device authorization responses (seconds; default 1). */
  readonly deviceInterval?: number;
  /** false: no dynamic registration. */
  readonly registration?: boolean;
  /** false: no device flow. */
  readonly deviceFlow?: boolean;
}

export interface OidcServer {
  readonly issuer: string;
  /** The resource indicator access tokens are issued for (set by the gate). */
  resource: string;
  /** Requests the provider saw: method and path with query (to check no token is in a URL). */
  readonly requests: string[];
  /** Dynamic registrations so far. */
  registrations(): number;
  /** Revokes a token out of band (as the resource server), which revokes its whole grant. */
  revoke(token: string): Promise<void>;
  /** RFC 7662 introspection as the resource server. */
  introspect(token: string): Promise<oauth.IntrospectionResponse>;
  close(): Promise<void>;
}

export const GATE_CLIENT = { client_id: 'acp-gate', client_secret: 'gate-secret-not-a-token' };

function gateAuth() {
  return oauth.ClientSecretBasic(GATE_CLIENT.client_secret);
}

const insecure = { [oauth.allowInsecureRequests]: true } as const;

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const requests: string[] = [];
  let registrations = 0;
  const state = { resource: '' };
  const provider = new Provider(issuer, {
    clients: [{ ...GATE_CLIENT, grant_types: [], response_types: [], redirect_uris: [] }],
    jwks: { keys: [{ ...jwk, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@example.test` }),
    }),
    claims: { openid: ['sub', 'email'] },
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access', 'acp'],
    pkce: { required: () => true },
    ttl: { AccessToken: options.accessTokenTtl ?? 300, DeviceCode: 600, Grant: 3600, Session: 3600 },
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: options.registration !== false },
      deviceFlow: { enabled: options.deviceFlow !== false },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) =>
          client.clientId === GATE_CLIENT.client_id || client.clientId === token.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }) => client.clientId === GATE_CLIENT.client_id,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx: unknown, _client: unknown, oneOf?: string) => oneOf ?? state.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== state.resource) throw new errors.InvalidTarget();
          return {
            scope: 'acp',
            audience: indicator,
            accessTokenFormat: 'opaque',
            accessTokenTTL: options.accessTokenTtl ?? 300,
          };
        },
      },
    },
  });
  provider.use(async (ctx, next) => {
    requests.push(`${ctx.method} ${ctx.path}`);
    await next();
    if (ctx.method === 'POST' && ctx.path === '/reg' && ctx.status === 201) registrations++;
    if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object')
      ctx.body = { ...(ctx.body as object), interval: options.deviceInterval ?? 1 };
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.includes('?')) requests.push(`URL ${req.url}`);
    callback(req, res);
  });
  let as: oauth.AuthorizationServer | undefined;
  const metadata = async () => {
    if (as) return as;
    const url = new URL(issuer);
    as = await oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, insecure));
    return as;
  };
  return {
    issuer,
    get resource() {
      return state.resource;
    },
    set resource(r: string) {
      state.resource = r;
    },
    requests,
    registrations: () => registrations,
    async revoke(token) {
      const m = await metadata();
      const response = await oauth.revocationRequest(m, GATE_CLIENT, gateAuth(), token, insecure);
      await oauth.processRevocationResponse(response);
    },
    async introspect(token) {
      const m = await metadata();
      const response = await oauth.introspectionRequest(m, GATE_CLIENT, gateAuth(), token, insecure);
      return oauth.processIntrospectionResponse(m, GATE_CLIENT, response);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface GatedAgent {
  readonly url: string;
  readonly agent: TestAgent;
  readonly metadataUrl: string;
  /** Every bearer token the gate accepted, in order of first use. */
  readonly accepted: string[];
  /** How many requests the gate refused with 401. */
  refused(): number;
  /** Every Authorization header value and URL the gate saw (for "no token in a URL"). */
  readonly seen: { authorization: string[]; urls: string[] };
  /** From now on, the tokens accepted so far are answered as expired (401 invalid_token). */
  expireAcceptedTokens(): void;
  close(): Promise<void>;
}

/** The test agent behind a bearer gate for `oidc` (HTTP only: the WebSocket upgrade is not gated, so it is off). */
export async function startGatedAgent(
  oidc: OidcServer,
  agentOptions: Omit<TestAgentOptions, 'wrap' | 'ws'> = {},
): Promise<GatedAgent> {
  const accepted: string[] = [];
  const expired = new Set<string>();
  const seen = { authorization: [] as string[], urls: [] as string[] };
  let refused = 0;
  let base = '';
  const wellKnown = '/.well-known/oauth-protected-resource';
  const challenge = (extra = '') =>
    `Bearer resource_metadata="${base}${wellKnown}/acp", scope="acp"${extra ? `, ${extra}` : ''}`;
  const wrap = (handler: http.RequestListener): http.RequestListener => {
    return (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      seen.urls.push(req.url ?? '');
      if (path === wellKnown || path === `${wellKnown}/acp`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            resource: `${base}/acp`,
            authorization_servers: [oidc.issuer],
            scopes_supported: ['acp'],
            bearer_methods_supported: ['header'],
          }),
        );
        return;
      }
      const header = req.headers.authorization ?? '';
      seen.authorization.push(header);
      const deny = (extra?: string) => {
        refused++;
        res.writeHead(401, { 'www-authenticate': challenge(extra), 'content-type': 'text/plain' });
        res.end('sign in first');
      };
      const token = /^Bearer (\S+)$/i.exec(header)?.[1];
      if (!token) return deny();
      if (expired.has(token)) return deny('error="invalid_token", error_description="The access token expired"');
      oidc.introspect(token).then(
        (info) => {
          const aud = Array.isArray(info.aud) ? info.aud : info.aud ? [info.aud] : [];
          if (!info.active || !aud.includes(`${base}/acp`)) return deny('error="invalid_token"');
          if (!accepted.includes(token)) accepted.push(token);
          handler(req, res);
        },
        () => deny('error="invalid_token"'),
      );
    };
  };
  const agent = await startTestAgent({ ...agentOptions, ws: false, wrap });
  base = agent.url.replace(/\/acp$/, '');
  oidc.resource = agent.url;
  return {
    url: agent.url,
    agent,
    metadataUrl: `${base}${wellKnown}/acp`,
    accepted,
    refused: () => refused,
    seen,
    expireAcceptedTokens: () => accepted.forEach((t) => expired.add(t)),
    close: () => agent.close(),
  };
}
