import { describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import {
  exportFileName,
  exportJson,
  exportMarkdown,
  scrubCredentials,
  type SessionExportDocument,
} from '../../../src/core/persistence/export';
import { unifiedDiff } from '../../../src/shared/util/line-diff';

const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });

function envs(...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId: 'sess-42', seq: i + 1, at: 1_000 + i * 500, event }));
}

const log = envs(
  { type: 'session_opened', endpointId: 'ep1', cwd: '/home/me/proj', via: 'new' },
  u({ sessionUpdate: 'session_info_update', title: 'Fix the parser' }),
  { type: 'prompt_sent', turnId: 't1', prompt: [text('Please fix the parser bug')] },
  u({ sessionUpdate: 'agent_thought_chunk', content: text('Looking at parser.ts first') }),
  u({ sessionUpdate: 'agent_message_chunk', content: text('I will edit **parser.ts**.') }),
  u({
    sessionUpdate: 'tool_call',
    toolCallId: 'c1',
    title: 'Edit parser.ts',
    kind: 'edit',
    status: 'pending',
    locations: [{ path: '/home/me/proj/src/parser.ts', line: 12 }],
    content: [{ type: 'diff', path: '/home/me/proj/src/parser.ts', oldText: 'a\nb\nc\n', newText: 'a\nB\nc\n' }],
  }),
  u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
  u({
    sessionUpdate: 'tool_call',
    toolCallId: 'c2',
    title: 'Run tests',
    kind: 'execute',
    status: 'completed',
    content: [{ type: 'content', content: text('12 passed\n```not a fence end') }],
  }),
  u({
    sessionUpdate: 'plan',
    entries: [
      { content: 'Find the bug', priority: 'high', status: 'completed' },
      { content: 'Write a test', priority: 'medium', status: 'in_progress' },
      { content: 'Ship it', priority: 'low', status: 'pending' },
    ],
  }),
  {
    type: 'transport',
    event: {
      type: 'gap',
      lane: 'post',
      droppedAt: 3_000,
      durationMs: 2_000,
      reason: 'reset',
      inFlight: [],
      mayHaveLost: '',
    },
  },
  { type: 'error', message: 'POST https://bob:hunter2@agent.example.com/acp failed' },
  u({ sessionUpdate: 'agent_message_chunk', content: text('Done. (Authorization: Bearer sk-abcdef1234567890)') }),
  { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
);
const state = reduceAll(initialSessionState('sess-42'), log);
const meta = { endpointName: 'Work agent', exportedAt: new Date('2025-01-02T03:04:05Z') };

describe('exportMarkdown', () => {
  const md = exportMarkdown(state, meta);

  it('has a file name, mime type, title and metadata list', () => {
    expect(md.fileName).toBe('fix-the-parser.md');
    expect(md.mimeType).toBe('text/markdown');
    expect(md.content.startsWith('# Fix the parser\n\n')).toBe(true);
    expect(md.content).toContain(
      '- **Endpoint:** Work agent\n- **Session:** `sess-42`\n- **Working directory:** `/home/me/proj`\n- **Exported:** 2025-01-02T03:04:05.000Z',
    );
  });

  it('renders the conversation in order', () => {
    const order = [
      '## You',
      'Please fix the parser bug',
      '## Agent',
      '<details><summary>Thought</summary>',
      'Looking at parser.ts first',
      'I will edit **parser.ts**.',
      '### Tool: Edit parser.ts (edit, completed)',
      '- `/home/me/proj/src/parser.ts:12`',
      '### Tool: Run tests (execute, completed)',
      '> ⚠ Stream dropped for 2.0 s, reconnected.',
      '> ⚠ POST',
      'Done.',
      '*Turn ended: end\\_turn · 5.0 s*',
      '## Plan',
    ];
    const positions = order.map((s) => md.content.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md.content.match(/^## Agent$/gm)).toHaveLength(1);
  });

  it('renders diffs as a diff block and command output as fenced text that cannot be escaped', () => {
    expect(md.content).toContain(
      '```diff\n--- /home/me/proj/src/parser.ts\n+++ /home/me/proj/src/parser.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n```',
    );
    expect(md.content).toContain('````text\n12 passed\n```not a fence end\n````');
  });

  it('renders the plan as a checklist', () => {
    expect(md.content).toContain('## Plan\n\n- [x] Find the bug\n- [ ] Write a test *(in progress)*\n- [ ] Ship it\n');
  });

  it('contains no secrets: no credentials in URLs, no tokens, nothing from endpoint settings', () => {
    expect(md.content).not.toContain('hunter2');
    expect(md.content).not.toContain('sk-abcdef1234567890');
    expect(md.content).toContain('https://[redacted]@agent.example.com/acp');
    expect(md.content).toContain('Bearer [redacted]');
    expect(md.content).not.toMatch(/x-api-key|cookie/i);
  });

  it('falls back to the session id for the title and file name', () => {
    const bare = reduceAll(initialSessionState('abc/../DEF'), []);
    const out = exportMarkdown(bare, meta);
    expect(out.content.startsWith('# Session abc/../DEF\n')).toBe(true);
    expect(out.fileName).toBe('abc-def.md');
    expect(exportFileName({ sessionId: '🙂', title: '🙂' }, 'json')).toBe('session.json');
    expect(exportFileName({ sessionId: 's', title: 'Crème brûlée: ça va?' }, 'md')).toBe('creme-brulee-ca-va.md');
  });
});

describe('exportMarkdown: other content', () => {
  it('renders links, terminals, notices and failed turns', () => {
    const other = reduceAll(
      initialSessionState('s'),
      envs(
        {
          type: 'prompt_sent',
          turnId: 't',
          prompt: [text('See '), { type: 'resource_link', name: 'spec', uri: 'file:///spec.md' }],
        },
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'k',
          title: 'npm test',
          kind: 'execute',
          status: 'in_progress',
          content: [{ type: 'terminal', terminalId: 'term-1' }],
        }),
        u({ sessionUpdate: 'tool_call_update', toolCallId: 'k', status: 'failed', rawOutput: { stdout: '1 failed' } }),
        u({ sessionUpdate: 'notice', title: 'Heads up', severity: 'info' }),
        { type: 'turn_ended', turnId: 't', error: { message: 'agent crashed *badly*' } },
      ),
    );
    const { content } = exportMarkdown(other, meta);
    expect(content).toContain('## You\n\nSee [spec](file:///spec.md)');
    expect(content).toContain('### Tool: npm test (execute, failed)\n\nTerminal `term-1`\n\n```text\n1 failed\n```');
    expect(content).toContain('> ℹ Heads up');
    expect(content).toContain('*Turn failed: agent crashed \\*badly\\* · 2.0 s*');
    expect(content).not.toContain('## Plan');
  });
});

describe('exportJson', () => {
  it('is pretty-printed, parses back and carries every envelope', () => {
    const out = exportJson(state, log, meta);
    expect(out.fileName).toBe('fix-the-parser.json');
    expect(out.mimeType).toBe('application/json');
    expect(out.content).toContain('\n  "format": "acp-desk-session"');
    const doc = JSON.parse(out.content) as SessionExportDocument;
    expect(doc).toMatchObject({
      format: 'acp-desk-session',
      version: 1,
      session: { sessionId: 'sess-42', endpointName: 'Work agent', title: 'Fix the parser', cwd: '/home/me/proj' },
      exportedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(doc.events).toHaveLength(log.length);
    expect(doc.events.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    expect(doc.events[5]).toEqual(log[5]);
    expect(out.content).not.toContain('hunter2');
    expect(reduceAll(initialSessionState('sess-42'), doc.events).entryIds).toEqual(state.entryIds);
  });
});

describe('unifiedDiff and scrubCredentials', () => {
  it('diffs lines with context and hunks', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const changed = old.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    expect(unifiedDiff(old, changed)).toEqual([
      '@@ -1,5 +1,5 @@',
      ' line 1',
      '-line 2',
      '+line two',
      ' line 3',
      ' line 4',
      ' line 5',
      '@@ -15,6 +15,5 @@',
      ' line 15',
      ' line 16',
      ' line 17',
      '-line 18',
      ' line 19',
      ' line 20',
    ]);
    expect(unifiedDiff('same\n', 'same\n')).toEqual([]);
  });

  it('treats a missing old text as a new file and falls back to -old/+new for huge inputs', () => {
    expect(unifiedDiff(null, 'x\ny\n')).toEqual(['@@ -0,0 +1,2 @@', '+x', '+y']);
    const big = (tag: string) => Array.from({ length: 1_500 }, (_, i) => `${tag}${i}`).join('\n');
    const lines = unifiedDiff(big('a'), big('b'));
    expect(lines.filter((l) => l.startsWith('-'))).toHaveLength(1_500);
    expect(lines.indexOf('+b0')).toBe(1_501);
  });

  it('masks URL credentials and bearer tokens but leaves ordinary text alone', () => {
    expect(scrubCredentials('git clone ssh://git@github.com/x and wss://u:p@h/x')).toBe(
      'git clone ssh://git@github.com/x and wss://[redacted]@h/x',
    );
    expect(scrubCredentials('Bearer abcdefgh12345')).toBe('Bearer [redacted]');
    expect(scrubCredentials('a bearer of news')).toBe('a bearer of news');
  });
});
