/**
 * What a failed probe or connection means for the person looking at it: one class, one
 * sentence, one next step. The raw errno text, the HTTP status and what the server answered
 * stay in `details` (shown behind a "Details" toggle), never in the sentence. Pure: the host
 * classifies with what it knows (status, body, the TLS sentence of core/transport/tls-errors),
 * the renderer classifies whatever text it got from older paths the same way.
 */
import { z } from 'zod';
import { cleanText, EXCERPT_MAX, excerptOf, RAW_MAX } from './failure-text';

export const FAILURE_KINDS = ['nothing-listening', 'not-acp', 'tls', 'auth', 'timeout', 'proxy', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureDetails {
  /** The failure as the network stack and the transport said it (cleaned and bounded). */
  readonly raw: string;
  readonly status?: number;
  /** What the server answered, tags stripped, at most EXCERPT_MAX characters. */
  readonly excerpt?: string;
}

export interface ClassifiedFailure {
  readonly kind: FailureKind;
  /** One sentence. */
  readonly title: string;
  readonly nextStep: string;
  readonly details: FailureDetails;
}

export interface FailureInput {
  /** The failure text (already redacted by the host when it quotes headers or the URL). */
  readonly message: string;
  /** The endpoint URL, for "host:port" and the path advice. */
  readonly url?: string;
  readonly status?: number;
  readonly contentType?: string;
  readonly body?: string;
  /** The transport's failure kind (`LinkError.kind`, or the JSON-RPC error's `data.kind`). */
  readonly transportKind?: string;
  /** The IPC error code, when the failure crossed the bridge. */
  readonly code?: string;
  /**
   * The host's sentence for a TLS or proxy failure (core/transport/tls-errors), when it had
   * one; without it the same sentences are looked for inside `message`.
   */
  readonly tlsSentence?: string;
}

interface Where {
  /** host:port, with the scheme's default port when the URL names none. */
  readonly hostPort: string | null;
  readonly hostname: string | null;
  /** The URL with the path /acp, for the not-an-endpoint advice. */
  readonly acpUrl: string | null;
  /** The URL's path already is …/acp (so "add /acp" is not the advice). */
  readonly isAcpPath: boolean;
}

const DEFAULT_PORT: Readonly<Record<string, string>> = { 'http:': '80', 'ws:': '80', 'https:': '443', 'wss:': '443' };

function whereOf(input: FailureInput): Where {
  const text = input.url ?? /\b(?:https?|wss?):\/\/[^\s)'"]+/i.exec(input.message)?.[0];
  try {
    const url = new URL(text ?? '');
    const port = url.port || DEFAULT_PORT[url.protocol] || '';
    const hostPort = port ? `${url.hostname}:${port}` : url.hostname;
    return {
      hostPort,
      hostname: url.hostname,
      acpUrl: `${url.protocol}//${url.host}/acp`,
      isAcpPath: /\/acp\/?$/.test(url.pathname),
    };
  } catch {
    const m = /(?:ECONNREFUSED|refused (?:by|at)) (\[[0-9a-f:.]+\](?::\d+)?|[^\s:()]+(?::\d+)?)/i.exec(input.message);
    const refused = m?.[1]?.replace(/\.+$/, '') ?? null;
    const name = /(?:ENOTFOUND|EAI_AGAIN) (\S+?)\)?(?:\s|$)/.exec(input.message)?.[1] ?? null;
    return { hostPort: refused, hostname: name, acpUrl: null, isAcpPath: false };
  }
}

const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** The first sentence of a longer text, and the rest. */
function splitSentence(text: string): { first: string; rest: string } {
  const m = /^(.+?[.!?])(\s+[\s\S]*)?$/.exec(text.trim());
  return m ? { first: m[1]!, rest: (m[2] ?? '').trim() } : { first: sentence(text.trim()), rest: '' };
}

/**
 * How core/transport/tls-errors.ts's sentences begin (the shared zone cannot import it): a
 * transport message that quotes one ("Could not reach the server: The server's certificate…")
 * is classified by that sentence, which already says what to change.
 */
const NETWORK_SENTENCE =
  /The server's certificate|The server requires a client certificate|The client certificate|The proxy refused|The proxy at /;

function networkSentence(input: FailureInput): string | undefined {
  if (input.tlsSentence) return input.tlsSentence;
  const m = NETWORK_SENTENCE.exec(input.message);
  if (!m) return undefined;
  let s = input.message.slice(m.index).trim();
  // Drop the closing parentheses of whatever quoted it, and anything after " Then: ".
  s = s.split(' Then: ')[0]!;
  while (s.endsWith(')') && (s.match(/\(/g) ?? []).length < (s.match(/\)/g) ?? []).length) s = s.slice(0, -1);
  return s;
}

