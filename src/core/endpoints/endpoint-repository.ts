/**
 * Saved endpoints: the only code that reads or writes the settings file and the only code
 * that unseals secret header values. The renderer gets `SavedEndpoint` views (secrets
 * replaced by `hasValue`); the transport gets a `ResolvedEndpoint` with real header values
 * plus the list of secret values the traffic tap must redact.
 *
 * Stored secrets belong to an origin: a save that moves an endpoint to another scheme, host or
 * port drops its sealed header values and any MCP server carrying env values or headers, unless
 * the same save supplies them again, so editing the URL can never send a key to a new host.
 */
import { randomUUID } from 'node:crypto';
import type { McpServer } from '@agentclientprotocol/sdk';
import {
  endpointDraftSchema,
  type EndpointDraft,
  type McpServerView,
  type SavedEndpoint,
  type TransportProfile,
} from '../../shared/domain/endpoint';
import type { EndpointList } from '../../shared/ipc/contract';
import { AppError } from '../../shared/util/result';
import { networkSecretValues, type ResolvedNetwork } from '../transport/net-config';
import type { OAuthConfig } from '../oauth/types';
import { authOnSave, authView, unsealAuth } from './auth-store';
import { mcpOnSave, mcpResolved, mcpViewOf, unsealStoredMcp } from './mcp-store';
import { networkOnSave, networkView, unsealNetwork } from './network-store';
import type { SecretCipher } from './secret-store';
import {
  loadSettings,
  NewerSettingsError,
  saveSettings,
  type Settings,
  type StoredAuth,
  type StoredEndpoint,
  type StoredHeader,
} from './settings-file';

export interface ResolvedEndpoint {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly transport: TransportProfile;
  readonly headers: Readonly<Record<string, string>>;
  /** Names of headers whose values are secret (redacted in every record). */
  readonly secretHeaderNames: readonly string[];
  /** The secret values themselves, so a value echoed anywhere can be redacted. */
  readonly secretValues: readonly string[];
  readonly cwd: string;
  readonly idleTimeoutSec?: number;
  readonly lastWorkingTransport?: 'http' | 'ws';
  /** Unsealed MCP server configurations for session/new, load and resume. */
  readonly mcpServers: readonly McpServer[];
  /** Proxy and TLS settings with secrets unsealed (direct, system trust store when never set). */
  readonly network?: ResolvedNetwork;
  /** OAuth sign-in (issue 15), the client secret unsealed; absent = none. */
  readonly oauth?: OAuthConfig;
}

export const DEMO_ENDPOINT_NAME = 'Local demo agent';

/** A stored secret a save dropped because the endpoint moved to another origin. */
export interface DroppedSecret {
  readonly kind: 'header' | 'mcp-server' | 'network' | 'auth';
  /** The header name, the MCP server name, or what of the network settings ("the proxy password"). */
  readonly name: string;
}

export interface SaveResult extends SavedEndpoint {
  /** Present when the origin changed and stored secrets were dropped; the UI asks for them again. */
  readonly droppedSecrets?: readonly DroppedSecret[];
  /** A sentence for the user when secrets were dropped. */
  readonly notice?: string;
}

/** An endpoint the settings file held but this build could not read, for the UI to list. */
export interface QuarantinedEndpointView {
  readonly id?: string;
  readonly name?: string;
  readonly reason: string;
  readonly quarantinedAt: string;
}

/** scheme://host:port of a URL, or the URL itself when it does not parse (then never equal to another). */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return `invalid:${url}`;
  }
}

export class EndpointRepository {
  #settings: Settings;
  /** Each endpoint's MCP configuration without secret values, for the editor (list() is sync). */
  readonly #mcpViews = new Map<string, McpServerView[]>();
  #writes: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(list: EndpointList) => void>();

