/**
 * Sealing and unsealing an endpoint's MCP servers. The whole list is sealed as one blob (env and
 * header values may be secret); a plaintext summary (name and kind) lets the list show them
 * without unsealing. Same rules as secret headers: an entry saved without a value keeps the stored
 * one, and a save that moves the endpoint to another origin drops the secret ones.
 */
import type { McpServer } from '@agentclientprotocol/sdk';
import type { McpEntryView, McpServerDraftParsed, McpServerView } from '../../shared/domain/endpoint';
import { AppError } from '../../shared/util/result';
import { isSecretHeaderName } from '../transport/redact';
import type { SecretCipher } from './secret-store';
import type { StoredEndpoint } from './settings-file';

/**
 * An MCP server as sealed at rest: `McpServer` whose env/header entries carry a `secret` flag
 * (absent in older saves, which count as secret) and may lack a value (dropped for a new host).
 */
type StoredMcpEntry = { name: string; value?: string; secret?: boolean };
export type StoredMcpServer =
  | { type: 'http' | 'sse'; name: string; url: string; headers: StoredMcpEntry[] }
  | { type?: undefined; name: string; command: string; args: string[]; env: StoredMcpEntry[] };

type McpFields = Pick<StoredEndpoint, 'mcpSealed' | 'mcpSummary'>;

const entriesOf = (m: StoredMcpServer): StoredMcpEntry[] => (m.type === undefined ? m.env : m.headers);
const isSecretEntry = (x: StoredMcpEntry): boolean => x.secret !== false;

export async function sealMcp(
  servers: readonly (McpServer | StoredMcpServer)[],
  cipher: SecretCipher,
): Promise<McpFields> {
  if (servers.length === 0) return { mcpSealed: undefined, mcpSummary: undefined };
  return { mcpSealed: await cipher.encrypt(JSON.stringify(servers)), mcpSummary: servers.map(mcpSummaryOf) };
}

export async function unsealStoredMcp(e: StoredEndpoint, cipher: SecretCipher): Promise<StoredMcpServer[]> {
  if (!e.mcpSealed) return [];
  const text = await cipher.decrypt(e.mcpSealed).catch(() => {
    throw new AppError('unavailable', `The MCP servers of ${e.name} could not be decrypted; enter them again.`);
  });
  return JSON.parse(text) as StoredMcpServer[];
}

/** The MCP servers as the agent gets them: no `secret` flags, entries without a value left out. */
export async function unsealMcp(e: StoredEndpoint, cipher: SecretCipher): Promise<McpServer[]> {
  const pairs = (list: StoredMcpEntry[]) =>
    list.flatMap((x) => (x.value === undefined ? [] : [{ name: x.name, value: x.value }]));
  return (await unsealStoredMcp(e, cipher)).map((m): McpServer =>
    m.type === undefined
      ? { name: m.name, command: m.command, args: m.args, env: pairs(m.env) }
      : { type: m.type, name: m.name, url: m.url, headers: pairs(m.headers) },
  );
}

/** Every secret value the endpoint's MCP servers carry, for the redactor. */
export async function mcpResolved(
  e: StoredEndpoint,
  cipher: SecretCipher,
): Promise<{ servers: McpServer[]; secretValues: string[] }> {
  const stored = await unsealStoredMcp(e, cipher);
  const servers = await unsealMcp(e, cipher);
  const secretValues = mcpSecretValues(servers);
  for (const m of stored)
    for (const x of entriesOf(m))
      if (isSecretEntry(x) && x.value && !secretValues.includes(x.value)) secretValues.push(x.value);
  return { servers, secretValues };
}

/**
 * What a save does to the stored MCP servers: with drafts, they replace the list (stored values
 * filled in where the draft leaves them blank); without, a move to another origin drops every
 * server that carries env values or headers. Names of the servers that lost a secret come back
 * in `dropped`; `views` is the editor's view of what was stored (undefined when unchanged).
 */
export async function mcpOnSave(
  drafts: readonly McpServerDraftParsed[] | undefined,
  existing: StoredEndpoint | undefined,
  moved: boolean,
  cipher: SecretCipher,
): Promise<{ fields?: McpFields; views?: McpServerView[] | null; dropped: string[] }> {
  const dropped: string[] = [];
  if (drafts !== undefined) {
    const servers = await mergeMcp(drafts, existing, moved, cipher, dropped);
    return { fields: await sealMcp(servers, cipher), views: servers.map(mcpViewOf), dropped };
  }
  if (!moved || !existing?.mcpSealed) return { dropped };
  const fields = await dropMcpSecrets(existing, cipher, dropped);
  const left = await unsealStoredMcp({ ...existing, ...fields }, cipher).catch(() => null);
  return { fields, views: left ? left.map(mcpViewOf) : null, dropped };
}

