import { methods } from '@agentclientprotocol/sdk';
import { errorResponse, TRANSPORT_ERROR, type AnyResponse } from './jsonrpc';
import { LinkError } from './link';
import type { PendingRequest } from './pending';

/** The error a request gets when its connection is lost before it was answered. */
export function lostResponse(p: PendingRequest, reason: string): AnyResponse {
  const interrupted = p.method === methods.agent.session.prompt;
  const message = interrupted
    ? `The turn was interrupted: the connection to the agent was lost (${reason}).`
    : `The connection to the agent was lost before ${p.method} was answered (${reason}).`;
  return errorResponse(p.id, TRANSPORT_ERROR.internal, message, {
    kind: interrupted ? 'interrupted' : 'connection-lost',
  });
}

/** One error out of the failures of every profile tried, in order. */
export function combine(errors: LinkError[]): LinkError {
  const first = errors[0]!;
  if (errors.length === 1) return first;
  const last = errors[errors.length - 1]!;
  return new LinkError(
    last.kind === 'auth' ? 'auth' : first.kind,
    errors.map((e) => e.message).join(' Then: '),
    first.status,
    first.body,
  );
}
