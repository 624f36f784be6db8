/**
 * Renders a folded session as a Markdown document someone can read, share or archive: the
 * conversation in order (the agent's text kept as-is, since it already is Markdown), thoughts
 * folded away, tool calls with their diffs and output, the plan as a checklist and connection
 * markers where they happened. Only what is in the session state is rendered — never endpoint
 * URLs or headers, which are not in it.
 */
import type { ContentBlock, ToolCallContent } from '@agentclientprotocol/sdk';
import type { Entry, SessionState, ToolCallState } from '../../shared/domain/session';
import { blockText, cardKey, elicitationText, permissionDecisionText } from '../../shared/session/timeline';
import { unifiedDiff } from '../../shared/util/line-diff';

/** Context the state does not carry: the endpoint's display name (never its URL) and the export time. */
export interface MarkdownMeta {
  readonly endpointName: string;
  readonly exportedAt: Date;
}

type Speaker = 'you' | 'agent' | null;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A fenced block whose fence is longer than any backtick run inside, so content cannot escape it. */
export function fence(body: string, info = ''): string {
  const f = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${f}${info}\n${body.replace(/\n+$/, '')}\n${f}`;
}

/** Inline code that survives backticks in the value. */
function code(s: string): string {
  const f = '`'.repeat(longestRun(s, '`') + 1);
  return `${f}${f.length > 1 ? ` ${oneLine(s)} ` : oneLine(s)}${f}`;
}

const escapeEmphasis = (s: string) => s.replace(/[*_\\]/g, '\\$&');

function metadata(state: SessionState, meta: MarkdownMeta): string {
  return [
    `- **Endpoint:** ${escapeEmphasis(oneLine(meta.endpointName))}`,
    `- **Session:** ${code(state.sessionId)}`,
    ...(state.cwd ? [`- **Working directory:** ${code(state.cwd)}`] : []),
    `- **Exported:** ${meta.exportedAt.toISOString()}`,
  ].join('\n');
}

function textOf(blocks: readonly ContentBlock[]): string {
  const text = blocks.map(blockText).join('');
  return text.trim() === '' ? '_(no text)_' : text.replace(/\n+$/, '');
}

function terminalOutput(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const parts = [r.output, r.stdout, r.stderr].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join('\n') : null;
}

function toolContent(call: ToolCallState, c: ToolCallContent): string | null {
  switch (c.type) {
    case 'content': {
      const text = blockText(c.content);
      if (text.trim() === '') return null;
      // Output of commands is terminal text, not Markdown.
      return call.kind === 'execute' ? fence(text, 'text') : text.replace(/\n+$/, '');
    }
    case 'diff': {
      const lines = unifiedDiff(c.oldText, c.newText);
      const head = [`--- ${c.oldText == null ? '/dev/null' : c.path}`, `+++ ${c.path}`];
      return fence([...head, ...lines].join('\n'), 'diff');
    }
    case 'terminal': {
      const out = terminalOutput(call.rawOutput);
      return `Terminal ${code(c.terminalId)}${out ? `\n\n${fence(out, 'text')}` : ''}`;
    }
    default:
      return null;
  }
}

function toolCall(call: ToolCallState): string {
  const parts = [`### Tool: ${oneLine(call.title)} (${call.kind}, ${call.status})`];
  if (call.locations.length) {
    parts.push(call.locations.map((l) => `- ${code(l.line != null ? `${l.path}:${l.line}` : l.path)}`).join('\n'));
  }
  for (const c of call.content) {
    const rendered = toolContent(call, c);
    if (rendered) parts.push(rendered);
  }
  return parts.join('\n\n');
}

const MARKER_ICON: Record<Extract<Entry, { kind: 'marker' }>['marker'], string> = {
  gap: '⚠',
  connection_lost: '⚠',
  detached: '⚠',
  error: '⚠',
  history_diverged: '⚠',
  recovered: 'ℹ',
  notice: 'ℹ',
};

