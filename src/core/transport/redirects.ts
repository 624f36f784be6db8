/**
 * ACP Desk never follows an HTTP redirect by itself: fetch would replay the request, with the
 * endpoint's secret headers (x-api-key and the like; undici strips only Authorization and
 * Cookie across origins) and its body, to whatever host the server names. Every request goes
 * out with `redirect: 'manual'` and a 3xx answer becomes an error that names the target, so the
 * user can decide to change the endpoint's URL.
 */
export const NO_REDIRECTS = { redirect: 'manual' } as const satisfies RequestInit;

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** The sentence a user sees for a redirect, naming where the server wanted us to go. */
export function redirectMessage(status: number, location: string | null, base: string): string {
  let target = location ?? '';
  try {
    if (location) target = new URL(location, base).href;
  } catch {
    // Keep the raw Location text; it is only shown, never requested.
  }
  return target
    ? `The server answered HTTP ${status}, redirecting to ${target}. ACP Desk does not follow redirects (they would carry the endpoint's headers elsewhere); if that address is right, change the endpoint's URL to it.`
    : `The server answered HTTP ${status} (a redirect without a Location). ACP Desk does not follow redirects; check the endpoint's URL.`;
}
