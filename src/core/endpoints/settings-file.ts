/**
 * The settings file: versioned, schema-validated, migrated forward on load, written atomically.
 *
 * - A file that is not JSON, or whose root cannot be used at all, is moved aside (never
 *   overwritten in place) and reported, and the app starts with defaults.
 * - One endpoint that fails validation does not cost the others: it is set aside, raw JSON and
 *   reason, in the file's `quarantined` list, and the valid endpoints load.
 * - A file written by a newer ACP Desk (a version this build does not know) is never moved,
 *   migrated or rewritten: it opens read-only, with what this build can read of it.
 */
import { z } from 'zod';
import { TRANSPORT_PROFILES } from '../../shared/domain/endpoint';
import { isRecord } from '../../shared/util/is-record';
import { quarantine, readJson, writeJsonAtomic } from '../util/json-file';

export const SETTINGS_VERSION = 1;

const storedHeaderSchema = z.object({
  name: z.string().min(1),
  secret: z.boolean(),
  /** Non-secret value, stored as is. */
  value: z.string().optional(),
  /** Secret value, sealed by the SecretCipher. */
  sealed: z.string().optional(),
});

/** Proxy and TLS settings; the password, client key, PKCS#12 bundle and passphrase sealed. */
export const storedNetworkSchema = z.object({
  proxy: z.object({
    mode: z.enum(['none', 'system', 'url']),
    url: z.string(),
    username: z.string(),
    passwordSealed: z.string().optional(),
  }),
  tls: z.object({
    caPem: z.string(),
    pinnedPem: z.string(),
    pinnedSha256: z.string(),
    clientCertPem: z.string(),
    keySealed: z.string().optional(),
    pfxSealed: z.string().optional(),
    passphraseSealed: z.string().optional(),
  }),
});
export type StoredNetwork = z.infer<typeof storedNetworkSchema>;

/** Sign-in (OAuth, issue 15); the client secret sealed. The grant lives in the token vault, not here. */
export const storedAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('oauth'),
    clientId: z.string().optional(),
    clientSecretSealed: z.string().optional(),
    scopes: z.array(z.string()).optional(),
    authorizationServer: z.string().optional(),
    flow: z.enum(['auto', 'code', 'device']).optional(),
  }),
]);
export type StoredAuth = z.infer<typeof storedAuthSchema>;

const storedEndpointSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string(),
  transport: z.enum(TRANSPORT_PROFILES),
  headers: z.array(storedHeaderSchema),
  cwd: z.string(),
  notes: z.string(),
  idleTimeoutSec: z.number().int().positive().optional(),
  /** The MCP server list, sealed (it may hold API keys), with names/kinds for display. */
  mcpSealed: z.string().optional(),
  mcpSummary: z.array(z.object({ name: z.string(), type: z.enum(['stdio', 'http', 'sse']) })).optional(),
  network: storedNetworkSchema.optional(),
  auth: storedAuthSchema.optional(),
  builtin: z.literal('demo-agent').optional(),
  lastWorkingTransport: z.enum(['http', 'ws']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const quarantinedEndpointSchema = z.object({
  /** Why it could not be used, as a phrase ("transport: Invalid enum value…"). */
  reason: z.string(),
  quarantinedAt: z.string(),
  /** The entry exactly as it was found (secret values in it are sealed, as stored). */
  raw: z.unknown(),
});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  endpoints: z.array(storedEndpointSchema),
  selectedEndpointId: z.string().nullable(),
  /** The demo endpoint is seeded once; a user who deletes it keeps it deleted. */
  demoSeeded: z.boolean(),
  /** Endpoints that failed validation on load, kept for the user instead of being dropped. */
  quarantined: z.array(quarantinedEndpointSchema).optional(),
});

export type QuarantinedEndpoint = z.infer<typeof quarantinedEndpointSchema>;
export type StoredHeader = z.infer<typeof storedHeaderSchema>;
export type StoredEndpoint = z.infer<typeof storedEndpointSchema>;
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, endpoints: [], selectedEndpointId: null, demoSeeded: false };
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * `MIGRATIONS[n]` lifts a version-n document to n+1. Version 0 is the unversioned preview
 * format, whose endpoints carried `headers` as a plain name→value map and no timestamps.
 */
export const MIGRATIONS: Record<number, Migration> = {
  0: (old) => {
    const now = new Date(0).toISOString();
    const endpoints = Array.isArray(old.endpoints) ? old.endpoints : [];
    return {
      version: 1,
      selectedEndpointId: typeof old.selectedEndpointId === 'string' ? old.selectedEndpointId : null,
      demoSeeded: Boolean(old.demoSeeded),
      endpoints: endpoints.map((e: unknown) => {
        if (!isRecord(e)) return e; // left for validation to set aside
        const headers = e.headers ?? {};
        return {
          transport: 'auto',
          cwd: '',
          notes: '',
          createdAt: now,
          updatedAt: now,
          ...e,
          headers: isRecord(headers)
            ? Object.entries(headers).map(([name, value]) => ({ name, value: String(value), secret: false }))
            : headers,
        };
      }),
    };
  },
};

/** The version a parsed document claims: a number, or 0 (the unversioned preview) when absent. */
function versionOf(doc: Record<string, unknown>): number | undefined {
  if (!('version' in doc) || doc.version === undefined) return 0;
  return typeof doc.version === 'number' ? doc.version : undefined;
}

export class NewerSettingsError extends Error {
  constructor(readonly fileVersion: number) {
    super(
      `The settings file was written by a newer ACP Desk (settings version ${fileVersion}; this build knows up to ` +
        `${SETTINGS_VERSION}), so this ACP Desk will not change it. Update ACP Desk to save changes.`,
    );
  }
}

