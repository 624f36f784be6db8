/**
 * Pure decisions behind the elicitation card (issue 14): where a URL leads and whether the
 * app's external-link policy will open it, and the content sent on accept. The link policy
 * mirrors src/main/url-policy.ts (https, or http to this machine, never with credentials):
 * the window's open handler enforces it, this only says so before the click.
 */
import { isLoopbackHost } from '../../../../shared/domain/endpoint';
import type { FormField, FormResult } from '../../../../shared/elicitation/form';

export interface UrlView {
  /** The address as the agent sent it. */
  readonly href: string;
  /** scheme://host[:port], what the person is really trusting (just the scheme when there is no host). */
  readonly origin: string;
  readonly host: string;
  /** Whether a click will open it (the external-link policy allows it). */
  readonly opens: boolean;
}

export function urlView(raw: string): UrlView | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const credentials = url.username !== '' || url.password !== '';
  const opens =
    !credentials &&
    url.hostname !== '' &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
  // javascript:, data: and the like have no host: the scheme is all there is to name.
  const origin = url.host ? `${url.protocol}//${url.host}` : url.protocol;
  return { href: url.href, origin, host: url.host, opens };
}

/** "+02:00" for the local zone at that moment (date-time inputs give a time without one). */
function localOffset(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The accepted content as sent: a date-time entered without a zone is this machine's local
 * time, so it gets the local offset (RFC 3339 date-times carry one).
 */
export function withZones(fields: readonly FormField[], result: FormResult): FormResult {
  if (!result.ok || !result.answer.content) return result;
  const content = { ...result.answer.content };
  for (const f of fields) {
    const v = content[f.name];
    if (f.kind !== 'date-time' || typeof v !== 'string' || /(Z|[+-]\d{2}:\d{2})$/.test(v)) continue;
    const withSeconds = /T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
    content[f.name] = `${withSeconds}${localOffset(new Date(v))}`;
  }
  return { ok: true, answer: { action: 'accept', content } };
}
