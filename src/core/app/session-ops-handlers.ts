/** The invoke handlers of the session operations (issue 14), spread into the app core's. */
import type { SessionOpsContract } from '../../shared/ipc/session-ops-contract';
import type { InvokeHandlers } from '../host/dispatch';
import type { SessionEngine } from '../session/session-engine';

type OpsHandlers = Pick<InvokeHandlers, keyof SessionOpsContract>;

export function sessionOpsHandlers(engine: SessionEngine): OpsHandlers {
  const ops = engine.ops;
  const nothing = async (p: Promise<unknown>) => (await p, null);
  return {
    'sessions:fork': ({ sessionId }) => ops.fork(sessionId),
    'sessions:rename': ({ sessionId, title, endpointId }) => ops.rename(sessionId, title, endpointId),
    'sessions:archive': ({ sessionId, endpointId }) => nothing(ops.archive(sessionId, endpointId)),
    'sessions:unarchive': ({ sessionId, endpointId }) => nothing(ops.unarchive(sessionId, endpointId)),
    'sessions:delete': ({ sessionId, keepTranscript, endpointId }) =>
      nothing(ops.delete(sessionId, keepTranscript, endpointId)),
    'sessions:status': ({ sessionId, endpointId }) => ops.status(sessionId, endpointId),
    'sessions:archived': ({ endpointId }) => ops.remoteSessions(endpointId, 'only'),
    'endpoints:ops': ({ id }) => ops.available(id),
    'endpoints:logout': ({ id }) => nothing(ops.logout(id)),
    'endpoints:providers': ({ id }) => ops.listProviders(id),
    'endpoints:setProvider': ({ id, ...params }) => nothing(ops.setProvider(id, params)),
    'endpoints:disableProvider': ({ id, providerId }) => nothing(ops.disableProvider(id, providerId)),
  };
}
