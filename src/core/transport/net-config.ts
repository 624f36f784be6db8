import { createHash } from 'node:crypto';
import type { FetchLike, WebSocketFactory } from './link';

/** An endpoint's network settings with secrets unsealed, as the node network stack uses them. */
export interface ResolvedNetwork {
  readonly proxy:
    | { readonly mode: 'none' }
    | { readonly mode: 'system' }
    | { readonly mode: 'url'; readonly url: string; readonly username?: string; readonly password?: string };
  readonly tls: {
    /** Extra CA certificates, PEM. */
    readonly ca?: string;
    /** The pinned server certificate (PEM) and its SHA-256 fingerprint. */
    readonly pinnedPem?: string;
    readonly pinnedSha256?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly pfx?: Buffer;
    readonly passphrase?: string;
  };
}

export const DIRECT: ResolvedNetwork = { proxy: { mode: 'none' }, tls: {} };

/** No proxy and no TLS settings: the shared default stack serves it. */
export function isDirect(n: ResolvedNetwork): boolean {
  const t = n.tls;
  return n.proxy.mode === 'none' && !(t.ca || t.pinnedSha256 || t.cert || t.key || t.pfx);
}

/**
 * A key telling distinct settings apart, for sharing dispatchers. A hash, so the map that
 * holds it never holds a secret in the clear.
 */
export function networkKey(n: ResolvedNetwork): string {
  const t = n.tls;
  const parts = [
    JSON.stringify(n.proxy),
    t.ca ?? '',
    t.pinnedSha256 ?? '',
    t.cert ?? '',
    t.key ?? '',
    t.pfx?.toString('base64') ?? '',
    t.passphrase ?? '',
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** The secret values of a network config, for the redactor. */
export function networkSecretValues(n: ResolvedNetwork | undefined): string[] {
  if (!n) return [];
  const out: string[] = [];
  if (n.proxy.mode === 'url' && n.proxy.password) {
    out.push(n.proxy.password);
    // The Proxy-Authorization value as it would appear on the wire.
    out.push(Buffer.from(`${n.proxy.username ?? ''}:${n.proxy.password}`).toString('base64'));
  }
  if (n.tls.key) out.push(n.tls.key, ...pemBodyLines(n.tls.key));
  if (n.tls.passphrase) out.push(n.tls.passphrase);
  if (n.tls.pfx) out.push(n.tls.pfx.toString('base64'));
  return out.filter((v) => v.length >= 4);
}

/** The base64 lines of a PEM key, so a fragment of it is masked too. */
function pemBodyLines(pem: string): string[] {
  return pem
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

type NetworkAware<T> = T & { forNetwork?: (network: ResolvedNetwork) => T };

/**
 * The fetch and WebSocket factory an endpoint's connection uses: the network-aware variants
 * when the given ones offer them (node-deps' do; test fakes need not), else the given ones.
 */
export function networkDeps(
  deps: { readonly fetch: FetchLike; readonly webSocket: WebSocketFactory },
  network: ResolvedNetwork | undefined,
): { fetch: FetchLike; webSocket: WebSocketFactory } {
  if (!network || isDirect(network)) return { fetch: deps.fetch, webSocket: deps.webSocket };
  const f = deps.fetch as NetworkAware<FetchLike>;
  const w = deps.webSocket as NetworkAware<WebSocketFactory>;
  return {
    fetch: f.forNetwork ? f.forNetwork(network) : deps.fetch,
    webSocket: w.forNetwork ? w.forNetwork(network) : deps.webSocket,
  };
}
