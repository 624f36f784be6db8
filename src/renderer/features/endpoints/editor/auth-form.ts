/**
 * The editor's Sign-in section as plain data (issue 15), and how it becomes the draft's `auth`.
 * The client secret is write-only: a stored one is only a flag here, and the draft leaves it out
 * so the host keeps it, unless the person typed a new one or chose to remove it. Pure.
 */
import {
  scopesFromText,
  type EndpointAuthDraft,
  type EndpointAuthView,
  type OAuthFlow,
} from '../../../../shared/domain/endpoint-auth';

export interface AuthFormState {
  readonly kind: 'none' | 'oauth';
  readonly clientId: string;
  /** What was typed to set or replace the client secret (never the stored one). */
  readonly clientSecret: string;
  readonly hasStoredSecret: boolean;
  /** The person chose to remove the stored secret. */
  readonly clearSecret: boolean;
  /** Space-separated, as typed. */
  readonly scopes: string;
  readonly authorizationServer: string;
  readonly flow: OAuthFlow;
  /** The section was edited (only then does a "none" endpoint's draft carry `auth`). */
  readonly touched: boolean;
}

export function authFormFromView(v: EndpointAuthView | undefined): AuthFormState {
  const oauth = v?.kind === 'oauth' ? v : undefined;
  return {
    kind: oauth ? 'oauth' : 'none',
    clientId: oauth?.clientId ?? '',
    clientSecret: '',
    hasStoredSecret: oauth?.hasClientSecret ?? false,
    clearSecret: false,
    scopes: (oauth?.scopes ?? []).join(' '),
    authorizationServer: oauth?.authorizationServer ?? '',
    flow: oauth?.flow ?? 'auto',
    touched: false,
  };
}

export function authDraftFromForm(f: AuthFormState): EndpointAuthDraft | undefined {
  if (f.kind === 'none') return f.touched ? { kind: 'none' } : undefined;
  const clientId = f.clientId.trim();
  const scopes = scopesFromText(f.scopes);
  const server = f.authorizationServer.trim();
  const secret = f.clientSecret !== '' ? f.clientSecret : f.clearSecret ? '' : undefined;
  return {
    kind: 'oauth',
    ...(clientId ? { clientId } : {}),
    ...(secret !== undefined && clientId ? { clientSecret: secret } : {}),
    ...(scopes.length > 0 ? { scopes } : {}),
    ...(server ? { authorizationServer: server } : {}),
    flow: f.flow,
  };
}
