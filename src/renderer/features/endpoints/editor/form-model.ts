/**
 * The endpoint editor's form as plain data, and how it becomes an `EndpointDraft`. Secret
 * header values are write-only: a stored secret is only a flag here (`stored`), never a value,
 * and the draft leaves its value out so the host keeps it. Pure.
 */
import {
  checkEndpointUrl,
  headerNameSchema,
  headerValueSchema,
  isLoopbackHost,
  type EndpointDraft,
  type McpEntryDraft,
  type McpServerDraft,
  type McpServerView,
  type SavedEndpoint,
  type TransportProfile,
} from '../../../../shared/domain/endpoint';
import type { FieldErrors } from '../../../state/field-errors';
import { authDraftFromForm, authFormFromView, type AuthFormState } from './auth-form';
import { networkDraftFromForm, networkFormFromView, networkLiveErrors, type NetworkFormState } from './network-form';

export interface HeaderRowState {
  readonly key: number;
  readonly name: string;
  /** For a secret: what was typed to set or replace it (never a stored value). */
  readonly value: string;
  readonly secret: boolean;
  /** The name a stored secret value is kept under by the host; null when none is stored. */
  readonly storedName: string | null;
  /** The person chose "Replace" for a stored secret. */
  readonly replacing: boolean;
}

export interface EndpointForm {
  readonly name: string;
  readonly url: string;
  readonly transport: TransportProfile;
  readonly headers: readonly HeaderRowState[];
  readonly cwd: string;
  readonly notes: string;
  /** Seconds as typed; empty means the default. */
  readonly idleTimeout: string;
  readonly mcpServers: readonly McpServerRowState[];
  /** The MCP list was edited; only then does the draft carry it (otherwise the host keeps it). */
  readonly mcpTouched: boolean;
  /** Proxy and TLS (network-form.ts). */
  readonly network: NetworkFormState;
  /** Sign-in (auth-form.ts). */
  readonly auth: AuthFormState;
}

export type McpKind = 'stdio' | 'http' | 'sse';

/** An MCP server being edited. Env (stdio) or header (http, sse) entries reuse the header row state. */
export interface McpServerRowState {
  readonly key: number;
  readonly kind: McpKind;
  readonly name: string;
  readonly command: string;
  /** One argument per line. */
  readonly args: string;
  readonly url: string;
  readonly entries: readonly HeaderRowState[];
  /** The name and kind the host stores this server under; secrets are kept only while both match. */
  readonly stored: { readonly name: string; readonly kind: McpKind } | null;
}

let nextKey = 1;
export const newHeaderKey = (): number => nextKey++;

export function blankHeader(): HeaderRowState {
  return { key: newHeaderKey(), name: '', value: '', secret: false, storedName: null, replacing: false };
}

export function blankMcpServer(kind: McpKind): McpServerRowState {
  return { key: newHeaderKey(), kind, name: '', command: '', args: '', url: '', entries: [], stored: null };
}

function mcpRowFromView(m: McpServerView): McpServerRowState {
  const entries = (m.type === 'stdio' ? m.env : m.headers).map((x): HeaderRowState => ({
    key: newHeaderKey(),
    name: x.name,
    value: x.secret ? '' : (x.value ?? ''),
    secret: x.secret,
    storedName: x.secret && x.hasValue ? x.name : null,
    replacing: false,
  }));
  return m.type === 'stdio'
    ? {
        key: newHeaderKey(),
        kind: 'stdio',
        name: m.name,
        command: m.command,
        args: m.args.join('\n'),
        url: '',
        entries,
        stored: { name: m.name, kind: 'stdio' },
      }
    : {
        key: newHeaderKey(),
        kind: m.type,
        name: m.name,
        command: '',
        args: '',
        url: m.url,
        entries,
        stored: { name: m.name, kind: m.type },
      };
}

/** A stored MCP secret the draft keeps (no value sent): the server and the entry keep their names. */
export function keepsStoredMcpSecret(server: McpServerRowState, entry: HeaderRowState): boolean {
  return (
    entry.secret &&
    entry.storedName !== null &&
    entry.value === '' &&
    entry.name.trim() === entry.storedName &&
    server.stored !== null &&
    server.stored.kind === server.kind &&
    server.stored.name.toLowerCase() === server.name.trim().toLowerCase()
  );
}

