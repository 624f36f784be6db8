/**
 * The doctor's network steps below HTTP: URL, DNS, TCP and TLS. Pure node:dns / node:net /
 * node:tls; nothing is sent but a TLS ClientHello (no credentials leave the machine here).
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import { checkEndpointUrl } from '../../shared/domain/endpoint';
import { errorText, type StepBody } from './steps';
import { sameFingerprint } from '../../shared/domain/network';

export interface UrlFacts {
  /** The endpoint as an http(s) URL, for the Streamable HTTP steps. */
  readonly httpUrl: string;
  /** The endpoint as a ws(s) URL, for the WebSocket step. */
  readonly wsUrl: string;
  readonly hostname: string;
  readonly port: number;
  readonly secure: boolean;
}

export function checkUrl(raw: string): { body: StepBody; facts: UrlFacts | null } {
  const trimmed = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const looksLikeHost = /^(\[[0-9a-f:.]+\]|[\w.-]+)(:\d+)?(\/|$)/i.test(trimmed);
    return {
      facts: null,
      body: {
        verdict: 'fail',
        explanation: `"${trimmed}" has no scheme (http://, https://, ws:// or wss://).`,
        fix: looksLikeHost
          ? `Use http://${trimmed} (or https:// if the server has TLS).`
          : 'Use a full address such as https://agent.example.com/acp.',
      },
    };
  }
  const checked = checkEndpointUrl(trimmed);
  if (!checked.ok)
    return { facts: null, body: { verdict: 'fail', explanation: checked.message, fix: checked.message } };
  const u = checked.url;
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  const port = Number(u.port || (secure ? 443 : 80));
  const httpUrl = new URL(u.href);
  httpUrl.protocol = secure ? 'https:' : 'http:';
  const wsUrl = new URL(u.href);
  wsUrl.protocol = secure ? 'wss:' : 'ws:';
  const facts: UrlFacts = {
    httpUrl: httpUrl.href,
    wsUrl: wsUrl.href,
    hostname: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
  };
  const evidence = { scheme: u.protocol.replace(':', ''), host: u.hostname, port, path: u.pathname };
  if (u.pathname === '/' || u.pathname === '')
    return {
      facts,
      body: {
        verdict: 'warn',
        explanation: 'The URL has no path; ACP endpoints are conventionally served at /acp.',
        fix: `If the agent serves ACP at /acp, use ${new URL('/acp', u).href}.`,
        evidence,
      },
    };
  return {
    facts,
    body: {
      verdict: 'pass',
      explanation: /\/acp\/?$/.test(u.pathname)
        ? `A ${secure ? 'TLS' : 'cleartext'} URL with the conventional /acp path.`
        : `A ${secure ? 'TLS' : 'cleartext'} URL; the path ${u.pathname} is not the conventional /acp, which is fine if the server says so.`,
      evidence,
    },
  };
}

export async function resolveHost(
  hostname: string,
  timeoutMs: number,
): Promise<{ body: StepBody; addresses: string[] }> {
  if (net.isIP(hostname))
    return {
      addresses: [hostname],
      body: {
        verdict: 'pass',
        explanation: `${hostname} is a literal IPv${net.isIP(hostname)} address; no lookup needed.`,
        evidence: { addresses: hostname },
      },
    };
  try {
    const found = await withTimeout(dns.lookup(hostname, { all: true }), timeoutMs, 'DNS lookup timed out');
    const v4 = found.filter((a) => a.family === 4).map((a) => a.address);
    const v6 = found.filter((a) => a.family === 6).map((a) => a.address);
    return {
      addresses: [...v4, ...v6],
      body: {
        verdict: 'pass',
        explanation: `${hostname} resolves to ${found.length} address${found.length === 1 ? '' : 'es'} (${v4.length} IPv4, ${v6.length} IPv6).`,
        evidence: { ipv4: v4.join(', ') || null, ipv6: v6.join(', ') || null },
      },
    };
  } catch (e) {
    return {
      addresses: [],
      body: {
        verdict: 'fail',
        explanation: `${hostname} does not resolve: ${errorText(e)}.`,
        fix: 'Check the host name for typos, your DNS settings, or use the IP address.',
      },
    };
  }
}

