import { describe, expect, it } from 'vitest';
import { hasGrant, oauthStatusLine } from '../../../src/renderer/features/endpoints/oauth/oauth-view';

describe('the sign-in status line (issue 15)', () => {
  const at = new Date(2026, 11, 3, 14, 5).getTime();
  it.each([
    [
      { endpointId: 'e', state: 'signed-in', account: 'alice@example.com', expiresAt: at },
      'Signed in as alice@example.com · expires 14:05',
    ],
    [{ endpointId: 'e', state: 'signed-in' }, 'Signed in'],
    [{ endpointId: 'e', state: 'expired', account: 'alice@example.com' }, 'Sign-in expired (alice@example.com)'],
    [{ endpointId: 'e', state: 'expired' }, 'Sign-in expired'],
    [{ endpointId: 'e', state: 'signing-in' }, 'Signing in…'],
    [{ endpointId: 'e', state: 'signed-out' }, 'Not signed in'],
    [undefined, 'Not signed in'],
  ] as const)('%j → %s', (status, line) => {
    expect(oauthStatusLine(status)).toBe(line);
  });

  it('only a signed-in or expired endpoint has a grant to sign out of', () => {
    expect(hasGrant({ endpointId: 'e', state: 'expired' })).toBe(true);
    expect(hasGrant({ endpointId: 'e', state: 'signing-in' })).toBe(false);
    expect(hasGrant(undefined)).toBe(false);
  });
});
