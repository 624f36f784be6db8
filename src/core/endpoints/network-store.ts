/**
 * Sealing and unsealing an endpoint's network settings. Same rules as secret headers: secret
 * parts are sealed by the SecretCipher, write-only for the renderer, an omitted value keeps the
 * stored one, and a save that moves the endpoint to another origin drops them unless given again.
 */
import type { NetworkDraftParsed, NetworkView } from '../../shared/domain/network';
import { AppError } from '../../shared/util/result';
import type { ResolvedNetwork } from '../transport/net-config';
import type { SecretCipher } from './secret-store';
import type { StoredNetwork } from './settings-file';

export async function sealNetwork(
  draft: NetworkDraftParsed,
  previous: StoredNetwork | undefined,
  moved: boolean,
  cipher: SecretCipher,
): Promise<{ network: StoredNetwork; dropped: string[] }> {
  const dropped: string[] = [];
  const keep = async (value: string | undefined, prev: string | undefined, label: string) => {
    if (value !== undefined) return value === '' ? undefined : await cipher.encrypt(value);
    if (prev && moved) {
      dropped.push(label);
      return undefined;
    }
    return prev;
  };
  const p = previous?.proxy;
  const t = previous?.tls;
  const clear = draft.tls.clearClientSecrets;
  const passwordSealed =
    draft.proxy.mode === 'url' ? await keep(draft.proxy.password, p?.passwordSealed, 'the proxy password') : undefined;
  const keySealed = clear ? undefined : await keep(draft.tls.clientKeyPem, t?.keySealed, 'the client key');
  const pfxSealed = clear
    ? undefined
    : await keep(draft.tls.pfxBase64?.replace(/\s+/g, ''), t?.pfxSealed, 'the PKCS#12 bundle');
  const passphraseSealed = clear ? undefined : await keep(draft.tls.passphrase, t?.passphraseSealed, 'the passphrase');
  // A pin belongs to the host it was made for.
  const pinKept = !moved || draft.tls.pinnedSha256 !== (t?.pinnedSha256 ?? '');
  const network: StoredNetwork = {
    proxy: {
      mode: draft.proxy.mode,
      url: draft.proxy.mode === 'url' ? draft.proxy.url : '',
      username: draft.proxy.mode === 'url' ? draft.proxy.username : '',
      ...(passwordSealed ? { passwordSealed } : {}),
    },
    tls: {
      caPem: draft.tls.caPem.trim(),
      pinnedPem: pinKept ? draft.tls.pinnedPem.trim() : '',
      pinnedSha256: pinKept ? draft.tls.pinnedSha256 : '',
      clientCertPem: draft.tls.clientCertPem.trim(),
      ...(keySealed ? { keySealed } : {}),
      ...(pfxSealed ? { pfxSealed } : {}),
      ...(passphraseSealed ? { passphraseSealed } : {}),
    },
  };
  return { network, dropped };
}

/**
 * What a save does to the stored network settings: a draft is sealed (stored secrets kept where
 * it leaves them blank, unless the endpoint moved); without a draft, a move drops the secrets and
 * the pin. `dropped` names what was lost, for the notice.
 */
export async function networkOnSave(
  draft: NetworkDraftParsed | undefined,
  previous: StoredNetwork | undefined,
  moved: boolean,
  cipher: SecretCipher,
): Promise<{ network: StoredNetwork | undefined; dropped: string[] }> {
  if (draft !== undefined) return sealNetwork(draft, previous, moved, cipher);
  if (moved && previous) return dropNetworkSecrets(previous);
  return { network: previous, dropped: [] };
}

/** Drops the sealed parts and the pin when an endpoint moves to another origin without a new network draft. */
export function dropNetworkSecrets(n: StoredNetwork): { network: StoredNetwork; dropped: string[] } {
  const dropped: string[] = [];
  if (n.proxy.passwordSealed) dropped.push('the proxy password');
  if (n.tls.keySealed || n.tls.pfxSealed) dropped.push('the client key');
  return {
    network: {
      proxy: { mode: n.proxy.mode, url: n.proxy.url, username: n.proxy.username },
      tls: { caPem: n.tls.caPem, pinnedPem: '', pinnedSha256: '', clientCertPem: n.tls.clientCertPem },
    },
    dropped,
  };
}

export async function unsealNetwork(n: StoredNetwork | undefined, cipher: SecretCipher): Promise<ResolvedNetwork> {
  if (!n) return { proxy: { mode: 'none' }, tls: {} };
  const open = (sealed: string | undefined, what: string) =>
    sealed
      ? cipher.decrypt(sealed).catch(() => {
          throw new AppError('unavailable', `The ${what} could not be decrypted; enter it again.`);
        })
      : Promise.resolve(undefined);
  const password = await open(n.proxy.passwordSealed, 'proxy password');
  const key = await open(n.tls.keySealed, 'client key');
  const pfx = await open(n.tls.pfxSealed, 'PKCS#12 bundle');
  const passphrase = await open(n.tls.passphraseSealed, 'client certificate passphrase');
  const proxy: ResolvedNetwork['proxy'] =
    n.proxy.mode === 'url'
      ? {
          mode: 'url',
          url: n.proxy.url,
          ...(n.proxy.username ? { username: n.proxy.username } : {}),
          ...(password ? { password } : {}),
        }
      : { mode: n.proxy.mode };
  return {
    proxy,
    tls: {
      ...(n.tls.caPem ? { ca: n.tls.caPem } : {}),
      ...(n.tls.pinnedSha256 ? { pinnedSha256: n.tls.pinnedSha256, pinnedPem: n.tls.pinnedPem } : {}),
      ...(n.tls.clientCertPem ? { cert: n.tls.clientCertPem } : {}),
      ...(key ? { key } : {}),
      ...(pfx ? { pfx: Buffer.from(pfx, 'base64') } : {}),
      ...(passphrase ? { passphrase } : {}),
    },
  };
}

export function networkView(n: StoredNetwork): NetworkView {
  return {
    proxy: { mode: n.proxy.mode, url: n.proxy.url, username: n.proxy.username, hasPassword: !!n.proxy.passwordSealed },
    tls: {
      caPem: n.tls.caPem,
      pinnedPem: n.tls.pinnedPem,
      pinnedSha256: n.tls.pinnedSha256,
      clientCertPem: n.tls.clientCertPem,
      hasClientKey: !!n.tls.keySealed,
      hasPfx: !!n.tls.pfxSealed,
      hasPassphrase: !!n.tls.passphraseSealed,
    },
  };
}
