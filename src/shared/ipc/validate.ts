/**
 * The check every host makes on an invoke before any handler runs: a known channel, and a
 * payload its `invokeSchemas` entry accepts. A failure is the `invalid_request` error the
 * renderer sees (the first issue as the message, every issue in `details`). The real hosts
 * (core/host/dispatch.ts) and the renderer's fake bridge both use it, so a test cannot pass a
 * payload the app would refuse.
 */
import type { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeChannel } from './contract';
import { invokeSchemas } from './schemas';
import { err, ok, type IpcResult } from '../util/result';

export type ValidInvoke = {
  readonly [C in InvokeChannel]: { readonly channel: C; readonly request: z.output<(typeof invokeSchemas)[C]> };
}[InvokeChannel];

const known = new Set<string>(INVOKE_CHANNELS);

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && known.has(channel);
}

export function validateInvoke(channel: unknown, payload: unknown): IpcResult<ValidInvoke> {
  if (!isInvokeChannel(channel)) return err('invalid_request', `Unknown channel ${String(channel).slice(0, 80)}`);
  const parsed = invokeSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    // The field path stays in `details` (for the inspector and bug reports), not in the sentence.
    return err('invalid_request', issues[0]?.message ?? 'Invalid request', issues);
  }
  return ok({ channel, request: parsed.data } as ValidInvoke);
}