function mcpEntryDraft(server: McpServerRowState, x: HeaderRowState): McpEntryDraft {
  const name = x.name.trim();
  if (!x.secret) return { name, value: x.value, secret: false };
  if (keepsStoredMcpSecret(server, x) || x.value === '') return { name, secret: true };
  return { name, value: x.value, secret: true };
}

const mcpEntryBlank = (server: McpServerRowState, x: HeaderRowState) =>
  !x.name.trim() && !x.value && !keepsStoredMcpSecret(server, x);

function mcpServerDraft(m: McpServerRowState): { draft: McpServerDraft; entryKeys: number[] } {
  const rows = m.entries.filter((x) => !mcpEntryBlank(m, x));
  const entries = rows.map((x) => mcpEntryDraft(m, x));
  const name = m.name.trim();
  const draft: McpServerDraft =
    m.kind === 'stdio'
      ? {
          name,
          command: m.command.trim(),
          args: m.args.split('\n').filter((a) => a.trim() !== ''),
          env: entries,
        }
      : { type: m.kind, name, url: m.url.trim(), headers: entries };
  return { draft, entryKeys: rows.map((x) => x.key) };
}

export function formFromEndpoint(e: SavedEndpoint | null): EndpointForm {
  if (!e)
    return {
      name: '',
      url: '',
      transport: 'auto',
      headers: [],
      cwd: '',
      notes: '',
      idleTimeout: '',
      mcpServers: [],
      mcpTouched: false,
      network: networkFormFromView(undefined),
      auth: authFormFromView(undefined),
    };
  return {
    name: e.name,
    url: e.url,
    transport: e.transport,
    headers: e.headers.map((h) => ({
      key: newHeaderKey(),
      name: h.name,
      value: h.secret ? '' : (h.value ?? ''),
      secret: h.secret,
      storedName: h.secret && h.hasValue ? h.name : null,
      replacing: false,
    })),
    cwd: e.cwd,
    notes: e.notes,
    idleTimeout: e.idleTimeoutSec === undefined ? '' : String(e.idleTimeoutSec),
    mcpServers: (e.mcpServerViews ?? []).map(mcpRowFromView),
    mcpTouched: false,
    network: networkFormFromView(e.network),
    auth: authFormFromView(e.auth),
  };
}

/** A stored secret the draft keeps as is (no value sent). Renaming the header drops it. */
export function keepsStoredSecret(h: HeaderRowState): boolean {
  return (
    h.secret && h.storedName !== null && !h.replacing && h.name.trim().toLowerCase() === h.storedName.toLowerCase()
  );
}

function isBlank(h: HeaderRowState): boolean {
  return !h.name.trim() && !h.value && !keepsStoredSecret(h);
}

function headerDraft(h: HeaderRowState): NonNullable<EndpointDraft['headers']>[number] {
  const name = h.name.trim();
  if (!h.secret) return { name, value: h.value, secret: false };
  if (keepsStoredSecret(h) || h.value === '') return { name, secret: true };
  return { name, value: h.value, secret: true };
}

/** For each draft MCP server, its form row key and the row keys of its entries. */
export interface McpKeys {
  readonly key: number;
  readonly entryKeys: readonly number[];
}

/** The draft to save or test, and for each draft header (and MCP server) the form row it came from. */
export function draftFromForm(f: EndpointForm): { draft: EndpointDraft; headerKeys: number[]; mcpKeys: McpKeys[] } {
  const rows = f.headers.filter((h) => !isBlank(h));
  const timeout = f.idleTimeout.trim();
  const draft: EndpointDraft = {
    name: f.name,
    url: f.url,
    transport: f.transport,
    headers: rows.map(headerDraft),
    cwd: f.cwd.trim(),
    notes: f.notes,
    ...(timeout ? { idleTimeoutSec: Number(timeout) } : {}),
  };
  const mcp = f.mcpServers.map((m) => ({ key: m.key, ...mcpServerDraft(m) }));
  if (f.mcpTouched) draft.mcpServers = mcp.map((m) => m.draft);
  const network = networkDraftFromForm(f.network);
  if (network) draft.network = network;
  const auth = authDraftFromForm(f.auth);
  if (auth) draft.auth = auth;
  return {
    draft,
    headerKeys: rows.map((h) => h.key),
    mcpKeys: mcp.map((m) => ({ key: m.key, entryKeys: m.entryKeys })),
  };
}

