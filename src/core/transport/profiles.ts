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