export async function connectTcp(address: string, port: number, timeoutMs: number): Promise<StepBody> {
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: address, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    return {
      verdict: 'pass',
      explanation: `TCP connection to ${address}:${port} established.`,
      evidence: { address, port, connectMs: Math.round(performance.now() - started) },
    };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return {
      verdict: 'fail',
      explanation:
        code === 'ECONNREFUSED'
          ? `Nothing accepts connections at ${address}:${port} (connection refused).`
          : `Could not open a TCP connection to ${address}:${port}: ${errorText(e)}.`,
      fix:
        code === 'ECONNREFUSED'
          ? 'Start the agent, or check the port number.'
          : 'Check the address, firewalls and VPNs between you and the server.',
      evidence: { address, port, code: code ?? null },
    };
  }
}

export interface TlsFacts {
  readonly trusted: boolean;
  readonly alpn: string | null;
}

/** The endpoint's own TLS trust: extra CAs (besides the bundled roots) and a pinned certificate. */
export interface TlsTrust {
  readonly ca?: string;
  readonly pinnedSha256?: string;
}

function handshake(
  address: string,
  hostname: string,
  port: number,
  timeoutMs: number,
  ca?: string,
): Promise<tls.TLSSocket> {
  return new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({
      host: address,
      port,
      ...(net.isIP(hostname) ? {} : { servername: hostname }),
      // Node's `ca` replaces the bundled roots: keep them, as the transport does.
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
      rejectUnauthorized: false,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    s.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** What the certificate and handshake say, as evidence plus problems with their fixes. */
export function assessCertificate(
  socket: Pick<tls.TLSSocket, 'getProtocol' | 'alpnProtocol' | 'authorizationError'>,
  cert: tls.PeerCertificate,
  hostname: string,
  now: Date,
) {
  const authError = socket.authorizationError ? String(socket.authorizationError) : null;
  const subject = firstName(cert.subject?.CN);
  const issuer = firstName(cert.issuer?.CN);
  const validTo = cert.valid_to ? new Date(cert.valid_to) : null;
  const validFrom = cert.valid_from ? new Date(cert.valid_from) : null;
  const expired = authError === 'CERT_HAS_EXPIRED' || (validTo !== null && validTo < now);
  const notYet = authError === 'CERT_NOT_YET_VALID' || (validFrom !== null && validFrom > now);
  const selfSigned =
    authError === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    authError === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    (subject !== null && JSON.stringify(cert.subject) === JSON.stringify(cert.issuer));
  const hostMismatch = tls.checkServerIdentity(hostname, cert);
  const alpn = socket.alpnProtocol || null;
  const evidence = {
    protocol: socket.getProtocol(),
    alpn,
    subject,
    issuer,
    validFrom: cert.valid_from ?? null,
    validTo: cert.valid_to ?? null,
    expired,
    selfSigned,
    hostnameMatch: !hostMismatch,
    fingerprintSha256: cert.fingerprint256 ?? null,
    verification: authError ?? 'ok',
  };
  const problems: Array<[string, string]> = [];
  if (expired) problems.push([`the certificate expired on ${cert.valid_to}`, 'Renew the server certificate.']);
  if (notYet)
    problems.push([
      `the certificate is not valid before ${cert.valid_from}`,
      "Check the server's and this machine's clocks.",
    ]);
  if (selfSigned)
    problems.push([
      'the certificate is self-signed',
      "Use a certificate from a trusted CA, add its CA in the endpoint's TLS settings, or trust (pin) this certificate there.",
    ]);
  if (hostMismatch)
    problems.push([
      `the certificate is not for ${hostname} (${hostMismatch.message})`,
      'Use the host name the certificate was issued for, or reissue it.',
    ]);
  if (authError && problems.length === 0)
    problems.push([
      `the certificate chain is not trusted (${authError})`,
      "Install the full chain on the server, or trust the issuer's CA.",
    ]);
  const daysLeft = validTo ? (validTo.getTime() - now.getTime()) / 86_400_000 : Infinity;
  return { evidence, problems, trusted: !authError && !hostMismatch, alpn, issuer, daysLeft };
}

export async function inspectTls(
  address: string,
  hostname: string,
  port: number,
  timeoutMs: number,
  now = new Date(),
  trust: TlsTrust = {},
): Promise<{ body: StepBody; facts: TlsFacts | null }> {
  let socket: tls.TLSSocket | undefined;
  try {
    socket = await handshake(address, hostname, port, timeoutMs, trust.ca);
    const a = assessCertificate(socket, socket.getPeerCertificate(false), hostname, now);
    if (trust.pinnedSha256) return pinnedVerdict(socket, a, trust.pinnedSha256);
    const facts = { trusted: a.trusted, alpn: a.alpn };
    if (!a.trusted || a.problems.length > 0)
      return {
        facts,
        body: {
          verdict: 'fail',
          explanation: `TLS handshake done, but ${a.problems.map((p) => p[0]).join('; ')}.`,
          fix: a.problems.map((p) => p[1]).join(' '),
          evidence: a.evidence,
        },
      };
    if (a.daysLeft < 14)
      return {
        facts,
        body: {
          verdict: 'warn',
          explanation: `The certificate is trusted but expires in ${Math.max(0, Math.floor(a.daysLeft))} days.`,
          fix: 'Renew the server certificate soon.',
          evidence: a.evidence,
        },
      };
    return {
      facts,
      body: {
        verdict: 'pass',
        explanation: `${socket.getProtocol()} with a trusted certificate for ${hostname} issued by ${a.issuer ?? 'an unnamed issuer'}; ALPN ${a.alpn ?? 'none'}.`,
        evidence: a.evidence,
      },
    };
  } catch (e) {
    return {
      facts: null,
      body: {
        verdict: 'fail',
        explanation: `The TLS handshake failed: ${errorText(e)}.`,
        fix: 'Check that the server speaks TLS on this port (or use http:// for a cleartext server).',
      },
    };
  } finally {
    socket?.destroy();
  }
}

/** A pinned certificate is trusted by its fingerprint alone (as the transport does), whoever issued it. */
function pinnedVerdict(
  socket: tls.TLSSocket,
  a: ReturnType<typeof assessCertificate>,
  pinned: string,
): { body: StepBody; facts: TlsFacts } {
  const got = a.evidence.fingerprintSha256 ?? '(no certificate)';
  if (sameFingerprint(got, pinned))
    return {
      facts: { trusted: true, alpn: a.alpn },
      body: {
        verdict: 'pass',
        explanation: `${socket.getProtocol()} with the pinned certificate (its SHA-256 fingerprint matches); ALPN ${a.alpn ?? 'none'}.`,
        evidence: { ...a.evidence, pinnedSha256: pinned },
      },
    };
  return {
    facts: { trusted: false, alpn: a.alpn },
    body: {
      verdict: 'fail',
      explanation: `The server's certificate changed: expected SHA-256 ${pinned}, got ${got}.`,
      fix: 'If the change is expected, trust the new certificate in the endpoint settings.',
      evidence: { ...a.evidence, pinnedSha256: pinned },
    },
  };
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** A proxy URL as it may be shown: scheme, host and port, never credentials. */
export function proxyOrigin(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Which proxy this endpoint's requests go through, per its network settings (the same rule
 * the transport applies: net-proxy.ts). `via` is the proxy chosen for the endpoint's URL.
 */
export function proxyStep(
  env: NodeJS.ProcessEnv,
  mode: 'none' | 'system' | 'url',
  target: string,
  via: string | undefined,
  withCredentials = false,
): StepBody {
  const set = PROXY_VARS.filter((n) => env[n]);
  const evidence = { mode, proxy: via ? proxyOrigin(via) : null, credentials: withCredentials };
  if (mode === 'url')
    return {
      verdict: 'pass',
      explanation: `Requests go through the proxy ${proxyOrigin(via ?? '')}${withCredentials ? ' with credentials' : ''} (this endpoint's setting); DNS and TCP above are the proxy's.`,
      evidence,
    };
  if (mode === 'system')
    return via
      ? {
          verdict: 'pass',
          explanation: `Requests go through the system proxy ${proxyOrigin(via)} (from ${set.join(', ')}); DNS and TCP above are the proxy's.`,
          evidence,
        }
      : {
          verdict: 'pass',
          explanation: `No system proxy applies to ${target} (none set, NO_PROXY, or a loopback address): ACP Desk connects directly.`,
          evidence,
        };
  if (set.length === 0) return { verdict: 'pass', explanation: 'No proxy: this endpoint connects directly.', evidence };
  return {
    verdict: 'warn',
    explanation: `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, but this endpoint is set to connect directly (No proxy).`,
    fix: "If this network only allows traffic through that proxy, choose System proxy in the endpoint's network settings (or --proxy system in the CLI).",
    evidence,
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function firstName(v: string | string[] | undefined): string | null {
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}
