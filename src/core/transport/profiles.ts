import type { AnyRequest, AnyResponse } from './jsonrpc';
import { LinkError, type Link } from './link';
import { combine } from './transport-errors';

/**
 * Which transport profiles to try, in order. `auto` means WebSocket for ws(s):// URLs, else
 * Streamable HTTP first and WebSocket when the server refuses HTTP, or the other way round
 * when WebSocket is what worked last time for this endpoint.
 */
export function profileOrder(
  profile: 'auto' | 'http' | 'ws',
  url: string,
  preferred?: 'http' | 'ws',
): Array<'http' | 'ws'> {
  if (profile !== 'auto') return [profile];
  if (/^wss?:/i.test(url)) return ['ws'];
  return preferred === 'ws' ? ['ws', 'http'] : ['http', 'ws'];
}

/**
 * Runs `initialize` on a link of each profile in turn until one answers. A profile the server
 * refuses (or cannot be reached on) falls through to the next; any other failure, or the last
 * profile failing, throws every error in order.
 */
export async function handshakeWithFallback(
  profiles: ReadonlyArray<'http' | 'ws'>,
  initialize: AnyRequest,
  open: (kind: 'http' | 'ws') => Link,
): Promise<{ response: AnyResponse; kind: 'http' | 'ws'; fallbackReason?: string }> {
  const errors: LinkError[] = [];
  for (const [i, kind] of profiles.entries()) {
    const link = open(kind);
    try {
      const response = await link.handshake(initialize);
      return errors[0] ? { response, kind, fallbackReason: errors[0].message } : { response, kind };
    } catch (e) {
      await link.close({ terminate: true });
      const err = e instanceof LinkError ? e : new LinkError('network', String(e));
      errors.push(err);
      const canFallBack = i < profiles.length - 1 && (err.kind === 'refused-profile' || err.kind === 'network');
      if (!canFallBack) break;
    }
  }
  throw combine(errors);
}
