import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentialCipher } from '../../src/main/credentials';
import { fake, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

describe('createCredentialCipher', () => {
  let dataDir: string;
  const logger = { warn: vi.fn() };

  beforeEach(async () => {
    resetFake();
    logger.warn.mockClear();
    dataDir = await mkdtemp(join(tmpdir(), 'acp-desk-cred-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('uses safeStorage when it is available and round-trips through base64', async () => {
    const cipher = await createCredentialCipher({ dataDir, logger, platform: 'linux' });
    expect(cipher.kind).toBe('os-keychain');
    const sealed = await cipher.encrypt('Bearer s3cret');
    expect(sealed).toBe(Buffer.from('sealed:Bearer s3cret').toString('base64'));
    expect(sealed).not.toContain('s3cret');
    await expect(cipher.decrypt(sealed)).resolves.toBe('Bearer s3cret');
    expect(fake.safeStorage.encryptStringAsync).toHaveBeenCalledWith('Bearer s3cret');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('falls back to the key-file cipher, with a warning, when encryption is unavailable', async () => {
    fake.safeStorage.available = false;
    const cipher = await createCredentialCipher({ dataDir, logger, platform: 'darwin' });
    expect(cipher.kind).toBe('file');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('OS keychain unavailable'));
    const sealed = await cipher.encrypt('token');
    await expect(cipher.decrypt(sealed)).resolves.toBe('token');
    expect((await readFile(join(dataDir, 'secret.key'), 'utf8')).trim()).toHaveLength(44);
    expect(fake.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('treats the Linux basic_text backend as unavailable', async () => {
    fake.safeStorage.backend = 'basic_text';
    const cipher = await createCredentialCipher({ dataDir, logger, platform: 'linux' });
    expect(cipher.kind).toBe('file');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('basic_text'));
  });

  it('ignores the backend name off Linux', async () => {
    fake.safeStorage.backend = 'basic_text';
    const cipher = await createCredentialCipher({ dataDir, logger, platform: 'win32' });
    expect(cipher.kind).toBe('os-keychain');
  });

  it('falls back when safeStorage throws', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('no keyring daemon'));
    const cipher = await createCredentialCipher({ dataDir, logger, platform: 'darwin' });
    expect(cipher.kind).toBe('file');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('no keyring daemon'));
  });
});
