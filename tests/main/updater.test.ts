import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../src/shared/domain/support';
import { nullLogger } from '../../src/core/log/logger';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

/** electron-updater's autoUpdater as the module sees it: an emitter with the four members used. */
class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = 'default';
  readonly setFeedURL = vi.fn();
  readonly checkForUpdates = vi.fn(async (): Promise<unknown> => null);
}
const updater = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      return updater.current;
    },
  },
}));

const { createUpdater, resolveUpdateFeed } = await import('../../src/main/updater');
const FEED = 'https://releases.example/acp-desk/';
let fakeUpdater: FakeUpdater;
let emitted: UpdateStatus[];

function make(env: NodeJS.ProcessEnv = { ACP_DESK_UPDATE_FEED: FEED }, isPackaged = true) {
  return createUpdater({ isPackaged, version: '1.0.0', env, emit: (s) => emitted.push(s), logger: nullLogger });
}

beforeEach(() => {
  fakeUpdater = new FakeUpdater();
  updater.current = fakeUpdater;
  emitted = [];
});

describe('resolveUpdateFeed', () => {
  it('needs a packaged app and an https ACP_DESK_UPDATE_FEED', () => {
    expect(resolveUpdateFeed({ ACP_DESK_UPDATE_FEED: FEED }, true)).toEqual({ url: FEED });
    expect(resolveUpdateFeed({ ACP_DESK_UPDATE_FEED: FEED }, false)).toEqual({
      none: expect.stringContaining('development'),
    });
    expect(resolveUpdateFeed({}, true)).toEqual({ none: expect.stringContaining('ACP_DESK_UPDATE_FEED') });
    expect(resolveUpdateFeed({ ACP_DESK_UPDATE_FEED: '  ' }, true)).toHaveProperty('none');
    expect(resolveUpdateFeed({ ACP_DESK_UPDATE_FEED: 'not a url' }, true)).toEqual({
      none: 'ACP_DESK_UPDATE_FEED is not a URL.',
    });
    expect(resolveUpdateFeed({ ACP_DESK_UPDATE_FEED: 'http://releases.example/' }, true)).toEqual({
      none: 'ACP_DESK_UPDATE_FEED must be an https URL.',
    });
  });
});

describe('createUpdater', () => {
  it('without a feed never touches electron-updater and says why', async () => {
    updater.current = null; // reading it would throw in the code under test
    const u = make({});
    expect(u.status()).toEqual({ state: 'unsupported', message: expect.stringContaining('No release feed') });
    expect(await u.check()).toEqual(u.status());
    expect(make({ ACP_DESK_UPDATE_FEED: FEED }, false).status()).toMatchObject({ state: 'unsupported' });
    expect(emitted).toEqual([]);
  });

  it('configures the generic feed, auto-download and install on quit', () => {
    make();
    expect(fakeUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED });
    expect(fakeUpdater.autoDownload).toBe(true);
    expect(fakeUpdater.autoInstallOnAppQuit).toBe(true);
    expect(fakeUpdater.logger).not.toBe('default');
  });

  it('check → available → download progress → ready, each state pushed to the windows', async () => {
    const u = make();
    expect(u.status()).toEqual({ state: 'idle' });
    expect(await u.check()).toEqual({ state: 'checking' });
    fakeUpdater.emit('update-available', { version: '1.1.0' });
    fakeUpdater.emit('download-progress', {
      percent: 42.5,
      transferred: 425,
      total: 1000,
      delta: 1,
      bytesPerSecond: 1,
    });
    fakeUpdater.emit('update-downloaded', { version: '1.1.0' });
    expect(emitted).toEqual([
      { state: 'checking' },
      { state: 'available', version: '1.1.0' },
      { state: 'downloading', version: '1.1.0', percent: 42.5, transferred: 425, total: 1000 },
      { state: 'ready', version: '1.1.0' },
    ]);
    // Downloaded: another check does not start over, it reports the state.
    fakeUpdater.checkForUpdates.mockClear();
    expect(await u.check()).toEqual({ state: 'ready', version: '1.1.0' });
    expect(fakeUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('up to date, and one check at a time', async () => {
    let finish: (v: unknown) => void = () => undefined;
    fakeUpdater.checkForUpdates.mockImplementationOnce(() => new Promise((r) => (finish = r)));
    const u = make();
    await u.check();
    await u.check();
    expect(fakeUpdater.checkForUpdates).toHaveBeenCalledTimes(1);
    fakeUpdater.emit('update-not-available', { version: '1.0.0' });
    finish(null);
    expect(u.status()).toEqual({ state: 'current', version: '1.0.0' });
    await new Promise((r) => setImmediate(r)); // the first check's promise settles
    await u.check();
    expect(fakeUpdater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('a failed check or an updater error becomes an error state with the reason', async () => {
    fakeUpdater.checkForUpdates.mockRejectedValueOnce(new Error('net::ERR_NAME_NOT_RESOLVED'));
    const u = make();
    await u.check();
    await vi.waitFor(() => expect(u.status()).toEqual({ state: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' }));
    fakeUpdater.emit('error', new Error('sha512 checksum mismatch'));
    expect(emitted.at(-1)).toEqual({ state: 'error', message: 'sha512 checksum mismatch' });
  });
});
