/**
 * Browser mode (`acp-desk web`) carries the same contract over one WebSocket:
 * the renderer sends `invoke` frames, the host answers with `result` frames carrying an
 * `IpcResult`, and pushes `event` frames. The token travels in the WebSocket URL's query
 * (`/bridge?token=…`), checked by the host before the upgrade completes.
 */
import type { EventChannel, EventContract, InvokeChannel } from './contract';
import type { IpcResult } from '../util/result';

export const WEB_BRIDGE_PATH = '/bridge';

export interface WebInvokeFrame {
  readonly type: 'invoke';
  readonly id: number;
  readonly channel: InvokeChannel;
  readonly payload?: unknown;
}

export interface WebResultFrame {
  readonly type: 'result';
  readonly id: number;
  readonly result: IpcResult<unknown>;
}

export interface WebEventFrame<C extends EventChannel = EventChannel> {
  readonly type: 'event';
  readonly channel: C;
  readonly payload: EventContract[C];
}

export type WebClientFrame = WebInvokeFrame;
export type WebServerFrame = WebResultFrame | WebEventFrame;