/** A sentence that names the problem and then the fix: the first as the title, the rest as the next step. */
function fromSentence(kind: FailureKind, text: string, fallback: string): Verdict {
  const { first, rest } = splitSentence(text);
  // "The proxy at host:port could not be reached: connect ECONNREFUSED …": the errno part is for the details.
  const title = first.replace(/(could not be reached): .*$/, '$1.');
  return { kind, title, nextStep: rest || fallback };
}

const TLS_TEXT =
  /CERT_|certificate|SSL routines|ERR_SSL|ERR_TLS|EPROTO|self[- ]signed|UNABLE_TO_(VERIFY|GET)|wrong version number|TLS handshake/i;
const REFUSED_TEXT = /ECONNREFUSED|connection refused/i;
const NO_NAME_TEXT = /ENOTFOUND|EAI_AGAIN|getaddrinfo/i;
const UNREACHABLE_TEXT = /EHOSTUNREACH|ENETUNREACH/i;
const TIMEOUT_TEXT = /did not answer within|timed out|timeout|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/i;
const NOT_ACP_TEXT =
  /not a JSON-RPC response|does not look like an ACP endpoint|Acp-Connection-Id|not an ACP endpoint/i;
/** Statuses that say "a server is here, but this URL is not where it speaks ACP". */
const NOT_ACP_STATUS = new Set([400, 404, 405, 406, 410, 415, 426, 501]);

function statusIn(input: FailureInput): number | undefined {
  if (input.status) return input.status;
  const m = /\bHTTP (\d{3})\b/.exec(input.message);
  return m ? Number(m[1]) : undefined;
}

function isJsonOrStream(contentType: string | undefined): boolean {
  return !contentType || /json|event-stream/i.test(contentType);
}

type Verdict = Omit<ClassifiedFailure, 'details'>;

function proxyVerdict(input: FailureInput, status: number | undefined): Verdict | null {
  const said = networkSentence(input);
  if (said && /^The proxy/.test(said))
    return fromSentence('proxy', said, 'Check the proxy settings of this endpoint, then test again.');
  const tunnel = /Proxy response \((\d{3})\) !== 200/.exec(input.message);
  if (status !== 407 && !tunnel && !/proxy auth/i.test(input.message)) return null;
  if (tunnel && tunnel[1] !== '407')
    return {
      kind: 'proxy',
      title: `The proxy refused to open a tunnel to the agent (HTTP ${tunnel[1]}).`,
      nextStep: "Check the proxy settings of this endpoint, or ask the proxy's operator whether this host is allowed.",
    };
  return {
    kind: 'proxy',
    title: 'The proxy wants credentials (HTTP 407 Proxy Authentication Required).',
    nextStep: 'Check the proxy user and password in the endpoint’s network settings, then test again.',
  };
}

function tlsVerdict(input: FailureInput): Verdict | null {
  const said = networkSentence(input);
  if (said) return fromSentence('tls', said, 'Check the endpoint’s TLS settings, then test again.');
  if (!TLS_TEXT.test(input.message)) return null;
  if (/wrong version number|EPROTO|packet length too long/i.test(input.message))
    return {
      kind: 'tls',
      title: 'The server at this address does not speak TLS.',
      nextStep: 'Use http:// (or ws://) instead of https://, or check the port.',
    };
  return {
    kind: 'tls',
    title: 'The secure connection could not be set up: the server’s certificate was not accepted.',
    nextStep: 'Trust the certificate or add its CA in the endpoint’s TLS settings, then test again.',
  };
}

function authVerdict(input: FailureInput, status: number | undefined): Verdict | null {
  const forbidden = status === 403 || input.code === 'forbidden';
  const auth = forbidden || status === 401 || input.transportKind === 'auth' || input.code === 'unauthorized';
  if (!auth) return null;
  return forbidden
    ? {
        kind: 'auth',
        title: 'The agent refused these credentials (HTTP 403).',
        nextStep: 'Sign in with an account that has access, or update the token in the endpoint’s headers.',
      }
    : {
        kind: 'auth',
        title: 'The agent wants you to sign in (HTTP 401).',
        nextStep: 'Sign in, or add the token in the endpoint’s headers (for example Authorization), then test again.',
      };
}

