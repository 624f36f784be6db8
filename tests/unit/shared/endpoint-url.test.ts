import { describe, expect, it } from 'vitest';
import { checkEndpointUrl } from '../../../src/shared/domain/endpoint';

describe('checkEndpointUrl', () => {
  it.each([
    ['localhost:8080/acp', 'http://localhost:8080/acp'],
    ['127.0.0.1:4319/acp', 'http://127.0.0.1:4319/acp'],
    ['[::1]:4319/acp', 'http://[::1]:4319/acp'],
    ['agent.example.com/acp', 'https://agent.example.com/acp'],
    ['agent.example.com:8443', 'https://agent.example.com:8443'],
  ])('offers a scheme for %s', (raw, fixed) => {
    expect(checkEndpointUrl(raw)).toEqual({ ok: false, message: `Did you mean ${fixed}?`, suggestion: fixed });
    expect(checkEndpointUrl(fixed).ok).toBe(true);
  });

  it.each([
    ['ftp://x/acp', /Unsupported scheme "ftp:"/],
    ['mailto:me@example.com', /Unsupported scheme "mailto:"/],
    ['agent', /Not a URL/],
    ['two words', /Not a URL/],
    ['', /Not a URL/],
  ])('does not guess for %s', (raw, message) => {
    const r = checkEndpointUrl(raw);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('suggestion');
    expect((r as { message: string }).message).toMatch(message);
  });
});
