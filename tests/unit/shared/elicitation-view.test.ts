/**
 * The elicitation card's pure decisions (issue 14): which URLs a click may open (the same
 * external-link policy as chat links) and the date-time content as sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urlView, withZones } from '../../../src/renderer/features/chat/elicitation/elicitation-view';
import { formFields, validateForm } from '../../../src/shared/elicitation/form';
import { elicitationSchemaSchema } from '../../../src/shared/elicitation/schema';

describe('urlView', () => {
  it.each([
    ['https', 'https://auth.example.com/login?x=1', 'https://auth.example.com', 'auth.example.com'],
    ['https on a port', 'https://auth.example.com:8443/', 'https://auth.example.com:8443', 'auth.example.com:8443'],
    ['http to localhost', 'http://localhost:3000/cb', 'http://localhost:3000', 'localhost:3000'],
    ['http to 127.0.0.1', 'http://127.0.0.1/cb', 'http://127.0.0.1', '127.0.0.1'],
    ['http to [::1]', 'http://[::1]:8080/', 'http://[::1]:8080', '[::1]:8080'],
  ])('%s opens', (_name, raw, origin, host) => {
    expect(urlView(raw)).toEqual({ href: new URL(raw).href, origin, host, opens: true });
  });

  it.each([
    ['http to another machine', 'http://auth.example.com/login', 'http://auth.example.com'],
    [
      'http to a name that only starts like loopback',
      'http://127.0.0.1.evil.example/',
      'http://127.0.0.1.evil.example',
    ],
    ['https with a user name', 'https://user@auth.example.com/', 'https://auth.example.com'],
    ['https with credentials', 'https://user:secret@auth.example.com/', 'https://auth.example.com'],
    ['javascript:', 'javascript:alert(1)', 'javascript:'],
    ['data:', 'data:text/html,<script>alert(1)</script>', 'data:'],
    ['file:', 'file:///etc/passwd', 'file:'],
    ['ftp:', 'ftp://files.example.com/x', 'ftp://files.example.com'],
  ])('%s is refused', (_name, raw, origin) => {
    const v = urlView(raw);
    expect(v?.opens).toBe(false);
    expect(v?.origin).toBe(origin);
  });

  it('names the real host of a look-alike address, not its user part', () => {
    expect(urlView('https://bank.example.com@evil.example/')?.host).toBe('evil.example');
  });

  it('answers null for something that is not a URL', () => {
    expect(urlView('not a url')).toBeNull();
    expect(urlView('')).toBeNull();
  });
});

describe('withZones', () => {
  const fields = formFields(
    elicitationSchemaSchema.parse({
      properties: {
        when: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        note: { type: 'string' },
      },
    }),
  );
  const accept = (values: Record<string, string>) => withZones(fields, validateForm(fields, values));
  let tz: string | undefined;
  beforeEach(() => {
    tz = process.env.TZ;
  });
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it.each([
    ['UTC', '2026-01-31T09:30', '2026-01-31T09:30:00+00:00'],
    ['Asia/Kolkata', '2026-01-31T09:30', '2026-01-31T09:30:00+05:30'],
    ['America/New_York', '2026-01-31T09:30:15', '2026-01-31T09:30:15-05:00'],
    ['America/New_York', '2026-07-01T09:30', '2026-07-01T09:30:00-04:00'],
  ])('in %s, a local %s is sent as %s', (zone, typed, sent) => {
    process.env.TZ = zone;
    expect(accept({ when: typed, day: '', note: '' })).toEqual({
      ok: true,
      answer: { action: 'accept', content: { when: sent } },
    });
  });

  it('keeps a date-time that already has a zone, and leaves other fields alone', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(accept({ when: '2026-01-31T09:30Z', day: '2026-01-31', note: '09:30' })).toEqual({
      ok: true,
      answer: { action: 'accept', content: { when: '2026-01-31T09:30Z', day: '2026-01-31', note: '09:30' } },
    });
  });

  it('passes a failed validation through untouched', () => {
    const failed = validateForm(fields, { when: 'soon', day: '', note: '' });
    expect(withZones(fields, failed)).toBe(failed);
  });
});
