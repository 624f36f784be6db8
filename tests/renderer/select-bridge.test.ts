import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../src/renderer/bridge/fake-bridge';
import { selectBridge } from '../../src/renderer/bridge/select-bridge';
import type { SocketLike } from '../../src/renderer/bridge/ws-bridge';

const location = { protocol: 'http:', host: '127.0.0.1:7000', search: '' };

class RecordingSocket implements SocketLike {
  static urls: string[] = [];
  readonly readyState = 0;
  constructor(url: string) {
    RecordingSocket.urls.push(url);
  }
  send(): void {}
  close(): void {}
  addEventListener(): void {}
}

describe('selectBridge', () => {
  it('uses the preload bridge when window.acp exists, even with a token in the URL', () => {
    const acp = createFakeBridge();
    const selection = selectBridge({ acp, location: { ...location, search: '?token=abc' } });

    expect(selection).toEqual({ kind: 'electron', bridge: acp, hostStatus: null });
  });

  it('opens the browser-mode WebSocket bridge when the URL carries a token', () => {
    const selection = selectBridge(
      { location: { ...location, search: '?token=s3cret' } },
      { WebSocket: RecordingSocket },
    );

    expect(selection.kind).toBe('web');
    expect(RecordingSocket.urls).toEqual(['ws://127.0.0.1:7000/bridge?token=s3cret']);
    if (selection.kind === 'web') expect(selection.hostStatus.get().state).toBe('connecting');
  });

  it('finds no bridge when the page was opened directly', () => {
    expect(selectBridge({ location })).toEqual({ kind: 'none' });
    expect(selectBridge({ location: { ...location, search: '?token=' } })).toEqual({ kind: 'none' });
  });
});
