/**
 * TLS and proxy failures in plain sentences. undici and `ws` surface OpenSSL's codes
 * (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…) somewhere along an error's
 * `cause` chain; the user gets what happened and what to change instead.
 */

/** The code of our own pin check (node-net.ts), so it is told apart from OpenSSL's. */
export const PIN_MISMATCH = 'ACP_CERT_PIN_MISMATCH';

export const PROXY_UNREACHABLE = 'ACP_PROXY_UNREACHABLE';

/** Socket errors that, with a proxy configured, mean the proxy itself could not be reached. */
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'its host name could not be found',
  EAI_AGAIN: 'its host name could not be looked up',
  EHOSTUNREACH: 'its host cannot be reached',
  ENETUNREACH: 'its network cannot be reached',
  ETIMEDOUT: 'it did not answer',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer',
};

/**
 * The proxy (host:port only, never its credentials) could not be reached. The socket error
 * stays the cause, so "nothing was sent" is still known to the retry logic.
 */
export class ProxyUnreachableError extends Error {
  readonly code = PROXY_UNREACHABLE;
  constructor(proxyHostPort: string, why: string, cause: unknown) {
    super(`The proxy at ${proxyHostPort} could not be reached: ${why}. Check the endpoint's proxy settings.`, {
      cause,
    });
    this.name = 'ProxyUnreachableError';
  }
}

export const PROXY_TLS = 'ACP_PROXY_TLS';

/** An https:// proxy's own certificate was refused: the sentence says it is the proxy's. */
export class ProxyTlsError extends Error {
  readonly code = PROXY_TLS;
  constructor(proxyHostPort: string, sentence: string, cause: unknown) {
    super(
      `The proxy at ${proxyHostPort} is not trusted: ${sentence.replace(/^The server's certificate/, 'its certificate')}`,
      {
        cause,
      },
    );
    this.name = 'ProxyTlsError';
  }
}

/** `e` as a ProxyTlsError when it is a TLS failure (of the connection to the proxy). */
export function asProxyTlsFailure(e: unknown, proxyUrl: string): ProxyTlsError | undefined {
  const sentence = networkFailureSentence(e);
  if (!sentence || chain(e).some((c) => c.code === PROXY_TLS)) return undefined;
  return new ProxyTlsError(hostPortOf(proxyUrl), sentence, e);
}

function hostPortOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return 'the configured address';
  }
}

/** `e` as a ProxyUnreachableError when its chain says the proxy could not be reached. */
export function asProxyUnreachable(e: unknown, proxyUrl: string): ProxyUnreachableError | undefined {
  for (const err of chain(e)) {
    const why = typeof err.code === 'string' ? UNREACHABLE_CODES[err.code] : undefined;
    if (why === undefined) continue;
    return new ProxyUnreachableError(hostPortOf(proxyUrl), why, e);
  }
  return undefined;
}

/** A 407 from the proxy (undici's tunnel error, or the WebSocket upgrade's answer). */
export const PROXY_AUTH_REFUSED =
  'The proxy refused the credentials (HTTP 407 Proxy Authentication Required). Check the proxy user and password.';

export class CertificatePinError extends Error {
  readonly code = PIN_MISMATCH;
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(
      `The server's certificate changed: expected SHA-256 ${expected}, got ${got}. ` +
        'If the change is expected, trust the new certificate in the endpoint settings.',
    );
    this.name = 'CertificatePinError';
  }
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
]);

const CLIENT_CERT_REFUSED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
]);

interface CodedError {
  code?: unknown;
  message?: unknown;
  host?: unknown;
  cert?: { subjectaltname?: unknown };
  cause?: unknown;
}

/** Every error on the cause chain (undici wraps the socket's error in "fetch failed"). */
function chain(e: unknown): CodedError[] {
  const out: CodedError[] = [];
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 8; depth++) {
    out.push(cur as CodedError);
    cur = (cur as CodedError).cause;
  }
  return out;
}

