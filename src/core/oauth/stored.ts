/**
 * What one endpoint's OAuth vault entry holds (JSON; the vault seals it): the client the app
 * uses at the authorization server (registered dynamically or configured) and the current grant.
 */
import { z } from 'zod';

export const storedClientSchema = z.object({
  issuer: z.string(),
  clientId: z.string().min(1),
  clientSecret: z.string().optional(),
  authMethod: z.enum(['none', 'client_secret_basic', 'client_secret_post']),
  /** Set when the app registered it (RFC 7591), so a configured client id never gets replaced. */
  registered: z.boolean(),
});

export const storedGrantSchema = z.object({
  issuer: z.string(),
  resource: z.string(),
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresAt: z.number().optional(),
  scopes: z.array(z.string()).optional(),
  account: z.string().optional(),
});

export const storedSchema = z.object({
  v: z.literal(1),
  client: storedClientSchema.optional(),
  grant: storedGrantSchema.optional(),
});

export type StoredClient = z.infer<typeof storedClientSchema>;
export type StoredGrant = z.infer<typeof storedGrantSchema>;
export type Stored = z.infer<typeof storedSchema>;

export function parseStored(text: string | undefined): Stored {
  if (!text) return { v: 1 };
  try {
    const parsed = storedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { v: 1 };
  } catch {
    return { v: 1 };
  }
}