  private constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    settings: Settings,
    readonly loadProblem: string | undefined,
    /** The settings file was written by a newer ACP Desk: changes stay in memory or are refused. */
    readonly readOnly: boolean,
  ) {
    this.#settings = settings;
  }

  static async open(file: string, cipher: SecretCipher): Promise<EndpointRepository> {
    const loaded = await loadSettings(file);
    const repo = new EndpointRepository(file, cipher, loaded.settings, loaded.problem, loaded.readOnly === true);
    await repo.#loadMcpViews();
    return repo;
  }

  async #loadMcpViews(): Promise<void> {
    for (const e of this.#settings.endpoints) {
      const servers = await unsealStoredMcp(e, this.cipher).catch(() => null);
      if (servers && servers.length > 0) this.#mcpViews.set(e.id, servers.map(mcpViewOf));
    }
  }

  /** Endpoints set aside because they could not be read, with the reason for each. */
  get quarantined(): readonly QuarantinedEndpointView[] {
    return (this.#settings.quarantined ?? []).map((q) => {
      const raw = typeof q.raw === 'object' && q.raw !== null ? (q.raw as Record<string, unknown>) : {};
      return {
        ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
        ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
        reason: q.reason,
        quarantinedAt: q.quarantinedAt,
      };
    });
  }

  get secretStorage(): SecretCipher['kind'] {
    return this.cipher.kind;
  }

  onChange(listener: (list: EndpointList) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): EndpointList {
    const notice = this.readOnly
      ? 'The settings file was written by a newer version of ACP Desk; this one shows it read-only and cannot save changes.'
      : this.loadProblem;
    return {
      endpoints: this.#settings.endpoints.map((e) => toView(e, this.#mcpViews.get(e.id))),
      selectedId: this.#settings.selectedEndpointId,
      ...(notice ? { notice } : {}),
    };
  }

  get(id: string): SavedEndpoint {
    return toView(this.#find(id), this.#mcpViews.get(id));
  }

  async save(id: string | undefined, draft: EndpointDraft): Promise<SaveResult> {
    this.#refuseIfReadOnly();
    const parsed = endpointDraftSchema.parse(draft);
    const existing = id ? this.#find(id) : undefined;
    const moved = existing !== undefined && originOf(existing.url) !== originOf(parsed.url);
    const dropped: DroppedSecret[] = [];
    const headers = await this.#sealHeaders(parsed.headers, existing?.headers ?? [], moved, dropped);
    const now = new Date().toISOString();
    const stored: StoredEndpoint = {
      ...(existing ?? { id: randomUUID(), createdAt: now }),
      name: parsed.name,
      url: parsed.url,
      transport: parsed.transport,
      headers,
      cwd: parsed.cwd,
      notes: parsed.notes,
      updatedAt: now,
      ...(parsed.idleTimeoutSec !== undefined ? { idleTimeoutSec: parsed.idleTimeoutSec } : {}),
    };
    if (parsed.idleTimeoutSec === undefined) delete stored.idleTimeoutSec;
    let mcpViews: McpServerView[] | undefined = existing ? this.#mcpViews.get(existing.id) : undefined;
    const mcp = await mcpOnSave(parsed.mcpServers, existing, moved, this.cipher);
    if (mcp.fields) Object.assign(stored, mcp.fields);
    if (mcp.views !== undefined) mcpViews = mcp.views ?? undefined;
    const net = await networkOnSave(parsed.network, existing?.network, moved, this.cipher);
    if (net.network) stored.network = net.network;
    const auth = await authOnSave(parsed.auth, existing?.auth, moved, this.cipher);
    if (auth.auth) stored.auth = auth.auth;
    else delete stored.auth;
    dropped.push(
      ...auth.dropped.map((name) => ({ kind: 'auth' as const, name })),
      ...mcp.dropped.map((name) => ({ kind: 'mcp-server' as const, name })),
      ...net.dropped.map((name) => ({ kind: 'network' as const, name })),
    );
    if (stored.mcpSealed === undefined) delete stored.mcpSealed;
    if (stored.mcpSummary === undefined) delete stored.mcpSummary;
    if (existing && existing.url !== stored.url) delete stored.lastWorkingTransport;
    const endpoints = existing
      ? this.#settings.endpoints.map((e) => (e.id === existing.id ? stored : e))
      : [...this.#settings.endpoints, stored];
    if (mcpViews && mcpViews.length > 0 && stored.mcpSealed) this.#mcpViews.set(stored.id, mcpViews);
    else this.#mcpViews.delete(stored.id);
    await this.#commit({ ...this.#settings, endpoints });
    const view = toView(stored, this.#mcpViews.get(stored.id));
    if (dropped.length === 0) return view;
    return { ...view, droppedSecrets: dropped, notice: droppedNotice(dropped, parsed.url) };
  }

  async remove(id: string): Promise<void> {
    this.#refuseIfReadOnly();
    this.#find(id);
    const endpoints = this.#settings.endpoints.filter((e) => e.id !== id);
    const selectedEndpointId =
      this.#settings.selectedEndpointId === id ? (endpoints[0]?.id ?? null) : this.#settings.selectedEndpointId;
    this.#mcpViews.delete(id);
    await this.#commit({ ...this.#settings, endpoints, selectedEndpointId });
  }

  async select(id: string | null): Promise<void> {
    if (id !== null) this.#find(id);
    await this.#commit({ ...this.#settings, selectedEndpointId: id });
  }

  /** Sets the sign-in setting alone (an endpoint whose 401 asked for OAuth is switched to it). */
  async setAuth(id: string, auth: StoredAuth): Promise<void> {
    this.#refuseIfReadOnly();
    this.#find(id);
    const updatedAt = new Date().toISOString();
    const endpoints = this.#settings.endpoints.map((e) => (e.id === id ? { ...e, auth, updatedAt } : e));
    await this.#commit({ ...this.#settings, endpoints });
  }

  async rememberTransport(id: string, transport: 'http' | 'ws'): Promise<void> {
    const e = this.#settings.endpoints.find((x) => x.id === id);
    if (!e || e.lastWorkingTransport === transport) return;
    const endpoints = this.#settings.endpoints.map((x) =>
      x.id === id ? { ...x, lastWorkingTransport: transport } : x,
    );
    await this.#commit({ ...this.#settings, endpoints });
  }

  /**
   * Points the built-in demo endpoint at this run's demo agent. On the very first run it is
   * created and selected; if the user deleted it later, it stays deleted.
   */
  async ensureDemoEndpoint(url: string): Promise<void> {
    const demo = this.#settings.endpoints.find((e) => e.builtin === 'demo-agent');
    const now = new Date().toISOString();
    if (demo) {
      if (demo.url === url) return;
      const endpoints = this.#settings.endpoints.map((e) => (e === demo ? { ...e, url, updatedAt: now } : e));
      await this.#commit({ ...this.#settings, endpoints });
      return;
    }
    if (this.#settings.demoSeeded) return;
    const created: StoredEndpoint = {
      id: randomUUID(),
      name: DEMO_ENDPOINT_NAME,
      url,
      transport: 'auto',
      headers: [],
      cwd: '',
      notes: 'The scripted agent built into ACP Desk. Works offline; try /help.',
      builtin: 'demo-agent',
      createdAt: now,
      updatedAt: now,
    };
    await this.#commit({
      ...this.#settings,
      endpoints: [created, ...this.#settings.endpoints],
      selectedEndpointId: created.id,
      demoSeeded: true,
    });
  }

  /** The endpoint with its secret header values unsealed, for the transport only. */
  async resolve(id: string): Promise<ResolvedEndpoint> {
    return this.resolveStored(this.#find(id));
  }

  /**
   * A draft resolved for a connection test. With `baseId`, stored secret values fill the
   * headers the draft leaves blank, but only while the draft keeps the stored origin.
   */
  async resolveDraft(draft: EndpointDraft, baseId?: string): Promise<ResolvedEndpoint> {
    const parsed = endpointDraftSchema.parse(draft);
    const base = baseId ? this.#find(baseId) : undefined;
    const moved = base !== undefined && originOf(base.url) !== originOf(parsed.url);
    const headers = await this.#sealHeaders(parsed.headers, base?.headers ?? [], moved, []);
    const { network } = await networkOnSave(parsed.network, base?.network, moved, this.cipher);
    const now = new Date().toISOString();
    return this.resolveStored({
      id: base?.id ?? 'draft',
      name: parsed.name,
      url: parsed.url,
      transport: parsed.transport,
      headers,
      cwd: parsed.cwd,
      notes: '',
      createdAt: now,
      updatedAt: now,
      ...(parsed.idleTimeoutSec !== undefined ? { idleTimeoutSec: parsed.idleTimeoutSec } : {}),
      ...(network ? { network } : {}),
    });
  }

  private async resolveStored(e: StoredEndpoint): Promise<ResolvedEndpoint> {
    const headers: Record<string, string> = {};
    const secretHeaderNames: string[] = [];
    const secretValues: string[] = [];
    for (const h of e.headers) {
      if (h.secret) {
        secretHeaderNames.push(h.name);
        if (!h.sealed) continue;
        const value = await this.cipher.decrypt(h.sealed).catch(() => {
          throw new AppError(
            'unavailable',
            `The secret value of header ${h.name} could not be decrypted; enter it again.`,
          );
        });
        headers[h.name] = value;
        if (value) secretValues.push(value);
      } else if (h.value !== undefined) {
        headers[h.name] = h.value;
      }
    }
    const mcp = await mcpResolved(e, this.cipher);
    for (const v of mcp.secretValues) if (!secretValues.includes(v)) secretValues.push(v);
    const network = await unsealNetwork(e.network, this.cipher);
    for (const v of networkSecretValues(network)) if (!secretValues.includes(v)) secretValues.push(v);
    const oauth = await unsealAuth(e.auth, this.cipher);
    if (oauth?.clientSecret && !secretValues.includes(oauth.clientSecret)) secretValues.push(oauth.clientSecret);
    return {
      ...(oauth ? { oauth } : {}),
      network,
      id: e.id,
      name: e.name,
      url: e.url,
      transport: e.transport,
      headers,
      secretHeaderNames,
      secretValues,
      cwd: e.cwd,
      ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
      ...(e.lastWorkingTransport ? { lastWorkingTransport: e.lastWorkingTransport } : {}),
      mcpServers: mcp.servers,
    };
  }

  async #sealHeaders(
    drafts: readonly { name: string; value?: string | undefined; secret: boolean }[],
    previous: readonly StoredHeader[],
    /** The origin changed: stored secret values are not carried over. */
    moved: boolean,
    dropped: DroppedSecret[],
  ): Promise<StoredHeader[]> {
    const out: StoredHeader[] = [];
    for (const d of drafts) {
      const prev = previous.find((p) => p.name.toLowerCase() === d.name.toLowerCase());
      if (!d.secret) {
        out.push({ name: d.name, secret: false, value: d.value ?? (prev && !prev.secret ? prev.value : '') ?? '' });
        continue;
      }
      if (d.value !== undefined) out.push({ name: d.name, secret: true, sealed: await this.cipher.encrypt(d.value) });
      else if (moved && prev?.secret && prev.sealed) {
        dropped.push({ kind: 'header', name: d.name });
        out.push({ name: d.name, secret: true });
      } else if (prev?.secret && prev.sealed) out.push({ name: d.name, secret: true, sealed: prev.sealed });
      else if (prev && !prev.secret && prev.value !== undefined)
        out.push({ name: d.name, secret: true, sealed: await this.cipher.encrypt(prev.value) });
      else out.push({ name: d.name, secret: true });
    }
    return out;
  }

  #find(id: string): StoredEndpoint {
    const e = this.#settings.endpoints.find((x) => x.id === id);
    if (!e) throw new AppError('not_found', 'That endpoint no longer exists.');
    return e;
  }

  #refuseIfReadOnly(): void {
    if (this.readOnly)
      throw new AppError(
        'unavailable',
        'The settings file was written by a newer version of ACP Desk, so this one opened it read-only and ' +
          'cannot save changes. Update ACP Desk, or use --data-dir to pick another folder.',
      );
  }

  async #commit(next: Settings): Promise<void> {
    this.#settings = next;
    if (this.readOnly) {
      // Start-up chores (demo URL, remembered transport, selection) live in memory only.
      const list = this.list();
      for (const l of this.#listeners) l(list);
      return;
    }
    const write = this.#writes.then(() =>
      saveSettings(this.file, next).catch((e: unknown) => {
        if (e instanceof NewerSettingsError)
          throw new AppError(
            'unavailable',
            'The settings file was changed by a newer version of ACP Desk, so this one will not overwrite it. ' +
              'Update ACP Desk and start again.',
          );
        throw e;
      }),
    );
    this.#writes = write.catch(() => undefined);
    await write;
    const list = this.list();
    for (const l of this.#listeners) l(list);
  }
}

