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
  type SavedEndpoint,
  type TransportProfile,
} from '../../../../shared/domain/endpoint';
import type { FieldErrors } from '../../../state/field-errors';

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
}

let nextKey = 1;
export const newHeaderKey = (): number => nextKey++;

export function blankHeader(): HeaderRowState {
  return { key: newHeaderKey(), name: '', value: '', secret: false, storedName: null, replacing: false };
}

export function formFromEndpoint(e: SavedEndpoint | null): EndpointForm {
  if (!e) return { name: '', url: '', transport: 'auto', headers: [], cwd: '', notes: '', idleTimeout: '' };
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

/** The draft to save or test, and for each draft header the form row it came from. */
export function draftFromForm(f: EndpointForm): { draft: EndpointDraft; headerKeys: number[] } {
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
  return { draft, headerKeys: rows.map((h) => h.key) };
}

/** Draft paths (`headers.2.name`) turned into form field keys (`header.<rowKey>.name`). */
export function formFieldErrors(errors: FieldErrors, headerKeys: readonly number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
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
  const out: Record<string, string> = {};
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
