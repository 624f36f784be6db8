/**
 * The single invoke pipeline every host uses (Electron IPC and the browser-mode WebSocket):
 * known channel → zod-validated input → handler → `IpcResult`. Sender/token checks happen
 * before this, in the host adapter, because only the adapter knows who the sender is.
 */
import type { z } from 'zod';
import type { InvokeChannel, InvokeResponse } from '../../shared/ipc/contract';
import type { invokeSchemas } from '../../shared/ipc/schemas';
import { isInvokeChannel, validateInvoke } from '../../shared/ipc/validate';
import { AppError, err, ok, type IpcResult } from '../../shared/util/result';
import type { Logger } from '../log/logger';

export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (
    request: z.output<(typeof invokeSchemas)[C]>,
  ) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

export { isInvokeChannel };

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  payload: unknown,
  logger?: Pick<Logger, 'error'>,
): Promise<IpcResult<unknown>> {
  const valid = validateInvoke(channel, payload);
  if (!valid.ok) return valid;
  const { channel: known, request } = valid.value;
  try {
    const handler = handlers[known] as (r: unknown) => unknown;
    return ok(await handler(request));
  } catch (e) {
    if (e instanceof AppError) return err(e.code, e.message, e.details);
    logger?.error(`handler for ${known} failed`, { channel: known, error: e });
    return err('internal', e instanceof Error ? e.message : 'Unexpected error');
  }
}
