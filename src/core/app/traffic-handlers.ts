/** IPC handlers of the traffic inspector (issue 11): the log's windows, timeline, export and clear. */
import type { InvokeHandlers } from '../host/dispatch';
import type { TrafficLogHost } from '../traffic/traffic-host';
import { compileTrafficQuery } from '../traffic/traffic-query';

type TrafficChannel =
  | 'traffic:snapshot'
  | 'traffic:clear'
  | 'traffic:subscribe'
  | 'traffic:unsubscribe'
  | 'traffic:window'
  | 'traffic:export'
  | 'traffic:timeline';

export function trafficHandlers(traffic: TrafficLogHost): Pick<InvokeHandlers, TrafficChannel> {
  return {
    'traffic:snapshot': ({ endpointId, limit }) => traffic.snapshot(endpointId, limit ?? 5000),
    'traffic:clear': async ({ endpointId }) => (await traffic.clear(endpointId), null),
    'traffic:subscribe': ({ endpointId }) => traffic.subscribe(endpointId),
    'traffic:unsubscribe': ({ subscriptionId }) => (traffic.unsubscribe(subscriptionId), null),
    'traffic:window': ({ endpointId, fromSeq, limit, query, from, to }) =>
      traffic.window(endpointId, fromSeq, limit, checked(query), { from, to }),
    'traffic:export': ({ endpointId }) => traffic.export(endpointId),
    'traffic:timeline': ({ endpointId, query }) => traffic.timeline(endpointId, checked(query)),
  };
}

/** The query text, once it parses (a bad one is refused here with the parser's sentence); the log's worker runs it. */
function checked(query: string | undefined): string | undefined {
  return compileTrafficQuery(query) ? query : undefined;
}
