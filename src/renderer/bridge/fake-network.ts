/**
 * The fake host's network settings: a draft becomes a view as the real host's sealing would
 * leave it (network-store.ts), without ever keeping a secret value: only the `has…` flags.
 */
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import type { NetworkDraft, NetworkView } from '../../shared/domain/network';

const kept = (value: string | undefined, had: boolean) => (value === undefined ? had : value !== '');

export function fakeNetwork(
  draft: NetworkDraft | undefined,
  previous: NetworkView | undefined,
): Pick<SavedEndpoint, 'network'> {
  if (!draft) return previous ? { network: previous } : {};
  const p = draft.proxy ?? {};
  const t = draft.tls ?? {};
  const clear = t.clearClientSecrets === true;
  const mode = p.mode ?? 'none';
  return {
    network: {
      proxy: {
        mode,
        url: mode === 'url' ? (p.url ?? '') : '',
        username: mode === 'url' ? (p.username ?? '') : '',
        hasPassword: mode === 'url' && kept(p.password, previous?.proxy.hasPassword ?? false),
      },
      tls: {
        caPem: t.caPem ?? '',
        pinnedPem: t.pinnedPem ?? '',
        pinnedSha256: (t.pinnedSha256 ?? '').toUpperCase(),
        clientCertPem: t.clientCertPem ?? '',
        hasClientKey: !clear && kept(t.clientKeyPem, previous?.tls.hasClientKey ?? false),
        hasPfx: !clear && kept(t.pfxBase64, previous?.tls.hasPfx ?? false),
        hasPassphrase: !clear && kept(t.passphrase, previous?.tls.hasPassphrase ?? false),
      },
    },
  };
}
