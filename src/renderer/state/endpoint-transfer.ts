/**
 * Endpoints as a JSON file: what "Export endpoints" writes and "Import endpoints" reads. An
 * export never carries a secret value: a secret header is written as its name with
 * `secret: true` and no value. An import checks every entry with the shared draft schema and
 * says, for each one it skips, why. Pure.
 */
import { isRecord } from '../../shared/util/is-record';
import {
  endpointDraftSchema,
  mcpServerSchema,
  type EndpointDraft,
  type SavedEndpoint,
} from '../../shared/domain/endpoint';
import type { EndpointAuthDraft, EndpointAuthView } from '../../shared/domain/endpoint-auth';

export const EXPORT_FORMAT = 'acp-desk.endpoints';
export const EXPORT_VERSION = 1;

export interface ExportedEndpointHeader {
  readonly name: string;
  readonly value?: string;
  readonly secret?: true;
}

export interface ExportedEndpoint {
  readonly name: string;
  readonly url: string;
  readonly transport: SavedEndpoint['transport'];
  readonly headers: readonly ExportedEndpointHeader[];
  readonly cwd?: string;
  readonly notes?: string;
  readonly idleTimeoutSec?: number;
  /** OAuth sign-in (issue 15) without the client secret; tokens never leave the host. */
  readonly auth?: Omit<Extract<EndpointAuthDraft, { kind: 'oauth' }>, 'clientSecret'>;
}

export interface EndpointsFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly endpoints: readonly ExportedEndpoint[];
}

export interface TransferFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

function exportHeader(h: SavedEndpoint['headers'][number]): ExportedEndpointHeader {
  return h.secret ? { name: h.name, secret: true } : { name: h.name, value: h.value ?? '' };
}

/** The sign-in setting as a draft without the client secret (export, duplicate). */
export function exportAuth(
  a: Extract<EndpointAuthView, { kind: 'oauth' }>,
): Omit<Extract<EndpointAuthDraft, { kind: 'oauth' }>, 'clientSecret'> {
  return {
    kind: 'oauth',
    ...(a.clientId ? { clientId: a.clientId } : {}),
    ...(a.scopes.length > 0 ? { scopes: [...a.scopes] } : {}),
    ...(a.authorizationServer ? { authorizationServer: a.authorizationServer } : {}),
    flow: a.flow,
  };
}

/** Saved endpoints as an export file; the built-in demo endpoint is left out (its URL changes per run). */
export function exportFile(endpoints: readonly SavedEndpoint[], now: Date = new Date()): TransferFile {
  const file: EndpointsFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    endpoints: endpoints
      .filter((e) => !e.builtin)
      .map((e) => ({
        name: e.name,
        url: e.url,
        transport: e.transport,
        headers: e.headers.map(exportHeader),
        ...(e.cwd ? { cwd: e.cwd } : {}),
        ...(e.notes ? { notes: e.notes } : {}),
        ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
        ...(e.auth?.kind === 'oauth' ? { auth: exportAuth(e.auth) } : {}),
      })),
  };
  return {
    fileName: `acp-desk-endpoints-${now.toISOString().slice(0, 10)}.json`,
    mimeType: 'application/json',
    content: `${JSON.stringify(file, null, 2)}\n`,
  };
}

export interface SkippedEntry {
  /** The entry's name when it has one, otherwise "Entry N". */
  readonly label: string;
  readonly reason: string;
}

export interface ParsedImport {
  readonly drafts: readonly { readonly label: string; readonly draft: EndpointDraft }[];
  readonly skipped: readonly SkippedEntry[];
  /** Set when the file as a whole cannot be read; nothing is imported then. */
  readonly fileError: string | null;
}

function entriesOf(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (isRecord(data) && Array.isArray(data.endpoints)) return data.endpoints;
  return null;
}

function labelOf(entry: unknown, index: number): string {
  return isRecord(entry) && typeof entry.name === 'string' && entry.name.trim()
    ? entry.name.trim()
    : `Entry ${index + 1}`;
}

/**
 * Headers from a file: a secret header without a value stays secret and asks for it later.
 * MCP servers are imported only as full configurations (hand-written files); an export
 * carries just their names, which are dropped.
 */
function draftInput(entry: Record<string, unknown>): unknown {
  const { mcpServers, auth, ...withoutMcp } = entry;
  const full =
    Array.isArray(mcpServers) && mcpServers.length > 0 && mcpServers.every((m) => mcpServerSchema.safeParse(m).success);
  // An OAuth client secret never comes in through a file (it is entered in the editor).
  const signIn = isRecord(auth)
    ? { auth: Object.fromEntries(Object.entries(auth).filter(([k]) => k !== 'clientSecret')) }
    : {};
  const rest = { ...(full ? { ...withoutMcp, mcpServers } : withoutMcp), ...signIn };
  if (!Array.isArray(entry.headers)) return rest;
  const headers = entry.headers.map((h) =>
    isRecord(h) ? { name: h.name, secret: h.secret === true, ...(h.value !== undefined ? { value: h.value } : {}) } : h,
  );
  return { ...rest, headers };
}

/** Reads an export file (or a bare array of drafts) into drafts to save and entries skipped. */
export function parseImport(text: string, existing: readonly SavedEndpoint[]): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { drafts: [], skipped: [], fileError: 'The file is not JSON. Choose a file made by Export endpoints.' };
  }
  const entries = entriesOf(data);
  if (!entries) {
    return {
      drafts: [],
      skipped: [],
      fileError: 'The file has no "endpoints" list. Choose a file made by Export endpoints.',
    };
  }
  const seen = new Set(existing.map((e) => `${e.name.trim().toLowerCase()}\n${e.url.trim()}`));
  const drafts: { label: string; draft: EndpointDraft }[] = [];
  const skipped: SkippedEntry[] = [];
  entries.forEach((entry, index) => {
    const label = labelOf(entry, index);
    if (!isRecord(entry)) return void skipped.push({ label, reason: 'Not an endpoint object.' });
    const parsed = endpointDraftSchema.safeParse(draftInput(entry));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return void skipped.push({ label, reason: issueSentence(issue?.message, issue?.path ?? []) });
    }
    const key = `${parsed.data.name.toLowerCase()}\n${parsed.data.url}`;
    if (seen.has(key))
      return void skipped.push({ label, reason: 'An endpoint with this name and URL is already saved.' });
    seen.add(key);
    drafts.push({ label, draft: parsed.data });
  });
  return { drafts, skipped, fileError: null };
}

/**
 * Where in an entry the problem is, in words ("header 1, name"), never the schema's path
 * ("headers.0.name"); a top-level field is named by the message itself, so it adds nothing.
 */
function fieldWords(path: readonly PropertyKey[]): string {
  if (path.length < 2) return '';
  const [list, index, ...rest] = path;
  const noun = list === 'headers' ? 'header' : list === 'mcpServers' ? 'MCP server' : String(list);
  const item = typeof index === 'number' ? `${noun} ${index + 1}` : `${noun} ${String(index)}`;
  return [item, ...rest.map((p) => (typeof p === 'number' ? String(p + 1) : String(p)))].join(', ');
}

function issueSentence(message: string | undefined, path: readonly PropertyKey[]): string {
  const text = (message ?? 'Invalid endpoint').trim().replace(/\.$/, '');
  const where = fieldWords(path);
  return where ? `${text} (${where}).` : `${text}.`;
}

export interface ImportReport {
  readonly imported: readonly string[];
  readonly skipped: readonly SkippedEntry[];
  readonly fileError: string | null;
}
