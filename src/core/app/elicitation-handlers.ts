/** IPC handlers of request-scoped elicitations (issue 14): the endpoint dialog's answer. */
import type { SessionEngine } from '../session/session-engine';
import type { InvokeHandlers } from '../host/dispatch';

export function elicitationHandlers(engine: SessionEngine): Pick<InvokeHandlers, 'endpoints:resolveElicitation'> {
  return {
    'endpoints:resolveElicitation': async ({ id, requestId, answer }) => {
      engine.resolveEndpointElicitation(id, requestId, answer);
      return null;
    },
  };
}
