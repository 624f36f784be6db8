/**
 * What reaches a session from its connection, applied to its log: updates, raw updates the
 * SDK could not take, permission requests (which wait for the user), and the transport events
 * that belong in the conversation. Also the prompt-capability check done before sending.
 */
import { methods, type ContentBlock } from '@agentclientprotocol/sdk';
import type { TransportEvent } from '../../shared/domain/traffic';
import { AppError } from '../../shared/util/result';
import type { Arrival } from './endpoint-connection';
import type { SessionRuntime } from './session-runtime';

/**
 * Applies a transport event to the live sessions of its endpoint (or the one it names).
 * Returns true when a session was detached (the history list changed).
 */
export function routeTransportEvent(sessions: readonly SessionRuntime[], e: TransportEvent): boolean {
  const one = 'sessionId' in e && e.sessionId ? sessions.filter((rt) => rt.sessionId === e.sessionId) : sessions;
  switch (e.type) {
    case 'state':
      for (const rt of sessions)
        if (rt.state.connection.state !== e.state)
          rt.append({ type: 'connection', state: e.state, ...(e.detail ? { detail: e.detail } : {}) });
      return false;
    case 'gap':
      for (const rt of one) rt.append({ type: 'transport', event: e });
      return false;
    case 'reconnect':
      // A session's own stream going down is marked in that session when it happens.
      if (e.sessionId && e.attempt === 1) for (const rt of one) rt.append({ type: 'transport', event: e });
      return false;
    case 'connection-lost':
      for (const rt of sessions) rt.append({ type: 'transport', event: e });
      return false;
    case 'reattaching':
      for (const rt of one)
        if (e.via === methods.agent.session.load) rt.append({ type: 'replay_started', via: 'session/load' });
      return false;
    case 'recovered':
      for (const rt of one) {
        if (e.via === methods.agent.session.load) rt.append({ type: 'replay_ended' });
        rt.append({ type: 'transport', event: e });
      }
      return false;
    case 'waiting':
      // A prompt that could not go out yet: its session shows it waiting (not lost).
      if (e.sessionId && e.method === methods.agent.session.prompt)
        for (const rt of one) rt.append({ type: 'transport', event: e });
      return false;
    case 'detached':
      for (const rt of one) {
        rt.append({ type: 'transport', event: e });
        rt.detach(e.reason);
      }
      return true;
    default:
      return false;
  }
}

export function applyArrival(rt: SessionRuntime, a: Exclude<Arrival, { kind: 'transport' }>): void {
  if (a.kind === 'update') rt.append({ type: 'update', update: a.update });
  else if (a.kind === 'unknown') rt.append({ type: 'unknown_update', raw: a.raw });
  else if (a.kind === 'elicitation_complete') rt.elicitations.complete(a.elicitationId);
  else if (a.kind === 'elicitation') {
    if ('invalid' in a.request) {
      rt.append({
        type: 'error',
        message: `The agent asked for input ACP Desk cannot show (${a.request.invalid}); declined.`,
      });
      a.answer({ action: 'decline' });
    } else rt.elicitations.wait(a.request, a.answer, a.signal);
  } else {
    const requestId = rt.waitForPermission(a.answer, a.signal);
    rt.append({ type: 'permission_requested', requestId, toolCall: a.params.toolCall, options: a.params.options });
    if (rt.state.turn.status === 'cancelling') rt.resolvePermission(requestId, { outcome: 'cancelled' }, 'cancel');
  }
}

/** Text and resource links always; images, audio and embedded resources only if advertised. */
export function checkPromptCapabilities(
  prompt: readonly ContentBlock[],
  caps: { image?: boolean; audio?: boolean; embeddedContext?: boolean },
): void {
  for (const b of prompt) {
    if (b.type === 'image' && !caps.image)
      throw new AppError('invalid_request', 'This agent does not accept images. Remove the image and send again.');
    if (b.type === 'audio' && !caps.audio) throw new AppError('invalid_request', 'This agent does not accept audio.');
    if (b.type === 'resource' && !caps.embeddedContext)
      throw new AppError(
        'invalid_request',
        'This agent does not accept attached file contents; send a link to the file instead.',
      );
  }
}
