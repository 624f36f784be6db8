/** Encoding and defensive decoding of browser-mode frames (see shared/ipc/web-protocol). */
import { EVENT_CHANNELS, type InvokeChannel } from '../../shared/ipc/contract';
import {
  WEB_BRIDGE_PATH,
  type WebEventFrame,
  type WebInvokeFrame,
  type WebResultFrame,
  type WebServerFrame,
} from '../../shared/ipc/web-protocol';
import { isRecord } from '../../shared/util/is-record';
import type { IpcResult } from '../../shared/util/result';

const eventChannels = new Set<string>(EVENT_CHANNELS);

/** `ws(s)://<host>/bridge?token=…` for the page's own host. */
export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEB_BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
}

export function invokeFrame(id: number, channel: InvokeChannel, payload: unknown): WebInvokeFrame {
  return payload === undefined ? { type: 'invoke', id, channel } : { type: 'invoke', id, channel, payload };
}

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.message === 'string';
}

/** Parses a server frame; anything malformed is `null` (and ignored by the caller). */
export function parseServerFrame(data: unknown): WebServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === 'result' && typeof value.id === 'number' && isIpcResult(value.result)) {
    return value as unknown as WebResultFrame;
  }
  if (value.type === 'event' && typeof value.channel === 'string' && eventChannels.has(value.channel)) {
    return value as unknown as WebEventFrame;
  }
  return null;
}
