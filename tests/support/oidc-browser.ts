/**
 * A browser for the OAuth tests, in plain HTTP: a cookie jar, redirects followed by hand, and
 * HTML forms filled and posted the way a user would (oidc-provider's login, consent and device
 * pages). Following the last redirect to ACP Desk's loopback listener is what a browser does too.
 */
import { CookieJar } from 'tough-cookie';

export interface Page {
  readonly url: string;
  readonly status: number;
  readonly html: string;
}

interface Form {
  readonly action: string;
  readonly method: string;
  readonly id?: string;
  readonly fields: Map<string, string>;
}

function decode(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-\w:.]*)\s*=\s*"([^"]*)"/g)) out.set(m[1]!.toLowerCase(), decode(m[2]!));
  for (const m of tag.matchAll(/\s(required|autofocus|disabled)(?=[\s>/])/g)) out.set(m[1]!, out.get(m[1]!) ?? '');
  return out;
}

export function formsOf(page: Page): Form[] {
  const forms: Form[] = [];
  for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1]!);
    const fields = new Map<string, string>();
    for (const input of m[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1]!);
      const name = a.get('name');
      if (name) fields.set(name, a.get('value') ?? '');
    }
    forms.push({
      action: new URL(attrs.get('action') ?? page.url, page.url).href,
      method: (attrs.get('method') ?? 'get').toLowerCase(),
      ...(attrs.get('id') ? { id: attrs.get('id')! } : {}),
      fields,
    });
  }
  return forms;
}

export class TestBrowser {
  readonly jar = new CookieJar();
  /** Every URL the browser requested. */
  readonly visited: string[] = [];

  async #request(url: string, init: RequestInit = {}): Promise<Response> {
    this.visited.push(url);
    const cookie = await this.jar.getCookieString(url);
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of response.headers.getSetCookie()) await this.jar.setCookie(c, url, { ignoreError: true });
    return response;
  }

  /** Requests `url` and follows redirects; returns the last page. */
  async open(url: string, init?: RequestInit): Promise<Page> {
    let response = await this.#request(url, init);
    let at = url;
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location || hops > 20) throw new Error(`redirect loop at ${at}`);
      at = new URL(location, at).href;
      response = await this.#request(at);
    }
    return { url: at, status: response.status, html: await response.text() };
  }

  async submit(page: Page, form: Form, values: Record<string, string> = {}): Promise<Page> {
    const body = new URLSearchParams([...form.fields]);
    for (const [k, v] of Object.entries(values)) body.set(k, v);
    if (form.method === 'post')
      return this.open(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(page.url).origin },
        body: body.toString(),
      });
    const target = new URL(form.action);
    for (const [k, v] of body) target.searchParams.set(k, v);
    return this.open(target.href);
  }

  /**
   * Signs in on the provider's pages from `url` (an authorization URL, or the device page):
   * enters `userCode` where asked, logs in as `login`, consents, confirms the device. Returns
   * the page it ends on (ACP Desk's "You can close this tab", or the device success page).
   */
  async approve(url: string, options: { login?: string; userCode?: string } = {}): Promise<Page> {
    let page = await this.open(url);
    for (let step = 0; step < 12; step++) {
      const forms = formsOf(page);
      const form = forms.find((f) => f.method === 'post') ?? forms[0];
      if (!form) return page;
      if (form.fields.has('login'))
        page = await this.submit(page, form, { login: options.login ?? 'alice', password: 'x' });
      else if (form.fields.has('user_code') && form.id === 'op.deviceInputForm') {
        if (!options.userCode) throw new Error('the device page asks for a user code');
        page = await this.submit(page, form, { user_code: options.userCode });
      } else page = await this.submit(page, form);
    }
    throw new Error(`still on a form after 12 steps: ${page.url}`);
  }
}