/** A sentence for a TLS or proxy failure anywhere on the chain, or undefined for other errors. */
export function networkFailureSentence(e: unknown): string | undefined {
  for (const err of chain(e)) {
    const code = typeof err.code === 'string' ? err.code : '';
    const message = typeof err.message === 'string' ? err.message : '';
    const sentence = byCode(code, err) ?? byMessage(message);
    if (sentence) return sentence;
  }
  return undefined;
}

function byCode(code: string, err: CodedError): string | undefined {
  if (code === PIN_MISMATCH || code === PROXY_UNREACHABLE || code === PROXY_TLS) return String(err.message);
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return (
      "The server's certificate is self-signed, so it is not trusted. Trust this certificate in the " +
      "endpoint's TLS settings once you have checked its fingerprint."
    );
  if (UNKNOWN_CA.has(code))
    return (
      "The server's certificate was issued by a certificate authority this machine does not trust. " +
      "Add that CA's certificate (PEM) in the endpoint's TLS settings."
    );
  if (code === 'CERT_HAS_EXPIRED')
    return "The server's certificate has expired. Ask the server's operator to renew it.";
  if (code === 'CERT_NOT_YET_VALID')
    return "The server's certificate is not valid yet. Check this machine's clock, or ask the server's operator.";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const host = typeof err.host === 'string' ? ` ${err.host}` : ' this host name';
    const names = typeof err.cert?.subjectaltname === 'string' ? ` (it names ${err.cert.subjectaltname})` : '';
    return `The server's certificate is not valid for${host}${names}. Check the endpoint URL's host name.`;
  }
  if (CLIENT_CERT_REFUSED.has(code))
    return (
      'The server requires a client certificate and did not accept the one sent (or none was sent). ' +
      "Add a client certificate and key, or a PKCS#12 bundle, in the endpoint's TLS settings."
    );
  if (code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE')
    return "The client certificate's key could not be opened: check the passphrase.";
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return 'The client certificate and its key do not belong together.';
  if (code === 'ERR_OSSL_UNSUPPORTED' && /DECODER/.test(String(err.message)))
    return (
      "The client certificate's key could not be read. Paste the private key in PEM as exported " +
      '(-----BEGIN … PRIVATE KEY-----), or use a PKCS#12 bundle.'
    );
  return undefined;
}

function byMessage(message: string): string | undefined {
  if (/\b407\b/.test(message) && /proxy/i.test(message)) return PROXY_AUTH_REFUSED;
  const tunnel = /Proxy response \((\d{3})\) !== 200/.exec(message);
  if (tunnel) return `The proxy refused to open a tunnel to the server (HTTP ${tunnel[1]}).`;
  if (/mac verify failure|bad decrypt/i.test(message))
    return "The client certificate's key could not be opened: check the passphrase.";
  // Node's PKCS#12 reader says only this (no code) about a bundle that is not one.
  if (message === 'not enough data' || message === 'wrong tag' || message === 'header too long')
    return 'The PKCS#12 bundle could not be read: export it again (.p12 or .pfx) and paste it as base64.';
  return undefined;
}

/** How every sentence above begins, to find one quoted inside a longer transport message. */
const SENTENCE_START =
  /The server's certificate|The server requires a client certificate|The client certificate|The proxy refused|The proxy at /;

/**
 * The TLS or proxy sentence quoted in a transport message ("Could not reach the server: The
 * server's certificate…"), for classifiers that see only text (the SDK's error keeps the
 * message, not the cause chain). Undefined when there is none.
 */
export function networkSentenceIn(text: string): string | undefined {
  const m = SENTENCE_START.exec(text);
  if (!m) return undefined;
  let s = text.slice(m.index).trim();
  // Drop the closing parentheses of whatever quoted it ("… (could not open the stream: …)").
  while (s.endsWith(')') && (s.match(/\(/g) ?? []).length < (s.match(/\)/g) ?? []).length) s = s.slice(0, -1);
  return s;
}
