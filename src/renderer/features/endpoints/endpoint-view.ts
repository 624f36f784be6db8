/** How endpoint settings read in the UI. Pure. */
import type { SavedEndpoint, TransportProfile } from '../../../shared/domain/endpoint';

const TRANSPORT_NAMES: Readonly<Record<TransportProfile, string>> = {
  auto: 'Auto',
  http: 'Streamable HTTP',
  ws: 'WebSocket',
};

export function transportName(transport: TransportProfile): string {
  return TRANSPORT_NAMES[transport];
}

/** `Auto (last worked: WebSocket)`, `Streamable HTTP`, … */
export function transportProfileText(endpoint: Pick<SavedEndpoint, 'transport' | 'lastWorkingTransport'>): string {
  const base = transportName(endpoint.transport);
  if (endpoint.transport !== 'auto' || !endpoint.lastWorkingTransport) return base;
  return `${base} (last worked: ${transportName(endpoint.lastWorkingTransport)})`;
}

/** The host[:port] of an endpoint URL, or the raw text when it does not parse. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

export function isPlainHttpToRemote(url: string): boolean {
  try {
    const u = new URL(url);
    const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(u.hostname);
    return (u.protocol === 'http:' || u.protocol === 'ws:') && !loopback;
  } catch {
    return false;
  }
}
