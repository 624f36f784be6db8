/** Labels and tones for tool calls. Pure. */
import type { ToolCallLocation } from '@agentclientprotocol/sdk';
import type { ToolCallState } from '../../../../shared/domain/session';
import type { Tone } from '../../../ui/Badge';
import type { IconName } from '../icons';

type Status = ToolCallState['status'];

export const STATUS_VIEW: Readonly<Record<Status, { label: string; tone: Tone; icon: IconName | null }>> = {
  pending: { label: 'Pending', tone: 'neutral', icon: 'clock' },
  in_progress: { label: 'Running', tone: 'accent', icon: null },
  completed: { label: 'Done', tone: 'ok', icon: 'check' },
  failed: { label: 'Failed', tone: 'danger', icon: 'x' },
  cancelled: { label: 'Cancelled', tone: 'neutral', icon: 'ban' },
};

export function isActive(status: Status): boolean {
  return status === 'pending' || status === 'in_progress';
}

/** Elapsed time shown on the chip: ticking while active, fixed once it settled. */
export function elapsedMs(tc: Pick<ToolCallState, 'status' | 'startedAt' | 'updatedAt'>, now: number): number {
  return isActive(tc.status) ? Math.max(now - tc.startedAt, 0) : Math.max(tc.updatedAt - tc.startedAt, 0);
}

/** A path as shown: relative to the session's working directory when it lies inside it. */
export function displayPath(path: string, cwd: string | null | undefined): string {
  if (!cwd) return path;
  const base = cwd.replace(/[\\/]+$/, '');
  if (path.startsWith(`${base}/`) || path.startsWith(`${base}\\`)) return path.slice(base.length + 1);
  return path;
}

/** "src/a.ts:12" (relative to the cwd when inside it), and the full path for the tooltip. */
export function locationText(loc: ToolCallLocation, cwd?: string | null): { short: string; full: string } {
  const full = loc.line != null ? `${loc.path}:${loc.line}` : loc.path;
  const shown = displayPath(loc.path, cwd);
  return { short: loc.line != null ? `${shown}:${loc.line}` : shown, full };
}

/** Whether the card starts expanded: quiet, finished lookups start folded. */
export function startsOpen(tc: Pick<ToolCallState, 'kind' | 'status' | 'content' | 'awaitingPermission'>): boolean {
  if (tc.awaitingPermission || tc.status === 'failed') return true;
  if (tc.content.some((c) => c.type === 'diff' || c.type === 'terminal')) return true;
  if (tc.kind === 'execute') return true;
  return !(tc.kind === 'read' || tc.kind === 'search' || tc.kind === 'fetch' || tc.kind === 'think');
}

/** JSON text for the raw input/output disclosure. */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * File contents a `read` returned, as a fenced code block (language from the file name) so
 * they keep their lines and get highlighted; text that already is a fence stays as it is.
 */
export function asCodeFence(text: string, path: string | undefined): string {
  if (/^\s*(```|~~~)/.test(text)) return text;
  const ext = path?.split(/[\\/]/).pop()?.split('.').slice(1).pop()?.toLowerCase() ?? '';
  const lang = /^[a-z0-9+#-]{1,12}$/.test(ext) ? ext : '';
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}
