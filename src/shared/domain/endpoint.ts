import { z } from 'zod';
import type { McpServer } from '@agentclientprotocol/sdk';
import { endpointAuthDraftSchema, type EndpointAuthView } from './endpoint-auth';
import { networkDraftSchema, type NetworkView } from './network';

/**
 * Saved agent endpoints, as the renderer and the settings file see them.
 * Secret header values never appear here: the renderer gets `hasValue`, the settings file
 * gets a reference into the secret store (see core/endpoints).
 */
export const TRANSPORT_PROFILES = ['auto', 'http', 'ws'] as const;
export type TransportProfile = (typeof TRANSPORT_PROFILES)[number];

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the transport owns; an endpoint may not override them. */
export const RESERVED_HEADERS = new Set([
  'acp-connection-id',
  'acp-session-id',
  'acp-protocol-version',
  'content-type',
  'content-length',
  'accept',
  'host',
  'connection',
  'upgrade',
  'transfer-encoding',
  'last-event-id',
  'cookie',
]);

export const headerNameSchema = z
  .string()
  .trim()
  .min(1, 'Header name is empty')
  .max(256)
  .regex(HEADER_NAME, 'Header name has characters HTTP does not allow')
  .refine((n) => !RESERVED_HEADERS.has(n.toLowerCase()), 'This header is set by ACP Desk itself');

/** Header values may not carry CR/LF (header injection) or other control characters. */
export const headerValueSchema = z
  .string()
  .max(16_384)
  .refine((v) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(v), 'Header value contains control characters');

