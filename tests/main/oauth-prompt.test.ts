import { beforeEach, describe, expect, it, vi } from 'vitest';
import { presentSignIn } from '../../src/main/oauth-prompt';
import { fake, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

describe('OAuth sign-in prompts in Electron (issue 15)', () => {
  beforeEach(() => resetFake());

  it('opens a browser prompt in the system browser', () => {
    const logger = { warn: vi.fn() };
    presentSignIn(logger)({ kind: 'browser', url: 'https://login.example.com/authorize?client_id=x&state=s' });
    expect(fake.shell.openExternal.mock.calls.map(([u]) => u)).toEqual([
      'https://login.example.com/authorize?client_id=x&state=s',
    ]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('refuses a URL the external-link policy refuses, and leaves device prompts to the window', () => {
    const logger = { warn: vi.fn() };
    const present = presentSignIn(logger);
    present({ kind: 'browser', url: 'http://login.example.com/authorize' });
    present({ kind: 'browser', url: 'file:///etc/passwd' });
    present({
      kind: 'device',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://login.example.com/device',
      expiresAt: Date.now() + 600_000,
    });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