function notAcpVerdict(input: FailureInput, status: number | undefined, where: Where): Verdict | null {
  const byStatus = status !== undefined && NOT_ACP_STATUS.has(status);
  const byType = status === 200 && !isJsonOrStream(input.contentType);
  const byKind = input.transportKind === 'not-acp' || input.transportKind === 'refused-profile';
  if (!byStatus && !byType && !byKind && !NOT_ACP_TEXT.test(input.message)) return null;
  return {
    kind: 'not-acp',
    title: 'The server answered but it is not an ACP endpoint.',
    nextStep: !where.acpUrl
      ? 'Check the path (…/acp): the URL must name the agent’s ACP endpoint, not a web page.'
      : where.isAcpPath
        ? 'Check the path (…/acp) and the port: this server has no ACP endpoint here; the agent may listen elsewhere.'
        : `Check the path (…/acp): the URL must name the agent’s ACP endpoint, for example ${where.acpUrl}.`,
  };
}

const START_OR_CHECK = 'Start the agent, or check the address.';

function reachVerdict(input: FailureInput, where: Where): Verdict | null {
  if (REFUSED_TEXT.test(input.message))
    return {
      kind: 'nothing-listening',
      title: where.hostPort ? `Nothing is listening at ${where.hostPort}.` : 'Nothing is listening at this address.',
      nextStep: START_OR_CHECK,
    };
  if (NO_NAME_TEXT.test(input.message))
    return {
      kind: 'nothing-listening',
      title: where.hostname
        ? `The host name ${where.hostname} could not be found.`
        : 'The host name could not be found.',
      nextStep: START_OR_CHECK,
    };
  if (UNREACHABLE_TEXT.test(input.message))
    return {
      kind: 'nothing-listening',
      title: `${where.hostPort ?? 'The host'} cannot be reached from this machine.`,
      nextStep: 'Check the address and this machine’s network (VPN, firewall), or start the agent.',
    };
  return null;
}

function timeoutVerdict(input: FailureInput): Verdict | null {
  if (input.transportKind !== 'timeout' && !TIMEOUT_TEXT.test(input.message)) return null;
  return {
    kind: 'timeout',
    title: 'The agent did not answer in time.',
    nextStep: 'Test again; if it keeps timing out, check that the agent is not stuck and that the network allows it.',
  };
}

function otherVerdict(status: number | undefined): Verdict {
  if (status !== undefined && status >= 500)
    return {
      kind: 'other',
      title: `The agent failed while answering the handshake (HTTP ${status}).`,
      nextStep: 'Test again in a moment; if it keeps failing, check the agent’s log.',
    };
  return {
    kind: 'other',
    title:
      status !== undefined
        ? `The server answered HTTP ${status} instead of completing the handshake.`
        : 'The connection to the agent failed.',
    nextStep: 'Test again; the details say what went wrong.',
  };
}

export function classifyFailure(input: FailureInput): ClassifiedFailure {
  const status = statusIn(input);
  const where = whereOf(input);
  // Order matters: a proxy or TLS failure comes before any HTTP answer, an HTTP answer means
  // something listens (so "not ACP" wins over a refused second attempt), and only then the
  // socket-level reasons.
  const verdict =
    proxyVerdict(input, status) ??
    tlsVerdict(input) ??
    authVerdict(input, status) ??
    notAcpVerdict(input, status, where) ??
    reachVerdict(input, where) ??
    timeoutVerdict(input) ??
    otherVerdict(status);
  const excerpt =
    verdict.kind === 'not-acp' || verdict.kind === 'other' ? excerptOf(input.body, input.message) : undefined;
  const details: FailureDetails = {
    raw: cleanText(input.message, RAW_MAX),
    ...(status !== undefined ? { status } : {}),
    ...(excerpt ? { excerpt } : {}),
  };
  return { ...verdict, details };
}

/** A ClassifiedFailure as it crosses the bridge in an error's details (checked, not trusted). */
export const classifiedFailureSchema = z.object({
  kind: z.enum(FAILURE_KINDS),
  title: z.string().min(1).max(500),
  nextStep: z.string().min(1).max(500),
  details: z.object({
    raw: z.string().max(RAW_MAX + 10),
    status: z.number().int().optional(),
    excerpt: z
      .string()
      .max(EXCERPT_MAX + 10)
      .optional(),
  }),
});

/** The classified failure a host put in an error's `details.failure`, if it is well formed. */
export function failureInDetails(details: unknown): ClassifiedFailure | null {
  const failure = (details as { failure?: unknown } | null | undefined)?.failure;
  const parsed = classifiedFailureSchema.safeParse(failure);
  return parsed.success ? parsed.data : null;
}
