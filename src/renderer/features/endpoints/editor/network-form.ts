/**
 * The editor's Network section as plain data, and how it becomes the draft's `network`
 * (networkDraftSchema). Secret parts (proxy password, client key, PKCS#12 bundle, passphrase)
 * are write-only: a stored one is only a flag here, an untouched field sends nothing (the
 * host keeps it), a new value replaces it and "Remove" sends '' (the host drops it). Pure.
 */
import type { NetworkDraft, NetworkView, ProxyMode } from '../../../../shared/domain/network';

export type ClientCertKind = 'none' | 'pem' | 'pkcs12';

/** One write-only secret: what was typed (never a stored value), whether one is stored, whether it is to go. */
export interface SecretState {
  readonly value: string;
  readonly stored: boolean;
  readonly remove: boolean;
}

export interface NetworkFormState {
  readonly proxyMode: ProxyMode;
  readonly proxyUrl: string;
  readonly proxyUsername: string;
  readonly proxyPassword: SecretState;
  readonly caPem: string;
  readonly pinnedSha256: string;
  readonly pinnedPem: string;
  readonly clientKind: ClientCertKind;
  readonly clientCertPem: string;
  readonly clientKey: SecretState;
  /** The PKCS#12 bundle read from a file, base64. */
  readonly pfx: SecretState;
  /** The chosen file's name, shown instead of its bytes. */
  readonly pfxFileName: string;
  readonly passphrase: SecretState;
  /** The endpoint had network settings, or this section was edited: only then does the draft carry `network`. */
  readonly present: boolean;
}

const secret = (stored: boolean): SecretState => ({ value: '', stored, remove: false });

export function networkFormFromView(v: NetworkView | undefined): NetworkFormState {
  const t = v?.tls;
  return {
    proxyMode: v?.proxy.mode ?? 'none',
    proxyUrl: v?.proxy.url ?? '',
    proxyUsername: v?.proxy.username ?? '',
    proxyPassword: secret(v?.proxy.hasPassword ?? false),
    caPem: t?.caPem ?? '',
    pinnedSha256: t?.pinnedSha256 ?? '',
    pinnedPem: t?.pinnedPem ?? '',
    clientKind: t?.hasPfx ? 'pkcs12' : t?.clientCertPem || t?.hasClientKey ? 'pem' : 'none',
    clientCertPem: t?.clientCertPem ?? '',
    clientKey: secret(t?.hasClientKey ?? false),
    pfx: secret(t?.hasPfx ?? false),
    pfxFileName: '',
    passphrase: secret(t?.hasPassphrase ?? false),
    present: v !== undefined,
  };
}

/**
 * What the draft says about one secret: undefined keeps the stored value (or stores none),
 * a value replaces it, '' drops it. `used` false (the secret's part is switched off) drops a stored one.
 */
function secretDraft(s: SecretState, used = true): string | undefined {
  if (!used || s.remove) return s.stored ? '' : undefined;
  return s.value !== '' ? s.value : undefined;
}

const withValue = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

export function networkDraftFromForm(n: NetworkFormState): NetworkDraft | undefined {
  if (!n.present) return undefined;
  const pem = n.clientKind === 'pem';
  const p12 = n.clientKind === 'pkcs12';
  return {
    proxy: {
      mode: n.proxyMode,
      url: n.proxyMode === 'url' ? n.proxyUrl.trim() : '',
      username: n.proxyMode === 'url' ? n.proxyUsername : '',
      ...withValue('password', secretDraft(n.proxyPassword, n.proxyMode === 'url')),
    },
    tls: {
      caPem: n.caPem.trim(),
      pinnedPem: n.pinnedPem.trim(),
      pinnedSha256: n.pinnedSha256,
      clientCertPem: pem ? n.clientCertPem.trim() : '',
      ...withValue('clientKeyPem', secretDraft(n.clientKey, pem)),
      ...withValue('pfxBase64', secretDraft(n.pfx, p12)),
      ...withValue('passphrase', secretDraft(n.passphrase, pem || p12)),
    },
  };
}

/** A stored proxy password, client key, PKCS#12 bundle or passphrase (not sent with an unsaved draft's test). */
export function storesNetworkSecret(v: NetworkView | undefined): boolean {
  return !!v && (v.proxy.hasPassword || v.tls.hasClientKey || v.tls.hasPfx || v.tls.hasPassphrase);
}

