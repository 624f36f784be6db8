/** What each conformance check is about: the RFD's rule and whether ACP Desk copes. */
import type { CheckSpec } from './steps';

export const SPECS = {
  contentType: {
    id: 'content-type-415',
    title: 'Wrong Content-Type refused with 415',
    tier: 'MANDATORY',
    rfd: 'A POST whose Content-Type is not application/json is refused with 415 Unsupported Media Type.',
    copes: 'Not affected: ACP Desk always sends Content-Type: application/json.',
  },
  accept: {
    id: 'accept-406',
    title: 'Stream GET without Accept: text/event-stream refused with 406',
    tier: 'MANDATORY',
    rfd: 'A GET whose Accept does not include text/event-stream is refused with 406 Not Acceptable.',
    copes: 'Not affected: ACP Desk always sends Accept: text/event-stream on stream GETs.',
  },
  missingConnection: {
    id: 'missing-connection-400',
    title: 'POST without Acp-Connection-Id refused with 400',
    tier: 'MANDATORY',
    rfd: 'Every request after initialize carries Acp-Connection-Id; without it the server answers 400.',
    copes: 'Not affected: ACP Desk puts the connection id on every request after initialize.',
  },
  unknownConnection: {
    id: 'unknown-connection-404',
    title: 'Unknown connection id answered 404',
    tier: 'MANDATORY',
    rfd: 'An unknown or closed Acp-Connection-Id is answered 404, so the client knows to re-initialize.',
    copes:
      'Needed: ACP Desk rebuilds a connection on 404; without it a lost connection is not noticed and requests vanish.',
  },
  missingSession: {
    id: 'missing-session-400',
    title: 'Session-scoped POST without Acp-Session-Id refused with 400',
    tier: 'MANDATORY',
    rfd: 'Session-scoped requests (session/prompt and the like) carry Acp-Session-Id; without it the server answers 400.',
    copes: 'Not affected: ACP Desk sends Acp-Session-Id on every session-scoped POST.',
  },
  batch: {
    id: 'batch-refused',
    title: 'JSON-RPC batch refused (501 or 400)',
    tier: 'MANDATORY',
    rfd: 'Batch JSON-RPC requests are not supported: the RFD says 501; the TS SDK answers 400 with a -32600 body.',
    copes: 'Not affected: ACP Desk never sends batches.',
  },
  secondReader: {
    id: 'second-reader',
    title: 'A second reader on one stream',
    tier: 'INFORMATIONAL',
    rfd: 'Silent; the TS and Rust SDK servers allow one reader per stream (409), Go fans out to every reader.',
    copes: 'Yes: ACP Desk opens one reader per stream and retries a 409 (a stale lease) with backoff.',
  },
  unknownSessionStream: {
    id: 'unknown-session-stream-404',
    title: 'Stream GET for an unknown session answered 404',
    tier: 'ADVISORY',
    rfd: 'A GET for a session the connection does not know is answered 404; the TS and Go servers open a stream for any id (200).',
    copes: 'Yes: ACP Desk only opens streams for sessions it created or loaded.',
  },
  keepAlive: {
    id: 'keep-alive',
    title: 'Keep-alive comments on an idle stream',
    tier: 'INFORMATIONAL',
    rfd: 'v1 defines no keep-alive; the TS and Rust servers send ":" every 15 s, Go sends none.',
    copes:
      'Yes: ACP Desk treats a stream as dead only after its idle timeout (45 s by default); a server without keep-alives behind an idle-closing proxy may be cut off.',
  },
  eventIds: {
    id: 'event-ids',
    title: 'SSE id: fields and Last-Event-ID on re-open',
    tier: 'INFORMATIONAL',
    rfd: 'v1 has no resumability: no event ids, Last-Event-ID ignored (deferred to v2).',
    copes:
      'Yes: ACP Desk does not rely on ids; after a reconnect it re-attaches sessions with session/load or session/resume.',
  },
  cookies: {
    id: 'cookies',
    title: 'Cookies set and honoured',
    tier: 'INFORMATIONAL',
    rfd: 'Clients MUST accept, store and return cookies for the connection (load balancer affinity).',
    copes: 'Yes: ACP Desk stores cookies per endpoint and returns them on every request and the WebSocket upgrade.',
  },
  websocket: {
    id: 'websocket-same-endpoint',
    title: 'WebSocket on the same endpoint',
    tier: 'ADVISORY',
    rfd: 'The same endpoint serves WebSocket (GET + Upgrade); the 101 carries Acp-Connection-Id.',
    copes: 'Yes: with transport auto ACP Desk falls back to Streamable HTTP.',
  },
  resumable: {
    id: 'transport-resumable',
    title: 'Resumability advertised (transport.resumable)',
    tier: 'INFORMATIONAL',
    rfd: 'Not in v1; the durable-transport proposal adds transport.resumable to the capabilities.',
    copes: 'ACP Desk does not use resumption yet; it re-attaches sessions after a reconnect.',
  },
  loadRoute: {
    id: 'load-response-stream',
    title: 'Stream that carries the session/load response',
    tier: 'INFORMATIONAL',
    rfd: 'A response goes to the stream its request was routed to; the TS and Go servers special-case session/load onto the connection stream, Rust sends it on the session stream.',
    copes: 'Yes: ACP Desk correlates responses by JSON-RPC id across every stream of the connection.',
  },
  deleteThen404: {
    id: 'delete-then-404',
    title: 'DELETE answered 202, then the old id gets 404',
    tier: 'MANDATORY',
    rfd: 'DELETE with Acp-Connection-Id terminates the connection (202); afterwards the id is unknown (404).',
    copes: 'Needed: ACP Desk DELETEs connections it closes; a server that keeps them leaks agents.',
  },
} satisfies Record<string, CheckSpec>;
