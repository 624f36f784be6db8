/** What the sign-in status line says (issue 15). Pure. */
import type { OAuthStatusView } from '../../../../shared/domain/endpoint-auth';

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "Signed in as alice@example.com · expires 14:05", "Not signed in", "Sign-in expired", "Signing in…". */
export function oauthStatusLine(s: OAuthStatusView | undefined): string {
  switch (s?.state) {
    case 'signed-in': {
      const who = s.account ? `Signed in as ${s.account}` : 'Signed in';
      return s.expiresAt !== undefined ? `${who} · expires ${clock(s.expiresAt)}` : who;
    }
    case 'expired':
      return s.account ? `Sign-in expired (${s.account})` : 'Sign-in expired';
    case 'signing-in':
      return 'Signing in…';
    default:
      return 'Not signed in';
  }
}

/** Signed in (or expired) means there is a grant to sign out of. */
export function hasGrant(s: OAuthStatusView | undefined): boolean {
  return s?.state === 'signed-in' || s?.state === 'expired';
}
