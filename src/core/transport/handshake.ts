/**
 * Starting a connection: `initialize` on a link of each profile in turn (profiles.ts), the
 * agent's capabilities kept, the profile that answered reported; the SDK's own `initialize`
 * gets the answer, or a JSON-RPC error saying why no profile did. Rebuilds (recovery) use
 * connect() alone. Lifecycle events go through the transport's #go.
 */
import type { TransportEvent } from '../../shared/domain/traffic';
import { errorResponse, isRecord, TRANSPORT_ERROR, type AnyRequest, type AnyResponse } from './jsonrpc';
import type * as life from './lifecycle';
import { LinkError, type Link } from './link';
import type { OutputQueue } from './output-queue';
import { handshakeWithFallback, profileOrder } from './profiles';
import type { TimerScope } from './timer-scope';
import type { AcpTransportOptions } from './transport-options';

export interface HandshakeDeps {
  readonly options: AcpTransportOptions;
  readonly out: OutputQueue;
  readonly timers: TimerScope;
  closed(): boolean;
  /** The link of the next generation for a profile; it is the transport's link from then on. */
  newLink(kind: 'http' | 'ws'): Link;
  /** Keeps what the agent said it can do (re-attaching sessions depends on it). */
  capabilities(agentCapabilities: Record<string, unknown>): void;
  emit(event: TransportEvent): void;
  go(event: life.LifeEvent): boolean;
  fail(err: LinkError): void;
}

/** Builds a link per profile and runs `initialize`, trying the next profile when one is refused. */
export async function connect(d: HandshakeDeps, initialize: AnyRequest): Promise<AnyResponse> {
  const profiles = profileOrder(d.options.profile ?? 'auto', d.options.url, d.options.preferred);
  const { response, kind, fallbackReason } = await handshakeWithFallback(profiles, initialize, (kind) => {
    if (d.closed()) throw new LinkError('closed', 'The connection is closed.');
    return d.newLink(kind);
  });
  if ('result' in response) {
    const result = isRecord(response.result) ? response.result : {};
    d.capabilities(isRecord(result.agentCapabilities) ? result.agentCapabilities : {});
    if ((d.options.profile ?? 'auto') === 'auto')
      d.emit({ type: 'profile', profile: kind, reason: fallbackReason ?? 'first choice' });
    d.options.onProfile?.(kind);
  }
  return response;
}

export async function startConnection(d: HandshakeDeps, initialize: AnyRequest): Promise<void> {
  d.go({ type: 'start' });
  try {
    const response = await connect(d, initialize);
    d.out.push(response);
    if ('error' in response) {
      d.fail(new LinkError('http', `initialize failed: ${response.error.message}`));
      return;
    }
    d.go({ type: 'established', at: d.timers.now() });
  } catch (e) {
    const err = e instanceof LinkError ? e : new LinkError('network', String(e));
    d.out.push(
      errorResponse(
        initialize.id,
        err.kind === 'auth' ? TRANSPORT_ERROR.authRequired : TRANSPORT_ERROR.internal,
        err.message,
        { kind: err.kind, ...(err.status ? { status: err.status } : {}) },
      ),
    );
    d.fail(err);
  }
}
