/**
 * Whether a failed send can have reached the server. Only a request the server may have
 * taken can have lost its answer; one that never left this machine is safe to send again.
 * The rule is by error code along the `cause` chain (undici wraps the socket error), and
 * deliberately narrow: only failures before a connection existed count as "never delivered".
 */
const NEVER_DELIVERED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function neverDelivered(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 8; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_DELIVERED.has(code)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
