/**
 * Which proxy a connection goes through. An explicit proxy URL applies to every request of
 * its endpoint, loopback included (someone who sets one for a local agent wants to see the
 * traffic in it). "System" reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment
 * (Electron's own proxy resolution is the host's business) and never proxies loopback, as
 * browsers do not.
 */
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

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
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

/** NO_PROXY for undici's EnvHttpProxyAgent: the environment's plus loopback. */
export function systemNoProxy(env: NodeJS.ProcessEnv = process.env): string {
  return [env.no_proxy ?? env.NO_PROXY ?? '', ...LOOPBACK_NO_PROXY].filter(Boolean).join(',');
}
