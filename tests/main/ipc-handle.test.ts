import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvokeHandlers } from '../../src/core/host/dispatch';
import { registerInvokeHandlers, type IpcMainLike } from '../../src/main/ipc/handle';
import { isTrustedSender } from '../../src/main/security';
import { resolveAppPage } from '../../src/main/url-policy';
import { INVOKE_CHANNELS } from '../../src/shared/ipc/contract';
import { AppError } from '../../src/shared/util/result';
import { fake, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const page = resolveAppPage('/app/out/main', true, undefined);
const appUrl = 'app://renderer/index.html';
const topFrame = { parent: null, url: appUrl };
const logger = { warn: vi.fn(), error: vi.fn() };

function fakeHandlers() {
  return {
    // Every channel answers null unless scripted below (by name, never by position in the list).
    ...Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => null)])),
    'app:info': vi.fn(() => ({
      name: 'ACP Desk',
      version: '1',
      host: 'electron',
      secretStorage: 'file',
      demoAgentUrl: null,
    })),
    'endpoints:list': vi.fn(() => ({ endpoints: [], selectedId: null })),
    'endpoints:save': vi.fn(),
    'endpoints:remove': vi.fn(async () => null),
    'endpoints:select': vi.fn(async () => null),
    'endpoints:test': vi.fn(),
  } as Record<keyof InvokeHandlers, ReturnType<typeof vi.fn>>;
}

describe('registerInvokeHandlers', () => {
  let handlers: ReturnType<typeof fakeHandlers>;
  const call = (channel: string, frame: unknown, payload?: unknown) => {
    const listener = fake.ipcMain.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame }, payload) as Promise<unknown>;
  };

  beforeEach(() => {
    resetFake();
    handlers = fakeHandlers();
    registerInvokeHandlers(
      fake.ipcMain as IpcMainLike,
      handlers as unknown as InvokeHandlers,
      (frame) => isTrustedSender(frame, page),
      logger,
    );
  });

  it('registers exactly the contract channels', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('returns ok for valid input from the trusted top frame', async () => {
    await expect(call('endpoints:remove', topFrame, { id: 'e1' })).resolves.toEqual({ ok: true, value: null });
    expect(handlers['endpoints:remove']).toHaveBeenCalledWith({ id: 'e1' });
    await expect(call('endpoints:list', topFrame)).resolves.toEqual({
      ok: true,
      value: { endpoints: [], selectedId: null },
    });
  });

  it.each([
    ['an iframe on our page', { parent: topFrame, url: appUrl }],
    ['a top frame on another URL', { parent: null, url: 'https://evil.example/' }],
    ['another file in the bundle', { parent: null, url: 'app://renderer/other.html' }],
    ['the bundle over file://', { parent: null, url: 'file:///app/out/renderer/index.html' }],
    ['a missing frame', null],
  ])('refuses %s with forbidden and never calls the handler', async (_label, frame) => {
    const result = await call('endpoints:remove', frame, { id: 'e1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers['endpoints:remove']).not.toHaveBeenCalled();
  });

  it('rejects invalid input with invalid_request before the handler', async () => {
    const result = await call('endpoints:remove', topFrame, { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await expect(call('endpoints:select', topFrame, { id: 'x', extra: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(handlers['endpoints:remove']).not.toHaveBeenCalled();
    expect(handlers['endpoints:select']).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into an error envelope (AppError keeps its code)', async () => {
    handlers['endpoints:remove'].mockRejectedValueOnce(new Error('disk on fire'));
    await expect(call('endpoints:remove', topFrame, { id: 'e1' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
    handlers['endpoints:select'].mockRejectedValueOnce(new AppError('not_found', 'No such endpoint'));
    await expect(call('endpoints:select', topFrame, { id: 'nope' })).resolves.toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such endpoint' },
    });
  });

  it('never throws across, even when the sender check itself throws', async () => {
    const exploding = {
      parent: null,
      get url(): string {
        throw new Error('frame disposed');
      },
    };
    await expect(call('app:info', exploding)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(handlers['app:info']).not.toHaveBeenCalled();
  });

  it('the returned function removes every handler', () => {
    resetFake();
    const unregister = registerInvokeHandlers(
      fake.ipcMain as IpcMainLike,
      handlers as unknown as InvokeHandlers,
      () => true,
      logger,
    );
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('an observer sees each answered call with the sending window, after dispatch; refused calls are not observed', async () => {
    resetFake();
    const seen: Array<[object, string, unknown, unknown]> = [];
    registerInvokeHandlers(
      fake.ipcMain as IpcMainLike,
      handlers as unknown as InvokeHandlers,
      (frame) => frame === topFrame,
      logger,
      (sender, channel, payload, result) => seen.push([sender, channel, payload, result]),
    );
    const window = { id: 1 };
    const listener = fake.ipcMain.handlers.get('app:info')!;
    await listener({ senderFrame: topFrame, sender: window }, undefined);
    await listener({ senderFrame: { parent: null, url: 'https://evil.example/' }, sender: window }, undefined);
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe(window);
    expect(seen[0]![1]).toBe('app:info');
    expect(seen[0]![3]).toMatchObject({ ok: true });
  });
});
