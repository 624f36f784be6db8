/**
 * The single invoke pipeline every host uses (Electron IPC and the browser-mode WebSocket):
 * known channel → zod-validated input → handler → `IpcResult`. Sender/token checks happen
 * before this, in the host adapter, because only the adapter knows who the sender is.
 */
import type { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeChannel, type InvokeResponse } from '../../shared/ipc/contract';
import { invokeSchemas } from '../../shared/ipc/schemas';
import { AppError, err, ok, type IpcResult } from '../../shared/util/result';

export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (
    request: z.output<(typeof invokeSchemas)[C]>,
  ) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

export interface DispatchLogger {
  error(message: string, details?: unknown): void;
}

const known = new Set<string>(INVOKE_CHANNELS);

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && known.has(channel);
}

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  payload: unknown,
  logger?: DispatchLogger,
): Promise<IpcResult<unknown>> {
  if (!isInvokeChannel(channel)) return err('invalid_request', `Unknown channel ${String(channel).slice(0, 80)}`);
  const parsed = invokeSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    const where = first?.path ? ` (${first.path})` : '';
    return err('invalid_request', `${first?.message ?? 'Invalid request'}${where}`, issues);
  }
  try {
    const handler = handlers[channel] as (r: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (e) {
    if (e instanceof AppError) return err(e.code, e.message, e.details);
    logger?.error(`handler for ${channel} failed`, e);
    return err('internal', e instanceof Error ? e.message : 'Unexpected error');
  }
}
