import { z } from 'zod';

/**
 * Per-endpoint network settings: proxy, extra CA certificates, a pinned server certificate
 * and a client certificate for mutual TLS. Secret parts (proxy password, client key, PKCS#12
 * bundle and passphrase) are write-only like secret headers: the renderer sends them, never
 * gets them back (it sees `has…` flags), and an omitted value keeps the stored one.
 */
export const PROXY_MODES = ['none', 'system', 'url'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

const pem = (label: string) =>
  z
    .string()
    .max(256_000)
    .refine((v) => v.trim() === '' || v.includes(`-----BEGIN ${label}`), `Paste PEM text (-----BEGIN ${label}…)`);

/** Two SHA-256 fingerprints are the same certificate, whatever their case and separators. */
export function sameFingerprint(a: string, b: string): boolean {
  const hex = (fp: string) => fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex(a) === hex(b);
}

/**
 * OpenSSL's verification results that pinning the certificate answers: its issuer is unknown
 * (self-signed, a private CA), not the certificate wrong (expired, another host).
 */
export const PINNABLE_VERIFY_ERRORS: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** SHA-256 fingerprint as Node prints it: 32 hex byte pairs separated by colons. */
export const fingerprintSchema = z
  .string()
  .trim()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i, 'A SHA-256 fingerprint is 32 hex pairs separated by colons')
  .transform((v) => v.toUpperCase());

export const proxyDraftSchema = z
  .object({
    mode: z.enum(PROXY_MODES).default('none'),
    url: z.string().trim().max(2048).default(''),
    username: z.string().max(1024).default(''),
    /** Write-only; undefined keeps the stored password. */
    password: z.string().max(4096).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.mode !== 'url') return;
    let u: URL;
    try {
      u = new URL(p.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Give the proxy as a URL such as http://proxy:3128' });
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'The proxy URL must start with http:// or https://' });
    if (u.username || u.password)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Put the proxy user and password in their own fields' });
  });

export const tlsDraftSchema = z.object({
  /** Extra CA certificates (PEM), trusted in addition to the system store. */
  caPem: pem('CERTIFICATE').default(''),
  /** The trusted server certificate (PEM) and its SHA-256 fingerprint, set by "Trust this certificate". */
  pinnedPem: pem('CERTIFICATE').default(''),
  pinnedSha256: z.union([fingerprintSchema, z.literal('')]).default(''),
  /** Client certificate for mutual TLS, PEM. */
  clientCertPem: pem('CERTIFICATE').default(''),
  /** Write-only: the client key (PEM), a PKCS#12 bundle (base64) and its passphrase. */
  clientKeyPem: pem('').optional(),
  pfxBase64: z
    .string()
    .max(512_000)
    .regex(/^[A-Za-z0-9+/=\s]*$/, 'The PKCS#12 bundle must be base64')
    .optional(),
  passphrase: z.string().max(4096).optional(),
  /** Clears the stored client key / bundle / passphrase. */
  clearClientSecrets: z.boolean().default(false),
});

export const networkDraftSchema = z.object({
  proxy: proxyDraftSchema.prefault({}),
  tls: tlsDraftSchema.prefault({}),
});
export type NetworkDraft = z.input<typeof networkDraftSchema>;
export type NetworkDraftParsed = z.output<typeof networkDraftSchema>;

/** Network settings as the renderer sees them: no secret values. */
export interface NetworkView {
  readonly proxy: {
    readonly mode: ProxyMode;
    readonly url: string;
    readonly username: string;
    readonly hasPassword: boolean;
  };
  readonly tls: {
    readonly caPem: string;
    readonly pinnedPem: string;
    readonly pinnedSha256: string;
    readonly clientCertPem: string;
    readonly hasClientKey: boolean;
    readonly hasPfx: boolean;
    readonly hasPassphrase: boolean;
  };
}

/** What a TLS handshake showed about the server's certificate (Test connection / the doctor). */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly sha256: string;
  /** The certificate itself, PEM, so "Trust this certificate" can pin it. */
  readonly pem: string;
  /** Why the handshake refused it (Node's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT), if it did. */
  readonly problem?: string;
}

/** CertificateFacts as they cross the bridge in a failed test's `details.certificate` (checked, not trusted). */
export const certificateFactsSchema = z.object({
  subject: z.string().max(2048),
  issuer: z.string().max(2048),
  validFrom: z.string().max(100),
  validTo: z.string().max(100),
  sha256: fingerprintSchema,
  pem: z.string().max(64_000),
  problem: z.string().max(200).optional(),
});

/** The server certificate a host put in an error's `details.certificate`, if it is well formed. */
export function certificateInDetails(details: unknown): CertificateFacts | undefined {
  const cert = (details as { certificate?: unknown } | null | undefined)?.certificate;
  const parsed = certificateFactsSchema.safeParse(cert);
  return parsed.success ? parsed.data : undefined;
}
