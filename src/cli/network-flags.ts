/**
 * Proxy and TLS flags shared by `acp-desk chat` and `acp-desk probe` (issue 15), turned into
 * the same ResolvedNetwork an endpoint's saved settings become in the app. Secrets never go
 * on the command line (where `ps` and shell history see them): a proxy password and a key
 * passphrase are read from environment variables the user names.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DIRECT, type ResolvedNetwork } from '../core/transport/net-config';
import { UsageError } from './args';

export const NETWORK_USAGE = `  --proxy system|none|URL     proxy for every request (default system: HTTPS_PROXY / HTTP_PROXY /
                             NO_PROXY, never for loopback); URL is http(s)://[user@]host:port
  --proxy-password-env NAME  read the proxy password from this environment variable
  --ca FILE                  extra CA certificates (PEM) to trust for this endpoint
  --pin SHA256               accept only the server certificate with this SHA-256 fingerprint
  --cert FILE --key FILE     client certificate and key (PEM) for mutual TLS
  --pfx FILE                 client certificate and key as PKCS#12
  --passphrase-env NAME      read the key's (or the PKCS#12's) passphrase from this variable`;

export const NETWORK_FLAGS = {
  proxy: { type: 'string' },
  'proxy-password-env': { type: 'string' },
  ca: { type: 'string' },
  pin: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  pfx: { type: 'string' },
  'passphrase-env': { type: 'string' },
} as const;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expects an environment variable name');

export const networkFlagSchema = z.object({
  proxy: z.string().min(1).default('system'),
  'proxy-password-env': envName.optional(),
  ca: z.string().min(1).optional(),
  pin: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  pfx: z.string().min(1).optional(),
  'passphrase-env': envName.optional(),
});
export type NetworkFlags = z.infer<typeof networkFlagSchema>;

/** Most bytes read from a certificate or key file (a PEM bundle of many CAs is well below). */
const MAX_FILE = 1024 * 1024;

type ReadFile = (file: string) => Buffer;

function readBounded(flag: string, file: string, read: ReadFile): Buffer {
  let data: Buffer;
  try {
    data = read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--${flag} ${file}: cannot read it (${code ?? (e instanceof Error ? e.message : e)})`);
  }
  if (data.length > MAX_FILE) throw new UsageError(`--${flag} ${file}: larger than 1 MiB, not a certificate file`);
  return data;
}

function pem(flag: string, file: string, read: ReadFile, kind: RegExp): string {
  const text = readBounded(flag, file, read).toString('utf8');
  if (!kind.test(text)) throw new UsageError(`--${flag} ${file}: no PEM block in it (expected -----BEGIN …-----)`);
  return text;
}

/** "AB:CD:…" or "abcd…" (64 hex digits) → "AB:CD:…", the form Node reports as fingerprint256. */
export function normalizeFingerprint(raw: string): string {
  const hex = raw.replace(/^sha256[:/]/i, '').replace(/[:\s]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError('--pin: expects a SHA-256 fingerprint (64 hex digits)');
  return hex.toUpperCase().match(/../g)!.join(':');
}

function proxyOf(f: NetworkFlags, env: NodeJS.ProcessEnv): ResolvedNetwork['proxy'] {
  if (f.proxy === 'system' || f.proxy === 'none') {
    if (f['proxy-password-env']) throw new UsageError('--proxy-password-env: only with --proxy URL');
    return { mode: f.proxy };
  }
  let url: URL;
  try {
    url = new URL(f.proxy);
  } catch {
    // Handled: a proxy that is not a URL is a usage error (exit 2) naming what is expected.
    throw new UsageError('--proxy: expects system, none or a proxy URL such as http://proxy.example:3128');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--proxy: a ${url.protocol.replace(':', '')} proxy is not supported (http or https)`);
  if (url.password) throw new UsageError('--proxy: put no password in the URL; use --proxy-password-env NAME');
  const username = decodeURIComponent(url.username);
  url.username = '';
  const passwordVar = f['proxy-password-env'];
  const password = passwordVar ? env[passwordVar] : undefined;
  if (passwordVar && password === undefined) throw new UsageError(`--proxy-password-env: ${passwordVar} is not set`);
  return {
    mode: 'url',
    url: url.toString().replace(/\/$/, ''),
    ...(username ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

export function networkFromFlags(
  f: NetworkFlags,
  env: NodeJS.ProcessEnv,
  read: ReadFile = (file) => readFileSync(file),
): ResolvedNetwork {
  const proxy = proxyOf(f, env);
  if (f.key && !f.cert) throw new UsageError('--key: needs --cert');
  if (f.cert && !f.key) throw new UsageError('--cert: needs --key');
  if (f.pfx && f.cert) throw new UsageError('--pfx: give either --pfx or --cert/--key, not both');
  const passVar = f['passphrase-env'];
  const passphrase = passVar ? env[passVar] : undefined;
  if (passVar && passphrase === undefined) throw new UsageError(`--passphrase-env: ${passVar} is not set`);
  const tls: { -readonly [K in keyof ResolvedNetwork['tls']]: ResolvedNetwork['tls'][K] } = {};
  if (f.ca) tls.ca = pem('ca', f.ca, read, /-----BEGIN CERTIFICATE-----/);
  if (f.pin) tls.pinnedSha256 = normalizeFingerprint(f.pin);
  if (f.cert) tls.cert = pem('cert', f.cert, read, /-----BEGIN CERTIFICATE-----/);
  if (f.key) tls.key = pem('key', f.key, read, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  if (f.pfx) tls.pfx = readBounded('pfx', f.pfx, read);
  if (passphrase !== undefined) tls.passphrase = passphrase;
  if (proxy.mode === 'none' && Object.keys(tls).length === 0) return DIRECT;
  return { proxy, tls };
}