/** Draft paths (`headers.2.name`) turned into form field keys (`header.<rowKey>.name`). */
export function formFieldErrors(
  errors: FieldErrors,
  headerKeys: readonly number[],
  mcpKeys: readonly McpKeys[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    // Network fields are keyed by their draft path (network-form.ts).
    if (path.startsWith('network.')) {
      out[path] ??= message;
      continue;
    }
    const mcp = /^mcpServers\.(\d+)(?:\.(\w+)(?:\.(\d+)(?:\.(name|value))?)?)?/.exec(path);
    const server = mcp ? mcpKeys[Number(mcp[1])] : undefined;
    if (mcp && server) {
      const field = mcp[2] ?? 'name';
      const entry = mcp[3] !== undefined && field !== 'args' ? server.entryKeys[Number(mcp[3])] : undefined;
      // A union mismatch (e.g. no command) is reported on the server's name.
      const key =
        entry !== undefined
          ? `mcp.${server.key}.entry.${entry}.${mcp[4] ?? 'name'}`
          : `mcp.${server.key}.${['command', 'url', 'args'].includes(field) ? field : 'name'}`;
      out[key] ??= message;
      continue;
    }
    const m = /^headers\.(\d+)(?:\.(name|value|secret))?/.exec(path);
    const key = m ? headerKeys[Number(m[1])] : undefined;
    if (m && key !== undefined) out[`header.${key}.${m[2] ?? 'name'}`] ??= message;
    else out[path.split('.')[0] ?? path] ??= message;
  }
  return out;
}

function firstIssue(result: { success: boolean; error?: { issues: readonly { message: string }[] } }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? 'Invalid value');
}

/** Checks run while typing: URL, header names and values, idle timeout. */
export function liveErrors(f: EndpointForm, touched: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = networkLiveErrors(f.network);
  if (touched.has('name') && !f.name.trim()) out.name = 'Give the endpoint a name';
  if (f.url.trim() || touched.has('url')) {
    const url = checkEndpointUrl(f.url);
    if (!url.ok) out.url = url.message;
  }
  for (const h of f.headers) {
    if (isBlank(h)) continue;
    const name = firstIssue(headerNameSchema.safeParse(h.name));
    if (name && (h.name || touched.has(`header.${h.key}.name`))) out[`header.${h.key}.name`] = name;
    const value = firstIssue(headerValueSchema.safeParse(h.value));
    if (value) out[`header.${h.key}.value`] = value;
  }
  const seen = new Set<string>();
  for (const m of f.mcpServers) {
    const name = m.name.trim().toLowerCase();
    if (name && seen.has(name)) out[`mcp.${m.key}.name`] = 'Another MCP server has this name';
    seen.add(name);
    if (m.kind !== 'stdio' && m.url.trim() && !URL.canParse(m.url.trim()))
      out[`mcp.${m.key}.url`] = 'Use a full URL such as https://mcp.example.com/mcp';
  }
  const timeout = f.idleTimeout.trim();
  if (timeout && !(Number.isInteger(Number(timeout)) && Number(timeout) >= 5 && Number(timeout) <= 3600)) {
    out.idleTimeoutSec = 'Use a whole number of seconds from 5 to 3600, or leave it empty for the default.';
  }
  return out;
}

/** A warning (not an error) for plain http/ws to a host other than this machine. */
export function urlWarning(raw: string): string | null {
  const url = checkEndpointUrl(raw);
  if (!url.ok) return null;
  const plain = url.url.protocol === 'http:' || url.url.protocol === 'ws:';
  if (!plain || isLoopbackHost(url.url.hostname)) return null;
  return 'This URL is not encrypted: prompts, replies and header values (tokens included) cross the network in clear text. Use https or wss unless the network is trusted.';
}