function toView(e: StoredEndpoint, mcpViews?: readonly McpServerView[]): SavedEndpoint {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    transport: e.transport,
    headers: e.headers.map((h) =>
      h.secret
        ? { name: h.name, secret: true, hasValue: Boolean(h.sealed) }
        : { name: h.name, secret: false, value: h.value ?? '', hasValue: Boolean(h.value) },
    ),
    cwd: e.cwd,
    notes: e.notes,
    mcpServers: e.mcpSummary ?? [],
    ...(mcpViews && mcpViews.length > 0 ? { mcpServerViews: mcpViews } : {}),
    ...(e.network ? { network: networkView(e.network) } : {}),
    ...(authView(e.auth) ? { auth: authView(e.auth) } : {}),
    ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
    ...(e.builtin ? { builtin: e.builtin } : {}),
    ...(e.lastWorkingTransport ? { lastWorkingTransport: e.lastWorkingTransport } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

function droppedNotice(dropped: readonly DroppedSecret[], url: string): string {
  const headers = dropped.filter((d) => d.kind === 'header').map((d) => d.name);
  const servers = dropped.filter((d) => d.kind === 'mcp-server').map((d) => d.name);
  const parts = [
    ...(headers.length > 0 ? [`the value of ${headers.join(', ')}`] : []),
    ...(servers.length > 0 ? [`the MCP server${servers.length === 1 ? '' : 's'} ${servers.join(', ')}`] : []),
    ...dropped.filter((d) => d.kind === 'network' || d.kind === 'auth').map((d) => d.name),
  ];
  return (
    `The endpoint now points at another host (${originOf(url)}), so ${parts.join(' and ')} saved for the old ` +
    'host was dropped. Re-enter the API key for the new host.'
  );
}
