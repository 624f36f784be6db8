import { z } from 'zod';

/**
 * How an endpoint signs in (issue 15): nothing beyond its headers, or OAuth. The client secret
 * of a pre-registered confidential client is write-only like a secret header: the renderer
 * sends it, never gets it back (it sees `hasClientSecret`), an omitted value keeps the stored
 * one and an empty string clears it. Tokens never appear here: they live sealed in core.
 */
export const OAUTH_FLOWS = ['auto', 'code', 'device'] as const;
export type OAuthFlow = (typeof OAUTH_FLOWS)[number];

/** An OAuth scope token (RFC 6749 §3.3): printable ASCII without space, `"` or `\`. */
const scopeSchema = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'A scope is one word of printable characters (no spaces or quotes)');

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** An authorization server is an https URL (plain http only on this machine, as in tests). */
export const authorizationServerSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((v, ctx) => {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'Give the authorization server as a URL such as https://login.example.com',
      });
      return;
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.test(u.hostname)))
      ctx.addIssue({ code: 'custom', message: 'The authorization server must use https (http only on this machine).' });
    else if (u.username || u.password || u.hash)
      ctx.addIssue({ code: 'custom', message: 'Remove credentials and the #fragment from the URL.' });
  });

export const endpointAuthDraftSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('oauth'),
      /** Empty or absent: the client registers itself (RFC 7591) with the authorization server. */
      clientId: z.string().trim().max(1024).optional(),
      /** Write-only: undefined keeps the stored secret, '' removes it. */
      clientSecret: z.string().max(4096).optional(),
      scopes: z.array(scopeSchema).max(64).optional(),
      /** Overrides the authorization server the agent's protected-resource metadata names. */
      authorizationServer: z.union([z.literal(''), authorizationServerSchema]).optional(),
      flow: z.enum(OAUTH_FLOWS).optional(),
    })
    .strict(),
]);
export type EndpointAuthDraft = z.input<typeof endpointAuthDraftSchema>;
export type EndpointAuthDraftParsed = z.output<typeof endpointAuthDraftSchema>;

/** The sign-in setting as the renderer sees it: no client secret, only whether one is stored. */
export type EndpointAuthView =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'oauth';
      readonly clientId?: string;
      readonly hasClientSecret: boolean;
      readonly scopes: readonly string[];
      readonly authorizationServer?: string;
      readonly flow: OAuthFlow;
    };

/** Scopes typed as one line ("openid email  acp") into the list the draft carries. */
export function scopesFromText(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/**
 * Where an endpoint stands with its sign-in, as every window shows it. `expired`: it was
 * signed in, and the grant can no longer be used (refresh refused, token past its expiry).
 */
export type OAuthState = 'signed-out' | 'signing-in' | 'signed-in' | 'expired';

/** What a sign-in asks the person to do (core's `SignInPrompt` is this type). */
export type OAuthPromptView =
  | { readonly kind: 'browser'; readonly url: string }
  | {
      readonly kind: 'device';
      readonly userCode: string;
      readonly verificationUri: string;
      readonly verificationUriComplete?: string;
      /** Epoch ms after which the code is no longer valid. */
      readonly expiresAt: number;
    };

/** One endpoint's sign-in, pushed on every change (`endpoints:oauthChanged`). Never carries a token. */
export interface OAuthStatusView {
  readonly endpointId: string;
  readonly state: OAuthState;
  readonly account?: string;
  /** Epoch ms when the access token expires. */
  readonly expiresAt?: number;
  readonly issuer?: string;
  readonly scopes?: readonly string[];
  /** While signing in: what the person has to do (open the page, or enter the code). */
  readonly prompt?: OAuthPromptView;
  /** The last sign-in failed: why, as a sentence. */
  readonly error?: string;
}

/**
 * Marks a failure a sign-in answers (`details.signIn` of an IpcError): the agent refused with
 * 401 and either the endpoint uses OAuth or its challenge names RFC 9728 `resource_metadata`.
 */
export interface SignInHint {
  readonly signIn: { readonly endpointId: string; readonly configured: boolean };
}

export function signInHintOf(details: unknown): SignInHint['signIn'] | null {
  if (typeof details !== 'object' || details === null || !('signIn' in details)) return null;
  const s = (details as { signIn: unknown }).signIn;
  if (typeof s !== 'object' || s === null) return null;
  const { endpointId, configured } = s as Record<string, unknown>;
  return typeof endpointId === 'string' ? { endpointId, configured: configured === true } : null;
}
