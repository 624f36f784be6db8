import { describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { exportJson, exportMarkdown, type SessionExportDocument } from '../../../src/core/persistence/export';
import { Redactor } from '../../../src/core/transport/redact';

const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });
const AT = Date.UTC(2026, 11, 2, 14, 9, 3);

function envs(...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId: 'sess-42', seq: i + 1, at: AT + i * 1000, event }));
}
const meta = { endpointName: 'Demo', exportedAt: new Date(AT) };

const untitled = envs(
  { type: 'session_opened', endpointId: 'ep1', cwd: '/p', via: 'new' },
  { type: 'prompt_sent', turnId: 't1', prompt: [text('Tidy up   facets.txt, please!')] },
  u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Edit facets.txt', kind: 'edit', status: 'pending' }),
  {
    type: 'permission_requested',
    requestId: 'r1',
    toolCall: { toolCallId: 'c1' },
    options: [
      { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
      { optionId: 'no', name: 'Reject', kind: 'reject_once' },
    ],
  },
  { type: 'permission_resolved', requestId: 'r1', outcome: { outcome: 'selected', optionId: 'once' }, by: 'user' },
  u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
  { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
);
const state = (log: SessionEventEnvelope[]) => reduceAll(initialSessionState('sess-42'), log);

describe('export names and titles', () => {
  it('an untitled session is named after its first prompt, in both exports', () => {
    const s = state(untitled);
    const md = exportMarkdown(s, meta);
    const json = exportJson(s, untitled, meta);
    expect(md.fileName).toBe('tidy-up-facets-txt-please.md');
    expect(json.fileName).toBe('tidy-up-facets-txt-please.json');
    expect(md.content.split('\n')[0]).toBe('# Tidy up facets.txt, please!');
    expect((JSON.parse(json.content) as SessionExportDocument).session.title).toBe('Tidy up facets.txt, please!');
  });

  it("the agent's title wins over the first prompt", () => {
    const log = [
      ...untitled,
      ...envs(u({ sessionUpdate: 'session_info_update', title: 'Facets cleanup' })).map((e) => ({
        ...e,
        seq: 100,
      })),
    ];
    const s = state(log);
    expect(exportMarkdown(s, meta).fileName).toBe('facets-cleanup.md');
    expect((JSON.parse(exportJson(s, log, meta).content) as SessionExportDocument).session.title).toBe(
      'Facets cleanup',
    );
  });

  it('a session with neither falls back to its id', () => {
    const log = envs({ type: 'session_opened', endpointId: 'ep1', cwd: '/p', via: 'new' });
    const s = state(log);
    expect(exportJson(s, log, meta).fileName).toBe('sess-42.json');
    expect((JSON.parse(exportJson(s, log, meta).content) as SessionExportDocument).session.title).toBeNull();
  });

  it('the first prompt is still scrubbed of secrets the redactor holds', () => {
    const log = envs(
      { type: 'session_opened', endpointId: 'ep1', cwd: '/p', via: 'new' },
      { type: 'prompt_sent', turnId: 't1', prompt: [text('use key sk-live-123456789 now')] },
    );
    const redactor = new Redactor([], ['sk-live-123456789']);
    const out = exportJson(state(log), log, { ...meta, redactor });
    expect(out.content).not.toContain('sk-live-123456789');
    expect(out.fileName).not.toMatch(/sk-live|123456789/);
    expect(out.fileName).toMatch(/^use-key-.*now\.json$/);
  });
});

describe('permission decisions in exports', () => {
  it('the Markdown export records "Allowed once: Edit facets.txt", the option, its kind and when', () => {
    const md = exportMarkdown(state(untitled), meta).content;
    expect(md).toContain(
      '> 🛡 Allowed once: Edit facets.txt — option “Allow once” (allow_once) · 2026-12-02T14:09:07.000Z',
    );
  });

  it('the JSON export lists every decision', () => {
    const doc = JSON.parse(exportJson(state(untitled), untitled, meta).content) as SessionExportDocument;
    expect(doc.permissionDecisions).toEqual([
      {
        text: 'Allowed once: Edit facets.txt',
        tool: 'Edit facets.txt',
        outcome: 'selected',
        optionId: 'once',
        optionName: 'Allow once',
        optionKind: 'allow_once',
        by: 'user',
        at: '2026-12-02T14:09:07.000Z',
      },
    ]);
  });
});
