/**
 * Which proxy a connection goes through. An explicit proxy URL applies to every request of
 * its endpoint, loopback included (someone who sets one for a local agent wants to see the
 * traffic in it). "System" asks the host's resolver when it installed one (the desktop app:
 * Electron's `session.resolveProxy`, i.e. the OS settings and PAC scripts), else reads
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment (browser mode, the CLI), and never
 * proxies loopback, as browsers do not.
 */
import { isLoopbackHost } from '../../shared/domain/endpoint';
import type { ResolvedNetwork } from './net-config';

type Proxy = ResolvedNetwork['proxy'];

export interface ProxyChoice {
  /** The proxy URL without credentials (they travel in `authorization`). */
  readonly url: string;
  /** The Proxy-Authorization value, when the proxy takes credentials. */
  readonly authorization?: string;
}

/** NO_PROXY entries always added in system mode. */
export const LOOPBACK_NO_PROXY = ['localhost', '127.0.0.1', '::1', '[::1]'];

/**
 * The host's proxy resolution for a URL, answered in PAC form (`PROXY host:port; DIRECT`), as
 * Electron's `session.resolveProxy` does. Installed once by the host; none in plain Node.
 */
export type SystemProxyResolver = (url: string) => Promise<string>;

let systemResolver: SystemProxyResolver | undefined;

/** Installs (or, with undefined, removes) the host's proxy resolution for "system" mode. */
export function useSystemProxyResolver(resolver: SystemProxyResolver | undefined): void {
  systemResolver = resolver;
}

export function hasSystemProxyResolver(): boolean {
  return systemResolver !== undefined;
}

/**
 * The first entry of a PAC answer we can use: `PROXY h:p` (HTTP proxy), `HTTPS h:p` (a proxy
 * spoken to over TLS) or `DIRECT`. SOCKS entries are skipped (the WebSocket path cannot use
 * them); an answer with nothing usable means direct.
 */
export function parsePacResult(pac: string): string | undefined {
  for (const entry of pac.split(';')) {
    const [kind, hostPort] = entry.trim().split(/\s+/);
    const k = kind?.toUpperCase();
    if (k === 'DIRECT') return undefined;
    if ((k === 'PROXY' || k === 'HTTP') && hostPort) return `http://${hostPort}`;
    if (k === 'HTTPS' && hostPort) return `https://${hostPort}`;
  }
  return undefined;
}

export function proxyAuthorization(p: Proxy): string | undefined {
  if (p.mode !== 'url' || (!p.username && !p.password)) return undefined;
  return `Basic ${Buffer.from(`${p.username ?? ''}:${p.password ?? ''}`).toString('base64')}`;
}

/** The env proxy for a target, honouring NO_PROXY the way undici's EnvHttpProxyAgent does. */
export function envProxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const proxy = secure ? (env.https_proxy ?? env.HTTPS_PROXY ?? http) : http;
  if (!proxy) return undefined;
  const port = Number(target.port) || (secure ? 443 : 80);
  return bypassed(target.hostname.toLowerCase(), port, env.no_proxy ?? env.NO_PROXY ?? '') ? undefined : proxy;
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true;
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const m = /^(.+):(\d+)$/.exec(raw);
    if (m && Number(m[2]) !== port) continue;
    const entry = (m ? m[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    if (hostname === entry || hostname.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy for a connection to `target`, or undefined for a direct one. */
export function proxyFor(p: Proxy, target: URL, env: NodeJS.ProcessEnv = process.env): ProxyChoice | undefined {
  if (p.mode === 'none') return undefined;
  if (p.mode === 'system') {
    const url = envProxyFor(target, env);
    return url ? { url } : undefined;
  }
  const authorization = proxyAuthorization(p);
  return { url: p.url, ...(authorization ? { authorization } : {}) };
}

/**
 * `proxyFor`, with "system" answered by the host's resolver when there is one. The resolver
 * sees http(s) URLs (a WebSocket's is resolved as its http(s) twin, as Chromium does).
 */
export async function resolveProxyFor(
  p: Proxy,
  target: URL,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProxyChoice | undefined> {
  const resolver = systemResolver;
  if (p.mode !== 'system' || !resolver) return proxyFor(p, target, env);
  if (isLoopbackHost(target.hostname)) return undefined;
  const asked = new URL(target.href);
  if (asked.protocol === 'ws:') asked.protocol = 'http:';
  if (asked.protocol === 'wss:') asked.protocol = 'https:';
  const url = parsePacResult(await resolver(asked.href));
  return url ? { url } : undefined;
}

/** NO_PROXY for undici's EnvHttpProxyAgent: the environment's plus loopback. */
export function systemNoProxy(env: NodeJS.ProcessEnv = process.env): string {
  return [env.no_proxy ?? env.NO_PROXY ?? '', ...LOOPBACK_NO_PROXY].filter(Boolean).join(',');
}
