/**
 * The only place that calls `ipcMain.handle`. Every contract channel runs the same pipeline:
 * trusted sender? → core's `dispatchInvoke` (zod validation → handler → `IpcResult`). Nothing
 * throws across the bridge: Electron would keep only the message and drop the error code.
 */
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { err, type IpcResult } from '../../shared/util/result';
import { dispatchInvoke, type InvokeHandlers } from '../../core/host/dispatch';
import type { Logger } from '../../core/log/logger';
import type { FrameLike } from '../security';

/** What a handler reads from Electron's `IpcMainInvokeEvent`. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
  /** The sending webContents (per-window state such as traffic subscriptions keys on it). */
  readonly sender?: object;
}

/** Sees every answered call, with the window that made it (after the pipeline, never instead). */
export type InvokeObserver = (sender: object, channel: string, payload: unknown, result: IpcResult<unknown>) => void;

/** The slice of `ipcMain` we use, so tests register against a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<IpcResult<unknown>>): void;
  removeHandler(channel: string): void;
}

/**
 * Registers one handler per `INVOKE_CHANNELS` entry and returns a function that removes them.
 * The sender check comes first so an untrusted frame learns nothing, not even validation errors.
 */
export function registerInvokeHandlers(
  ipcMain: IpcMainLike,
  handlers: InvokeHandlers,
  isTrusted: (frame: FrameLike | null) => boolean,
  logger: Pick<Logger, 'warn' | 'error'>,
  observe?: InvokeObserver,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      try {
        if (!isTrusted(event.senderFrame)) {
          logger.warn(`refused ${channel} from an untrusted frame`, { channel });
          return err('forbidden', 'This frame may not call the ACP Desk host.');
        }
        const result = await dispatchInvoke(handlers, channel, payload, logger);
        if (observe && event.sender) observe(event.sender, channel, payload, result);
        return result;
      } catch (e) {
        logger.error(`IPC pipeline for ${channel} failed`, { channel, error: e });
        return err('internal', 'Unexpected error in the host.');
      }
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