/** Lifts a document to the current version; throws when it cannot (or must not) be. */
export function migrate(doc: unknown): Record<string, unknown> {
  if (!isRecord(doc)) throw new Error('settings root is not an object');
  let current = doc;
  let version = versionOf(current);
  if (version === undefined) throw new Error('settings version is not a number');
  if (version > SETTINGS_VERSION) throw new NewerSettingsError(version);
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from settings version ${version}`);
    current = step(current);
    version = current.version as number;
  }
  return current;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function label(raw: unknown, index: number): string {
  const r = isRecord(raw) ? raw : {};
  const name = typeof r.name === 'string' && r.name ? ` "${r.name.slice(0, 80)}"` : '';
  return `endpoint ${index + 1}${name}`;
}

interface Salvaged {
  readonly settings: Settings;
  /** Entries set aside during this load (already included in settings.quarantined). */
  readonly fresh: readonly QuarantinedEndpoint[];
}

/**
 * Builds usable settings from a current-version document, endpoint by endpoint. Throws only
 * when nothing can be salvaged (the endpoint list itself is not a list).
 */
function salvage(doc: Record<string, unknown>, now: string): Salvaged {
  if (!Array.isArray(doc.endpoints)) throw new Error('endpoints is not a list');
  const endpoints: StoredEndpoint[] = [];
  const fresh: QuarantinedEndpoint[] = [];
  const seen = new Set<string>();
  doc.endpoints.forEach((raw: unknown, index) => {
    let reason: string | undefined;
    if (!isRecord(raw)) reason = 'not an object';
    else {
      const parsed = storedEndpointSchema.safeParse(raw);
      if (!parsed.success) reason = describeIssue(parsed.error);
      else if (seen.has(parsed.data.id)) reason = `same id as an earlier endpoint (${parsed.data.id.slice(0, 80)})`;
      else {
        seen.add(parsed.data.id);
        endpoints.push(parsed.data);
      }
    }
    if (reason !== undefined) fresh.push({ reason: `${label(raw, index)}: ${reason}`, quarantinedAt: now, raw });
  });
  const earlier = Array.isArray(doc.quarantined)
    ? doc.quarantined.map((q: unknown) => {
        const parsed = quarantinedEndpointSchema.safeParse(q);
        return parsed.success && 'raw' in (q as object)
          ? parsed.data
          : { reason: 'unrecognized set-aside entry', quarantinedAt: now, raw: q };
      })
    : [];
  const quarantined = [...earlier, ...fresh];
  const selected = typeof doc.selectedEndpointId === 'string' ? doc.selectedEndpointId : null;
  const settings: Settings = {
    version: SETTINGS_VERSION,
    endpoints,
    selectedEndpointId: selected !== null && seen.has(selected) ? selected : null,
    demoSeeded: doc.demoSeeded === true || endpoints.some((e) => e.builtin === 'demo-agent'),
    ...(quarantined.length > 0 ? { quarantined } : {}),
  };
  return { settings, fresh };
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Set when the file on disk could not be used in full: a sentence saying what happened. */
  readonly problem?: string;
  readonly migratedFrom?: number;
  /** The file was written by a newer ACP Desk: it must not be written by this one. */
  readonly readOnly?: true;
}

function quarantineSentence(fresh: readonly QuarantinedEndpoint[]): string {
  const n = fresh.length;
  return (
    `${n} endpoint${n === 1 ? '' : 's'} could not be read: ${fresh.map((q) => q.reason).join('; ')}. ` +
    `${n === 1 ? 'It was' : 'They were'} set aside in the settings file; the other endpoints are available.`
  );
}

export async function loadSettings(file: string): Promise<LoadedSettings> {
  const read = await readJson(file);
  if (read.kind === 'missing') return { settings: defaultSettings() };
  const now = new Date().toISOString();
  if (read.kind === 'ok' && isRecord(read.value)) {
    const version = versionOf(read.value);
    if (version !== undefined && version > SETTINGS_VERSION) return openNewer(read.value, version, now);
  }
  try {
    if (read.kind === 'corrupt') throw new Error(read.reason);
    const raw = read.value as Record<string, unknown>;
    const from = isRecord(raw) ? (versionOf(raw) ?? 0) : 0;
    const { settings, fresh } = salvage(migrate(read.value), now);
    if (from !== SETTINGS_VERSION || fresh.length > 0) await writeJsonAtomic(file, settings);
    return {
      settings,
      ...(fresh.length > 0 ? { problem: quarantineSentence(fresh) } : {}),
      ...(from !== SETTINGS_VERSION ? { migratedFrom: from } : {}),
    };
  } catch (e) {
    const aside = await quarantine(file);
    const why = e instanceof Error ? e.message : String(e);
    return { settings: defaultSettings(), problem: `Settings file was unreadable (${why}); moved to ${aside}` };
  }
}

/** What this build can read of a newer file, without changing it. */
function openNewer(doc: Record<string, unknown>, version: number, now: string): LoadedSettings {
  let settings = defaultSettings();
  try {
    settings = salvage({ ...doc, quarantined: undefined }, now).settings;
    delete settings.quarantined;
  } catch {
    // a shape this build cannot read at all: no endpoints, still read-only
  }
  return { settings, readOnly: true, problem: new NewerSettingsError(version).message };
}

/** Refuses (NewerSettingsError) to replace a file that a newer ACP Desk wrote. */
export async function saveSettings(file: string, settings: Settings): Promise<void> {
  const valid = settingsSchema.parse(settings);
  const current = await readJson(file);
  if (current.kind === 'ok' && isRecord(current.value)) {
    const version = versionOf(current.value);
    if (version !== undefined && version > SETTINGS_VERSION) throw new NewerSettingsError(version);
  }
  await writeJsonAtomic(file, valid);
}
