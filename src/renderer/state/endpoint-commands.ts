/**
 * Endpoint management: save, remove, duplicate, import, export, and `Test connection` of a
 * draft that is not saved yet. Like every command they never throw; a failure comes back as a
 * sentence (and, for a save, as messages per field when the host names the fields).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { EndpointDraft, SavedEndpoint } from '../../shared/domain/endpoint';
import type { Bridge } from '../../shared/ipc/contract';
import { update, type AppState } from './app-state';
import { exportAuth, exportFile, parseImport, type ImportReport, type TransferFile } from './endpoint-transfer';
import { IDLE_PROBE, probeCertificate, probeChanged, type ProbeState } from './endpoints-slice';
import { describeError, type ErrorText } from './error-text';
import { fieldErrorsFromIpc, type FieldErrors } from './field-errors';
import { settle } from './settle';

export type SaveOutcome =
  | { readonly ok: true; readonly endpoint: SavedEndpoint }
  | { readonly ok: false; readonly error: ErrorText; readonly fields: FieldErrors };

export interface EndpointCommands {
  /** Creates (no id) or updates an endpoint, then selects it. */
  saveEndpoint(id: string | undefined, draft: EndpointDraft): Promise<SaveOutcome>;
  /** Removes an endpoint; its sessions stay in the history. Returns the error, or null. */
  removeEndpoint(id: string): Promise<ErrorText | null>;
  /** Saves a copy named "… (copy)". Secret values stay with the original and are not copied. */
  duplicateEndpoint(id: string): Promise<SaveOutcome>;
  /** Saves every valid entry of an export file; says which entries were skipped and why. */
  importEndpoints(json: string): Promise<ImportReport>;
  /** The saved endpoints as a JSON file, without any secret value. */
  exportEndpoints(): TransferFile;
  /** `Test connection` for settings that are not saved (yet). */
  testDraft(draft: EndpointDraft): Promise<ProbeState>;
}

/** A saved endpoint as a draft for a new one. Secret values are write-only, so they are left out. */
export function duplicateDraft(e: SavedEndpoint): EndpointDraft {
  return {
    name: `${e.name} (copy)`.slice(0, 120),
    url: e.url,
    transport: e.transport,
    headers: e.headers.map((h) =>
      h.secret ? { name: h.name, secret: true } : { name: h.name, value: h.value ?? '', secret: false },
    ),
    cwd: e.cwd,
    notes: e.notes,
    ...(e.idleTimeoutSec !== undefined ? { idleTimeoutSec: e.idleTimeoutSec } : {}),
    // The sign-in setting, not the client secret (write-only) nor the grant (the copy signs in anew).
    ...(e.auth?.kind === 'oauth' ? { auth: exportAuth(e.auth) } : {}),
  };
}

function upsert(list: readonly SavedEndpoint[], saved: SavedEndpoint): readonly SavedEndpoint[] {
  return list.some((e) => e.id === saved.id) ? list.map((e) => (e.id === saved.id ? saved : e)) : [...list, saved];
}

export function createEndpointCommands(
  bridge: Bridge,
  store: StoreApi<AppState>,
  select: (id: string | null) => Promise<void>,
): EndpointCommands {
  const save = async (id: string | undefined, draft: EndpointDraft): Promise<SaveOutcome> => {
    const result = await settle(() => bridge.endpoints.save(id === undefined ? { draft } : { id, draft }));
    if (!result.ok) {
      return { ok: false, error: describeError(result.error, 'endpoint'), fields: fieldErrorsFromIpc(result.error) };
    }
    const saved = result.value;
    // The host pushes endpoints:changed too; showing the result at once keeps the editor honest.
    update(store, 'endpoints', (s) => {
      const { [saved.id]: _previous, ...others } = s.saveNotices;
      const saveNotices = saved.notice ? { ...others, [saved.id]: saved.notice } : others;
      return probeChanged({ ...s, list: upsert(s.list, saved), saveNotices }, saved.id, IDLE_PROBE);
    });
    return { ok: true, endpoint: saved };
  };

  const commands: EndpointCommands = {
    async saveEndpoint(id, draft) {
      const outcome = await save(id, draft);
      if (outcome.ok) await select(outcome.endpoint.id);
      return outcome;
    },
    async removeEndpoint(id) {
      const result = await settle(() => bridge.endpoints.remove({ id }));
      if (!result.ok) return describeError(result.error, 'endpoint');
      update(store, 'endpoints', (s) => ({
        ...s,
        list: s.list.filter((e) => e.id !== id),
        selectedId: s.selectedId === id ? (s.list.find((e) => e.id !== id)?.id ?? null) : s.selectedId,
      }));
      return null;
    },
    async duplicateEndpoint(id) {
      const original = store.getState().endpoints.list.find((e) => e.id === id);
      if (!original) {
        const error = describeError({ code: 'not_found', message: 'That endpoint no longer exists' }, 'endpoint');
        return { ok: false, error, fields: {} };
      }
      return commands.saveEndpoint(undefined, duplicateDraft(original));
    },
    async importEndpoints(json) {
      const parsed = parseImport(json, store.getState().endpoints.list);
      const imported: string[] = [];
      const skipped = [...parsed.skipped];
      for (const { label, draft } of parsed.drafts) {
        const outcome = await save(undefined, draft);
        if (outcome.ok) imported.push(outcome.endpoint.name);
        else skipped.push({ label, reason: outcome.error.message });
      }
      return { imported, skipped, fileError: parsed.fileError };
    },
    exportEndpoints() {
      return exportFile(store.getState().endpoints.list);
    },
    async testDraft(draft) {
      const result = await settle(() => bridge.endpoints.test({ draft }));
      return result.ok
        ? { status: 'ok', probe: result.value }
        : { status: 'error', ...describeError(result.error, 'probe'), ...probeCertificate(result.error.details) };
    },
  };
  return commands;
}
