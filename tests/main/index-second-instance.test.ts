import { describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());
const startDemoAgent = vi.hoisted(() => vi.fn());
vi.mock('../../src/demo-agent/server', () => ({ startDemoAgent }));

describe('src/main/index.ts as a second instance', () => {
  it('quits immediately without starting anything', async () => {
    fake.app.singleInstance = false;
    await import('../../src/main/index');
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.app.enableSandbox).not.toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
    expect(startDemoAgent).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });
});