function turnEnd(e: Extract<Entry, { kind: 'turn_end' }>): string {
  const what = e.error ? `Turn failed: ${oneLine(e.error)}` : `Turn ended: ${e.stopReason ?? 'unknown'}`;
  const took = e.durationMs !== undefined ? ` · ${(e.durationMs / 1000).toFixed(1)} s` : '';
  return `*${escapeEmphasis(what)}${took}*`;
}

/** "> 🛡 Allowed once: Edit a.ts — option “Allow once” (allow_once) · <ISO time>" */
function permission(e: Extract<Entry, { kind: 'permission' }>): string {
  const option = e.optionName ? ` — option “${oneLine(e.optionName)}”${e.optionKind ? ` (${e.optionKind})` : ''}` : '';
  return `> 🛡 ${oneLine(permissionDecisionText(e))}${option} · ${new Date(e.at).toISOString()}`;
}

/** One entry as Markdown blocks, opening a `## You` / `## Agent` section when the speaker changes. */
function entryBlocks(state: SessionState, e: Entry, speaker: Speaker): { blocks: string[]; speaker: Speaker } {
  const as = (who: 'you' | 'agent', body: string) => ({
    blocks: who === speaker ? [body] : [who === 'you' ? '## You' : '## Agent', body],
    speaker: who,
  });
  switch (e.kind) {
    case 'user':
      return as('you', textOf(e.blocks));
    case 'agent':
      return as('agent', textOf(e.blocks));
    case 'thought':
      return as('agent', `<details><summary>Thought</summary>\n\n${e.text.replace(/\n+$/, '')}\n\n</details>`);
    case 'tool_call': {
      const call = state.toolCalls[cardKey(e)];
      return call ? as('agent', toolCall(call)) : { blocks: [], speaker };
    }
    case 'marker':
      return {
        blocks: [
          e.text
            .split('\n')
            .map((l, i) => `> ${i === 0 ? `${MARKER_ICON[e.marker]} ` : ''}${l}`)
            .join('\n'),
        ],
        speaker,
      };
    case 'turn_end':
      return { blocks: [turnEnd(e)], speaker };
    case 'permission':
      return { blocks: [permission(e)], speaker };
    case 'elicitation':
      return { blocks: [`> ❓ ${oneLine(elicitationText(e))} · ${new Date(e.at).toISOString()}`], speaker };
  }
}

function plan(state: SessionState): string[] {
  if (!state.plan?.length) return [];
  const item = (p: NonNullable<SessionState['plan']>[number]) =>
    `- [${p.status === 'completed' ? 'x' : ' '}] ${oneLine(p.content)}${p.status === 'in_progress' ? ' *(in progress)*' : ''}`;
  return ['## Plan', state.plan.map(item).join('\n')];
}

/** The text of the first prompt, on one line (the title of a session the agent did not name). */
export function firstPromptText(state: Pick<SessionState, 'entryIds' | 'entries'>): string {
  for (const id of state.entryIds) {
    const e = state.entries[id];
    if (e?.kind === 'user') {
      const text = oneLine(e.blocks.map(blockText).join(''));
      if (text) return text;
    }
  }
  return '';
}

/** The session's title, else its first prompt (cut at 80 characters), else null. */
export function exportTitle(state: Pick<SessionState, 'title' | 'entryIds' | 'entries'>): string | null {
  const title = oneLine(state.title ?? '');
  if (title) return title;
  const prompt = firstPromptText(state);
  return prompt ? (prompt.length > 80 ? `${prompt.slice(0, 79).trimEnd()}…` : prompt) : null;
}

/** The whole document (title, metadata list, conversation, plan), ending with a newline. */
export function renderMarkdown(state: SessionState, meta: MarkdownMeta): string {
  const blocks = [`# ${exportTitle(state) ?? `Session ${state.sessionId}`}`, metadata(state, meta)];
  let speaker: Speaker = null;
  for (const id of state.entryIds) {
    const entry = state.entries[id];
    if (!entry) continue;
    const out = entryBlocks(state, entry, speaker);
    blocks.push(...out.blocks);
    speaker = out.speaker;
  }
  blocks.push(...plan(state));
  return blocks.join('\n\n') + '\n';
}
