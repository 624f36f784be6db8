/**
 * Session export: Markdown for people (see markdown.ts), JSON for tools and for re-importing
 * (the raw envelope log, which folds back into the same state with the shared reducer).
 * Exports are made from the session state and its log only, never from endpoint settings, and
 * as a last line of defence any `user:password@` in a URL and any `Bearer …` token that made it
 * into the conversation is masked before the document leaves the app.
 */
import type { ExportedSession } from '../../shared/domain/history';
import type { SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import { Redactor } from '../transport/redact';
import { permissionDecisionText } from '../../shared/session/timeline';
import { exportTitle, renderMarkdown, type MarkdownMeta } from './markdown';

/** Identifies our JSON exports, so an importer can recognise and version-check them. */
export const EXPORT_FORMAT = 'acp-desk-session';
export const EXPORT_VERSION = 1;

/**
 * What both exports need besides the session itself; `redactor` knows the endpoint's secret
 * values (the app's one redactor), so a key the agent echoed into the conversation is masked.
 */
export type ExportMeta = MarkdownMeta & { readonly redactor?: Redactor };

/** The JSON export document. */
export interface SessionExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly session: {
    readonly sessionId: string;
    readonly endpointName: string;
    readonly title: string | null;
    readonly cwd: string | null;
  };
  readonly exportedAt: string;
  /** Every settled permission request, in order: what was chosen for which tool, by whom, when. */
  readonly permissionDecisions: readonly PermissionDecisionRecord[];
  readonly events: readonly SessionEventEnvelope[];
}

export interface PermissionDecisionRecord {
  /** "Allowed once: Edit facets.txt". */
  readonly text: string;
  readonly tool: string;
  readonly outcome: 'selected' | 'cancelled';
  readonly optionId: string | null;
  readonly optionName: string | null;
  readonly optionKind: string | null;
  readonly by: string;
  readonly at: string;
}

function permissionDecisions(state: SessionState): PermissionDecisionRecord[] {
  return state.entryIds.flatMap((id) => {
    const e = state.entries[id];
    if (e?.kind !== 'permission') return [];
    return [
      {
        text: permissionDecisionText(e),
        tool: e.toolTitle,
        outcome: e.outcome,
        optionId: e.optionId ?? null,
        optionName: e.optionName ?? null,
        optionKind: e.optionKind ?? null,
        by: e.by,
        at: new Date(e.at).toISOString(),
      },
    ];
  });
}

/**
 * Masks URL credentials, bearer/basic tokens, secret-named query parameters and every secret
 * value the redactor holds, in any text (the shared Redactor; see transport/redact.ts).
 */
export function scrubCredentials(text: string, redactor: Redactor = new Redactor()): string {
  return redactor.text(text);
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** A safe file name: a slug of the title, else of the first prompt, else of the session id, else `session`. */
export function exportFileName(
  state: Pick<SessionState, 'title' | 'sessionId'> & Partial<Pick<SessionState, 'entryIds' | 'entries'>>,
  ext: 'md' | 'json',
  redactor?: Redactor,
): string {
  const title = exportTitle({ title: state.title, entryIds: state.entryIds ?? [], entries: state.entries ?? {} });
  // The name leaves the app as well: a secret in the first prompt must not end up in it.
  return `${slug(title ? scrubCredentials(title, redactor) : '') || slug(state.sessionId) || 'session'}.${ext}`;
}

/** The conversation as a readable Markdown document. */
export function exportMarkdown(state: SessionState, meta: ExportMeta): ExportedSession {
  return {
    fileName: exportFileName(state, 'md', meta.redactor),
    mimeType: 'text/markdown',
    content: scrubCredentials(renderMarkdown(state, meta), meta.redactor),
  };
}

/** The full event log with a little context, pretty-printed (`SessionExportDocument`). */
export function exportJson(
  state: SessionState,
  envelopes: readonly SessionEventEnvelope[],
  meta: ExportMeta,
): ExportedSession {
  const doc: SessionExportDocument = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    session: {
      sessionId: state.sessionId,
      endpointName: meta.endpointName,
      title: exportTitle(state),
      cwd: state.cwd,
    },
    exportedAt: meta.exportedAt.toISOString(),
    permissionDecisions: permissionDecisions(state),
    events: envelopes,
  };
  return {
    fileName: exportFileName(state, 'json', meta.redactor),
    mimeType: 'application/json',
    content: scrubCredentials(JSON.stringify(doc, null, 2), meta.redactor) + '\n',
  };
}
