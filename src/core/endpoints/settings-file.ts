/**
 * The settings file: versioned, schema-validated, migrated forward on load, written atomically.
 * A file that cannot be parsed or validated is moved aside (never overwritten in place) and
 * reported, and the app starts with defaults.
 */
import { z } from 'zod';
import { TRANSPORT_PROFILES } from '../../shared/domain/endpoint';
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
  builtin: z.literal('demo-agent').optional(),
  lastWorkingTransport: z.enum(['http', 'ws']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  endpoints: z.array(storedEndpointSchema),
  selectedEndpointId: z.string().nullable(),
  /** The demo endpoint is seeded once; a user who deletes it keeps it deleted. */
  demoSeeded: z.boolean(),
});

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
      endpoints: endpoints.map((e: Record<string, unknown>) => ({
        transport: 'auto',
        cwd: '',
        notes: '',
        createdAt: now,
        updatedAt: now,
        ...e,
        headers: Object.entries((e.headers as Record<string, string> | undefined) ?? {}).map(([name, value]) => ({
          name,
          value: String(value),
          secret: false,
        })),
      })),
    };
  },
};

export function migrate(doc: unknown): Settings {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('settings root is not an object');
  let current = doc as Record<string, unknown>;
  let version = typeof current.version === 'number' ? current.version : 0;
  if (version > SETTINGS_VERSION)
    throw new Error(`settings version ${version} is newer than this app (${SETTINGS_VERSION})`);
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from settings version ${version}`);
    current = step(current);
    version = current.version as number;
  }
  return settingsSchema.parse(current);
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Set when the file on disk could not be used; says where it was moved. */
  readonly problem?: string;
  readonly migratedFrom?: number;
}

export async function loadSettings(file: string): Promise<LoadedSettings> {
  const read = await readJson(file);
  if (read.kind === 'missing') return { settings: defaultSettings() };
  try {
    if (read.kind === 'corrupt') throw new Error(read.reason);
    const raw = read.value as { version?: unknown };
    const from = typeof raw?.version === 'number' ? raw.version : 0;
    const settings = migrate(read.value);
    if (from !== SETTINGS_VERSION) await writeJsonAtomic(file, settings);
    return from !== SETTINGS_VERSION ? { settings, migratedFrom: from } : { settings };
  } catch (e) {
    const aside = await quarantine(file);
    const why = e instanceof Error ? e.message : String(e);
    return { settings: defaultSettings(), problem: `Settings file was unreadable (${why}); moved to ${aside}` };
  }
}

export function saveSettings(file: string, settings: Settings): Promise<void> {
  return writeJsonAtomic(file, settingsSchema.parse(settings));
}
