/** zod schemas of the OAuth sign-in channels (issue 15); spread into `invokeSchemas`. */
import { z } from 'zod';
import { OAUTH_FLOWS } from '../domain/endpoint-auth';
import type { OAuthContract } from './oauth-contract';

const id = z.string().min(1).max(200);

export const oauthSchemas = {
  'endpoints:signIn': z.object({ id, flow: z.enum(OAUTH_FLOWS).optional() }).strict(),
  'endpoints:cancelSignIn': z.object({ id }).strict(),
  'endpoints:signOut': z.object({ id }).strict(),
  'endpoints:oauthStatus': z.undefined(),
} satisfies { [C in keyof OAuthContract]: z.ZodType<unknown, OAuthContract[C]['request']> };