/**
 * The draft's MCP servers with stored values filled in: an entry without a value keeps the
 * stored one of the same server and entry name, unless the endpoint moved to another origin
 * and the value was secret (then it is dropped and reported, as for headers).
 */
async function mergeMcp(
  drafts: readonly McpServerDraftParsed[],
  existing: StoredEndpoint | undefined,
  moved: boolean,
  cipher: SecretCipher,
  dropped: string[],
): Promise<StoredMcpServer[]> {
  const previous = existing ? await unsealStoredMcp(existing, cipher).catch(() => [] as StoredMcpServer[]) : [];
  return drafts.map((d): StoredMcpServer => {
    const kind = 'type' in d ? d.type : undefined;
    const prev = previous.find((p) => p.type === kind && p.name.toLowerCase() === d.name.toLowerCase());
    const prevEntries = prev ? entriesOf(prev) : [];
    let lost = false;
    const merge = (entries: readonly { name: string; value?: string | undefined; secret: boolean }[]) =>
      entries.map((x): StoredMcpEntry => {
        if (x.value !== undefined) return { name: x.name, value: x.value, secret: x.secret };
        const p = prevEntries.find((pe) => pe.name === x.name);
        if (p?.value === undefined)
          return x.secret ? { name: x.name, secret: true } : { name: x.name, value: '', secret: false };
        if (moved && isSecretEntry(p)) {
          lost = true;
          return x.secret ? { name: x.name, secret: true } : { name: x.name, value: '', secret: false };
        }
        return { name: x.name, value: p.value, secret: x.secret };
      });
    const out: StoredMcpServer =
      'type' in d
        ? { type: d.type, name: d.name, url: d.url, headers: merge(d.headers) }
        : { name: d.name, command: d.command, args: [...d.args], env: merge(d.env) };
    if (lost) dropped.push(d.name);
    return out;
  });
}

/**
 * Keeps from the MCP servers only those that carry no secret (no env values, no headers);
 * when the list cannot be unsealed, every server is dropped.
 */
async function dropMcpSecrets(e: StoredEndpoint, cipher: SecretCipher, dropped: string[]): Promise<McpFields> {
  let servers: McpServer[];
  try {
    servers = await unsealMcp(e, cipher);
  } catch {
    for (const m of e.mcpSummary ?? []) dropped.push(m.name);
    return { mcpSealed: undefined, mcpSummary: undefined };
  }
  const keep = servers.filter((m) => {
    const secretBearing =
      ('env' in m && Array.isArray(m.env) && m.env.length > 0) ||
      ('headers' in m && Array.isArray(m.headers) && m.headers.length > 0);
    if (secretBearing) dropped.push(m.name);
    return !secretBearing;
  });
  return keep.length === servers.length ? {} : await sealMcp(keep, cipher);
}

function entryView(x: StoredMcpEntry): McpEntryView {
  return isSecretEntry(x)
    ? { name: x.name, secret: true, hasValue: x.value !== undefined }
    : { name: x.name, secret: false, value: x.value ?? '', hasValue: Boolean(x.value) };
}

/** An MCP server for the editor: everything but the secret values. */
export function mcpViewOf(m: StoredMcpServer): McpServerView {
  return m.type === undefined
    ? { type: 'stdio', name: m.name, command: m.command, args: [...m.args], env: m.env.map(entryView) }
    : { type: m.type, name: m.name, url: m.url, headers: m.headers.map(entryView) };
}

function mcpSummaryOf(m: { name: string; type?: string }): { name: string; type: 'stdio' | 'http' | 'sse' } {
  return { name: m.name, type: 'type' in m && (m.type === 'http' || m.type === 'sse') ? m.type : 'stdio' };
}

/**
 * The MCP env and header values that go out in `session/new`: sealed at rest, so masked in
 * every record too. Short values of keys that do not sound secret (LOG_LEVEL=debug) are left
 * out, or the word would be masked everywhere; a secret-named key's value is masked by name anyway.
 */
export function mcpSecretValues(servers: readonly McpServer[]): string[] {
  const out: string[] = [];
  for (const server of servers) {
    const pairs = [
      ...('env' in server && Array.isArray(server.env) ? server.env : []),
      ...('headers' in server && Array.isArray(server.headers) ? server.headers : []),
    ] as Array<{ name: string; value: string }>;
    for (const { name, value } of pairs)
      if (typeof value === 'string' && (value.length >= 8 || (value.length >= 4 && isSecretHeaderName(name))))
        out.push(value);
  }
  return out;
}