/** The collapsed section's one line, e.g. "System proxy · private CA · client certificate". */
export function networkSummary(n: NetworkFormState): string {
  const proxy =
    n.proxyMode === 'none'
      ? 'No proxy'
      : n.proxyMode === 'system'
        ? 'System proxy'
        : `Proxy ${hostOf(n.proxyUrl) ?? '(no URL yet)'}`;
  const parts = [proxy];
  if (n.caPem.trim()) parts.push('private CA');
  if (n.pinnedSha256) parts.push('pinned certificate');
  if (n.clientKind !== 'none') parts.push('client certificate');
  return parts.join(' · ');
}

function hostOf(raw: string): string | null {
  try {
    return new URL(raw.trim()).host || null;
  } catch {
    return null;
  }
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/**
 * Checks PEM text as blocks: at least one, each BEGIN matched by its END, base64 inside,
 * nothing else around them, and (when given) only the expected kinds. A sentence, or null.
 */
export function pemError(text: string, what: 'certificates' | 'certificate' | 'key'): string | null {
  const t = text.trim();
  if (!t) return null;
  const start = what === 'key' ? '-----BEGIN PRIVATE KEY-----' : '-----BEGIN CERTIFICATE-----';
  const blocks = [...t.matchAll(BLOCK)];
  if (blocks.length === 0)
    return `This is not PEM text. Paste the ${what === 'key' ? 'key' : what} as text starting with ${start}.`;
  // Comment lines and openssl's subject=/issuer= labels, as CA bundles carry them, are fine.
  const outside = t
    .replace(BLOCK, '')
    .split('\n')
    .filter((line) => !/^\s*(#|subject=|issuer=|$)/.test(line))
    .join('\n')
    .trim();
  if (outside) return `There is text outside the PEM blocks. Paste only the blocks, each from -----BEGIN to -----END.`;
  for (const [, begin, body, end] of blocks) {
    if (begin !== end) return `A block starts with BEGIN ${begin} but ends with END ${end}.`;
    const data = body!.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return `The ${begin} block is damaged: its content is not base64.`;
    const isKey = /PRIVATE KEY$/.test(begin!);
    if (what === 'key' && !isKey) return `This is a ${begin} block, not a private key.`;
    if (what !== 'key' && begin !== 'CERTIFICATE') return `This is a ${begin} block, not a certificate.`;
  }
  if (what === 'certificate' && blocks.length > 1)
    return 'Paste one client certificate here; put extra CA certificates in "Extra CA certificates".';
  return null;
}

/** Checks run while typing; keys are draft paths (`network.tls.caPem`). */
export function networkLiveErrors(n: NetworkFormState): Record<string, string> {
  const out: Record<string, string> = {};
  if (n.proxyMode === 'url' && n.proxyUrl.trim()) {
    let u: URL | null = null;
    try {
      u = new URL(n.proxyUrl.trim());
    } catch {
      out['network.proxy.url'] = 'Give the proxy as a URL such as http://proxy:3128';
    }
    if (u && u.protocol !== 'http:' && u.protocol !== 'https:')
      out['network.proxy.url'] = 'The proxy URL must start with http:// or https://';
    else if (u && (u.username || u.password))
      out['network.proxy.url'] = 'Put the proxy user and password in their own fields';
  }
  const ca = pemError(n.caPem, 'certificates');
  if (ca) out['network.tls.caPem'] = ca;
  if (n.clientKind === 'pem') {
    const cert = pemError(n.clientCertPem, 'certificate');
    if (cert) out['network.tls.clientCertPem'] = cert;
    const key = pemError(n.clientKey.value, 'key');
    if (key) out['network.tls.clientKeyPem'] = key;
  }
  return out;
}

/** Checks run on save: what is needed for the chosen client certificate kind. */
export function networkSaveErrors(n: NetworkFormState): Record<string, string> {
  const out: Record<string, string> = {};
  if (n.proxyMode === 'url' && !n.proxyUrl.trim())
    out['network.proxy.url'] = 'Give the proxy as a URL such as http://proxy:3128';
  if (n.clientKind === 'pem') {
    if (!n.clientCertPem.trim()) out['network.tls.clientCertPem'] = 'Paste the client certificate (PEM).';
    const hasKey = n.clientKey.value !== '' || (n.clientKey.stored && !n.clientKey.remove);
    if (!hasKey) out['network.tls.clientKeyPem'] = 'Paste the client certificate’s private key (PEM).';
  }
  if (n.clientKind === 'pkcs12' && !(n.pfx.value !== '' || (n.pfx.stored && !n.pfx.remove)))
    out['network.tls.pfxBase64'] = 'Choose the PKCS#12 file (.p12 or .pfx).';
  return out;
}

/** A file's bytes as base64 (for the PKCS#12 bundle), without a data: URL prefix. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
