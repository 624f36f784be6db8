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
