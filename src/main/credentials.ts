/**
 * The secret cipher Electron hands to core: `safeStorage` (the OS keychain / DPAPI / libsecret)
 * when it is really available, else core's 0600 key-file cipher with a logged warning. The UI
 * shows which one is active (`AppInfo.secretStorage`), so the fallback is never silent.
 *
 * Uses the async `safeStorage` API: Electron 45's typings mark the sync
 * `encryptString`/`decryptString`/`isEncryptionAvailable` as deprecated in its favour.
 */
import { safeStorage, type SafeStorage } from 'electron';
import { createFileKeyCipher, type SecretCipher } from '../core/endpoints/secret-store';
import type { Logger } from '../core/log/logger';

/** The subset of Electron's `safeStorage` used here (injectable for tests). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface CredentialCipherOptions {
  readonly dataDir: string;
  readonly logger: Pick<Logger, 'warn'>;
  readonly storage?: SafeStorageLike;
  readonly platform?: NodeJS.Platform;
}

/**
 * Picks the strongest available cipher. On Linux, `basic_text` means Chromium found no secret
 * service and would "encrypt" with a hard-coded password, so it counts as unavailable.
 */
export async function createCredentialCipher(options: CredentialCipherOptions): Promise<SecretCipher> {
  const storage = options.storage ?? safeStorage;
  const reason = await keychainUnavailableReason(storage, options.platform ?? process.platform);
  if (reason === null) return keychainCipher(storage);
  options.logger.warn(`OS keychain unavailable (${reason}); secrets use a key file in ${options.dataDir} instead`);
  return createFileKeyCipher(options.dataDir);
}

async function keychainUnavailableReason(storage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  try {
    if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') return 'basic_text backend';
    return (await storage.isAsyncEncryptionAvailable()) ? null : 'encryption not available';
  } catch (e) {
    return e instanceof Error ? e.message : 'safeStorage failed';
  }
}

/**
 * Sealed form: base64 of safeStorage's ciphertext. `shouldReEncrypt` (key rotation) is not
 * acted on: the repository re-seals a secret whenever the user saves it again.
 */
function keychainCipher(storage: SafeStorageLike): SecretCipher {
  return {
    kind: 'os-keychain',
    async encrypt(plain) {
      return (await storage.encryptStringAsync(plain)).toString('base64');
    },
    async decrypt(sealed) {
      const { result } = await storage.decryptStringAsync(Buffer.from(sealed, 'base64'));
      return result;
    },
  };
}