/** Validates an agent URL and returns a sentence that tells the user what is wrong. */
export function checkEndpointUrl(
  raw: string,
): { ok: true; url: URL } | { ok: false; message: string; suggestion?: string } {
  const text = raw.trim();
  const fixed = withScheme(text);
  if (fixed) return { ok: false, message: `Did you mean ${fixed}?`, suggestion: fixed };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'Not a URL. Use a full address such as https://agent.example.com/acp' };
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    return { ok: false, message: `Unsupported scheme "${url.protocol}". Use http, https, ws or wss.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Put credentials in a secret header, not in the URL.' };
  }
  if (url.hash) return { ok: false, message: 'Remove the #fragment from the URL.' };
  return { ok: true, url };
}

/**
 * `localhost:8080/acp` or `agent.example.com/acp` typed without a scheme (which `new URL` reads
 * as the scheme "localhost:"): the URL with `http://` for this machine, `https://` elsewhere.
 */
function withScheme(text: string): string | null {
  if (!text || /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /\s/.test(text)) return null;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(\/.*)?$/i.exec(text);
  if (!m) return null;
  const host = m[1]!;
  const isName = host.startsWith('[') || host.includes('.') || host.toLowerCase() === 'localhost';
  if (!isName) return null;
  const scheme = isLoopbackHost(host.replace(/^\[|\]$/g, '')) ? 'http' : 'https';
  return `${scheme}://${text}`;
}

/** The four octets of a dotted-quad IPv4 address, or null. */
function ipv4Octets(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (`::` shorthand and a dotted IPv4 tail allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+(?:\.\d+){3})$/.exec(body);
  if (v4) {
    const octets = ipv4Octets(v4[2]!);
    if (!octets) return null;
    tail.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    body = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const given = head.length + rest.length + tail.length;
  const zeros = 8 - given;
  if (halves.length === 2 ? zeros < 1 : zeros !== 0) return null; // `::` stands for one group or more
  return [
    ...head.map((g) => parseInt(g, 16)),
    ...Array<number>(zeros).fill(0),
    ...rest.map((g) => parseInt(g, 16)),
    ...tail,
  ];
}

/**
 * Does this host name stay on this machine? `localhost` (also as the absolute `localhost.`),
 * 127.0.0.0/8, `::1`, and 127.0.0.0/8 written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, which WHATWG
 * URL shows as `[::ffff:7f00:1]`); IPv6 with or without brackets. Not `0.0.0.0` (every interface),
 * nor names that merely start like one (`127.0.0.1.evil.com`, `localhost.evil.com`). The app's one
 * answer to "is this safe to call plain http": the endpoint editor, the browser-mode host and the
 * Electron URL policy all ask it.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === 'localhost.') return true;
  const v4 = ipv4Octets(h);
  if (v4) return v4[0] === 127;
  const v6 = ipv6Groups(h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);
  if (!v6) return false;
  if (v6.slice(0, 7).every((g) => g === 0)) return v6[7] === 1;
  return v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff && v6[6]! >> 8 === 127;
}

export const endpointUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((v, ctx) => {
    const r = checkEndpointUrl(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

/** A header as the renderer edits it. For a secret header, `value` is write-only. */
export const endpointHeaderDraftSchema = z.object({
  name: headerNameSchema,
  /** For secrets: undefined keeps the stored value, a string replaces it. */
  value: headerValueSchema.optional(),
  secret: z.boolean(),
});
export type EndpointHeaderDraft = z.infer<typeof endpointHeaderDraftSchema>;

const nameValue = z.object({ name: z.string().min(1).max(256), value: z.string().max(16_384) }).strict();

/**
 * MCP servers the agent should connect to for this endpoint's sessions (session/new, load,
 * resume). Checked against the SDK's `McpServer` type at compile time. Their env and header
 * values often carry API keys, so the whole list is stored sealed, like secret headers.
 */
export const mcpServerSchema = z.union([
  z
    .object({
      type: z.literal('http'),
      name: z.string().min(1).max(256),
      url: z.string().url().max(2048),
      headers: z.array(nameValue).max(64),
    })
    .strict(),
  z
    .object({
      type: z.literal('sse'),
      name: z.string().min(1).max(256),
      url: z.string().url().max(2048),
      headers: z.array(nameValue).max(64),
    })
    .strict(),
  z
    .object({
      name: z.string().min(1).max(256),
      command: z.string().min(1).max(4096),
      args: z.array(z.string().max(4096)).max(256),
      env: z.array(nameValue).max(256),
    })
    .strict(),
]) satisfies z.ZodType<McpServer>;

/**
 * An MCP env or header entry as the editor sends it. `secret` makes the value write-only: the
 * renderer never gets it back, and an omitted value keeps the stored one (same rule as secret
 * headers). Entries without the flag (hand-written imports, older saves) count as secret.
 */
export const mcpEntryDraftSchema = z.object({
  name: z.string().trim().min(1, 'Give the entry a name').max(256),
  value: z.string().max(16_384).optional(),
  secret: z.boolean().default(true),
});
export type McpEntryDraft = z.input<typeof mcpEntryDraftSchema>;

const mcpServerName = z.string().trim().min(1, 'Give the MCP server a name').max(256);
const mcpServerUrl = z.string().trim().url('Use a full URL such as https://mcp.example.com/mcp').max(2048);

/** An MCP server as the editor sends it: `McpServer` with write-only secret entries. */
export const mcpServerDraftSchema = z.union([
  z.object({
    type: z.literal('http'),
    name: mcpServerName,
    url: mcpServerUrl,
    headers: z.array(mcpEntryDraftSchema).max(64),
  }),
  z.object({
    type: z.literal('sse'),
    name: mcpServerName,
    url: mcpServerUrl,
    headers: z.array(mcpEntryDraftSchema).max(64),
  }),
  z.object({
    name: mcpServerName,
    command: z.string().trim().min(1, 'Give the command to run').max(4096),
    args: z.array(z.string().max(4096)).max(256),
    env: z.array(mcpEntryDraftSchema).max(256),
  }),
]);
export type McpServerDraft = z.input<typeof mcpServerDraftSchema>;
export type McpServerDraftParsed = z.output<typeof mcpServerDraftSchema>;

/** An MCP env or header entry as shown to the renderer: secret values are replaced by `hasValue`. */
export interface McpEntryView {
  readonly name: string;
  readonly secret: boolean;
  /** Present only for non-secret entries. */
  readonly value?: string;
  readonly hasValue: boolean;
}

/** An MCP server's configuration for the editor, without its secret values. */
export type McpServerView =
  | {
      readonly type: 'stdio';
      readonly name: string;
      readonly command: string;
      readonly args: readonly string[];
      readonly env: readonly McpEntryView[];
    }
  | {
      readonly type: 'http' | 'sse';
      readonly name: string;
      readonly url: string;
      readonly headers: readonly McpEntryView[];
    };

export const endpointDraftSchema = z.object({
  name: z.string().trim().min(1, 'Give the endpoint a name').max(120),
  url: endpointUrlSchema,
  transport: z.enum(TRANSPORT_PROFILES).default('auto'),
  headers: z.array(endpointHeaderDraftSchema).max(64).default([]),
  cwd: z.string().max(4096).default(''),
  notes: z.string().max(10_000).default(''),
  /** Idle-read timeout for SSE streams, seconds. */
  idleTimeoutSec: z.number().int().min(5).max(3600).optional(),
  /** Replaces the stored MCP servers when given; undefined keeps them. */
  mcpServers: z
    .array(mcpServerDraftSchema)
    .max(32)
    .superRefine((servers, ctx) => {
      const seen = new Set<string>();
      servers.forEach((m, i) => {
        const key = m.name.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'Another MCP server has this name' });
        seen.add(key);
      });
    })
    .optional(),
  /** Proxy and TLS settings; undefined keeps the stored ones. */
  network: networkDraftSchema.optional(),
  /** Sign-in (OAuth, issue 15); undefined keeps the stored setting. */
  auth: endpointAuthDraftSchema.optional(),
});
export type EndpointDraft = z.input<typeof endpointDraftSchema>;
export type EndpointDraftParsed = z.output<typeof endpointDraftSchema>;

/** A header as shown to the renderer: secret values are replaced by `hasValue`. */
export interface EndpointHeaderView {
  readonly name: string;
  readonly secret: boolean;
  /** Present only for non-secret headers. */
  readonly value?: string;
  readonly hasValue: boolean;
}

export interface SavedEndpoint {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly transport: TransportProfile;
  readonly headers: readonly EndpointHeaderView[];
  readonly cwd: string;
  readonly notes: string;
  readonly idleTimeoutSec?: number;
  /** Names and kinds of the MCP servers (their configuration stays sealed in core). */
  readonly mcpServers?: readonly { readonly name: string; readonly type: 'stdio' | 'http' | 'sse' }[];
  /** The MCP servers' configuration for the editor; secret env and header values left out. */
  readonly mcpServerViews?: readonly McpServerView[];
  /** Proxy and TLS settings, secret parts left out; absent = direct, system trust store. */
  readonly network?: NetworkView;
  /** Sign-in setting without the client secret; absent = none. */
  readonly auth?: EndpointAuthView;
  /** Set on the endpoint that points at the embedded demo agent. */
  readonly builtin?: 'demo-agent';
  /** The profile that last worked, remembered for `auto`. */
  readonly lastWorkingTransport?: 'http' | 'ws';
  readonly createdAt: string;
  readonly updatedAt: string;
}
