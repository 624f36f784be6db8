/**
 * RFC 6265 cookies per endpoint (tough-cookie: Path, Domain, Expires/Max-Age, Secure, public
 * suffixes). The RFD requires cookies on every request, the WebSocket upgrade included, and
 * load-balancer affinity must survive reconnects, so one jar outlives every connection the
 * transport builds for an endpoint. `clear()` is the user's "forget cookies".
 */
import { CookieJar } from 'tough-cookie';

export class EndpointCookies {
  #jar = new CookieJar();

  /** The `Cookie` header for a request to `url`, or undefined when there is none. */
  async headerFor(url: string): Promise<string | undefined> {
    const value = await this.#jar.getCookieString(httpUrl(url));
    return value || undefined;
  }

  /** Stores every `Set-Cookie` of a response; malformed cookies are ignored, as browsers do. */
  async store(url: string, setCookie: readonly string[]): Promise<void> {
    for (const c of setCookie) await this.#jar.setCookie(c, httpUrl(url), { ignoreError: true });
  }

  async count(): Promise<number> {
    const all = await this.#jar.serialize();
    return all.cookies.length;
  }

  clear(): void {
    this.#jar = new CookieJar();
  }
}

/** Cookies are scoped by http(s) origin; a ws(s) URL shares the jar of its http(s) twin. */
function httpUrl(url: string): string {
  return url.replace(/^ws(s?):/i, 'http$1:');
}
