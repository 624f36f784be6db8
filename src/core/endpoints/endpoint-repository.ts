/**
 * Saved endpoints: the only code that reads or writes the settings file and the only code
 * that unseals secret header values. The renderer gets `SavedEndpoint` views (secrets
 * replaced by `hasValue`); the transport gets a `ResolvedEndpoint` with real header values
 * plus the list of secret values the traffic tap must redact.
 */
import { randomUUID } from 'node:crypto';
import type { McpServer } from '@agentclientprotocol/sdk';
import {
  endpointDraftSchema,
  type EndpointDraft,
  type SavedEndpoint,
  type TransportProfile,
} from '../../shared/domain/endpoint';
import type { EndpointList } from '../../shared/ipc/contract';
import { AppError } from '../../shared/util/result';
import type { SecretCipher } from './secret-store';
import { loadSettings, saveSettings, type Settings, type StoredEndpoint, type StoredHeader } from './settings-file';

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
}

export const DEMO_ENDPOINT_NAME = 'Local demo agent';

export class EndpointRepository {
  #settings: Settings;
  #writes: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(list: EndpointList) => void>();

  private constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    settings: Settings,
    readonly loadProblem: string | undefined,
  ) {
    this.#settings = settings;
  }

  static async open(file: string, cipher: SecretCipher): Promise<EndpointRepository> {
    const loaded = await loadSettings(file);
    return new EndpointRepository(file, cipher, loaded.settings, loaded.problem);
  }

  get secretStorage(): SecretCipher['kind'] {
    return this.cipher.kind;
  }

  onChange(listener: (list: EndpointList) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): EndpointList {
    return { endpoints: this.#settings.endpoints.map(toView), selectedId: this.#settings.selectedEndpointId };
  }

  get(id: string): SavedEndpoint {
    return toView(this.#find(id));
  }

  async save(id: string | undefined, draft: EndpointDraft): Promise<SavedEndpoint> {
    const parsed = endpointDraftSchema.parse(draft);
    const existing = id ? this.#find(id) : undefined;
    const headers = await this.#sealHeaders(parsed.headers, existing?.headers ?? []);
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
    if (parsed.mcpServers !== undefined) Object.assign(stored, await this.#sealMcp(parsed.mcpServers));
    if (existing && existing.url !== stored.url) delete stored.lastWorkingTransport;
    const endpoints = existing
      ? this.#settings.endpoints.map((e) => (e.id === existing.id ? stored : e))
      : [...this.#settings.endpoints, stored];
    await this.#commit({ ...this.#settings, endpoints });
    return toView(stored);
  }

  async remove(id: string): Promise<void> {
    this.#find(id);
    const endpoints = this.#settings.endpoints.filter((e) => e.id !== id);
    const selectedEndpointId =
      this.#settings.selectedEndpointId === id ? (endpoints[0]?.id ?? null) : this.#settings.selectedEndpointId;
    await this.#commit({ ...this.#settings, endpoints, selectedEndpointId });
  }

  async select(id: string | null): Promise<void> {
    if (id !== null) this.#find(id);
    await this.#commit({ ...this.#settings, selectedEndpointId: id });
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

  async resolveDraft(draft: EndpointDraft, baseId?: string): Promise<ResolvedEndpoint> {
    const parsed = endpointDraftSchema.parse(draft);
    const base = baseId ? this.#find(baseId) : undefined;
    const headers = await this.#sealHeaders(parsed.headers, base?.headers ?? []);
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
    return {
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
      mcpServers: await this.#unsealMcp(e),
    };
  }

  async #sealMcp(servers: readonly McpServer[]): Promise<Pick<StoredEndpoint, 'mcpSealed' | 'mcpSummary'>> {
    if (servers.length === 0) return { mcpSealed: undefined, mcpSummary: undefined };
    return { mcpSealed: await this.cipher.encrypt(JSON.stringify(servers)), mcpSummary: servers.map(mcpSummaryOf) };
  }

  async #unsealMcp(e: StoredEndpoint): Promise<McpServer[]> {
    if (!e.mcpSealed) return [];
    const text = await this.cipher.decrypt(e.mcpSealed).catch(() => {
      throw new AppError('unavailable', `The MCP servers of ${e.name} could not be decrypted; enter them again.`);
    });
    return JSON.parse(text) as McpServer[];
  }

  async #sealHeaders(
    drafts: readonly { name: string; value?: string | undefined; secret: boolean }[],
    previous: readonly StoredHeader[],
  ): Promise<StoredHeader[]> {
    const out: StoredHeader[] = [];
    for (const d of drafts) {
      const prev = previous.find((p) => p.name.toLowerCase() === d.name.toLowerCase());
      if (!d.secret) {
        out.push({ name: d.name, secret: false, value: d.value ?? (prev && !prev.secret ? prev.value : '') ?? '' });
        continue;
      }
      if (d.value !== undefined) out.push({ name: d.name, secret: true, sealed: await this.cipher.encrypt(d.value) });
      else if (prev?.secret && prev.sealed) out.push({ name: d.name, secret: true, sealed: prev.sealed });
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

  async #commit(next: Settings): Promise<void> {
    this.#settings = next;
    const write = this.#writes.then(() => saveSettings(this.file, next));
    this.#writes = write.catch(() => undefined);
    await write;
    const list = this.list();
    for (const l of this.#listeners) l(list);
  }
}

function toView(e: StoredEndpoint): SavedEndpoint {
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
    ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
    ...(e.builtin ? { builtin: e.builtin } : {}),
    ...(e.lastWorkingTransport ? { lastWorkingTransport: e.lastWorkingTransport } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

function mcpSummaryOf(m: McpServer): { name: string; type: 'stdio' | 'http' | 'sse' } {
  return { name: m.name, type: 'type' in m && (m.type === 'http' || m.type === 'sse') ? m.type : 'stdio' };
}
