import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionEventEnvelope, SessionState } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll, reduceSession } from '../../../src/shared/session/reducer';
import { entryText } from '../../../src/shared/session/timeline';

/** Event logs recorded from real turns (tests/fixtures/record.ts), replayed through the reducer. */
function fixture(name: string): SessionEventEnvelope[] {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as SessionEventEnvelope[];
}
const kinds = (s: SessionState) => s.entryIds.map((id) => s.entries[id]!.kind);

describe('replaying the recorded demo-agent turns', () => {
  const log = fixture('demo-agent-turns.json');
  const s = reduceAll(initialSessionState('fixture-session'), log);

  it('ends idle after three turns, the last stop reasons recorded', () => {
    expect(s.turn.status).toBe('idle');
    expect(s.entryIds.filter((id) => s.entries[id]!.kind === 'turn_end')).toHaveLength(3);
    expect(s.lastSeq).toBe(log.at(-1)!.seq);
  });

  it('has the session metadata: modes, model option, commands, title, usage', () => {
    expect(s.modes?.availableModes.map((m) => m.id)).toHaveLength(2);
    expect(s.configOptions.map((o) => o.id)).toContain('model');
    expect(s.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['help', 'long', 'fail', 'stream', 'echo']));
    expect(s.title).toBeTruthy();
    expect(s.usage?.size).toBeGreaterThan(0);
  });

  it('folds tool calls by id: the allowed edit completed with its diff, the rejected one failed', () => {
    const calls = Object.values(s.toolCalls);
    const edits = calls.filter((c) => c.kind === 'edit');
    expect(edits.map((e) => e.status)).toEqual(['completed', 'failed']);
    expect(edits[0]!.content.some((c) => c.type === 'diff')).toBe(true);
    expect(calls.every((c) => c.status !== 'pending' && c.status !== 'in_progress')).toBe(true);
    expect(s.permissions).toEqual({});
  });

  it('keeps one entry per tool call and merges streamed text into messages', () => {
    const toolEntries = s.entryIds.filter((id) => s.entries[id]!.kind === 'tool_call');
    expect(toolEntries).toHaveLength(Object.keys(s.toolCalls).length);
    const agent = s.entryIds.map((id) => s.entries[id]!).filter((e) => e.kind === 'agent');
    expect(agent.length).toBeLessThan(
      log.filter((e) => e.event.type === 'update' && e.event.update.sessionUpdate === 'agent_message_chunk').length,
    );
    expect(agent.some((e) => entryText(e).includes('|'))).toBe(true); // the Markdown table
  });

  it('the plan ends fully completed', () => {
    expect(s.plan?.every((p) => p.status === 'completed')).toBe(true);
  });

  it('is the same folded one envelope at a time or all at once, and a re-delivered batch changes nothing', () => {
    let one = initialSessionState('fixture-session');
    for (const e of log) one = reduceSession(one, e);
    expect(one).toEqual(s);
    expect(reduceAll(s, log.slice(10, 40))).toBe(s);
  });
});

describe('replaying the recorded SDK-server turns', () => {
  const s = reduceAll(initialSessionState('fixture-session'), fixture('sdk-server-turns.json'));
  it('streams, asks for permission, and keeps the unknown update kind out of the timeline', () => {
    expect(kinds(s)).toEqual([
      'user',
      'agent',
      'turn_end',
      'user',
      'tool_call',
      'permission',
      'turn_end',
      'user',
      'agent',
      'turn_end',
    ]);
    expect(s.toolCalls.call_1?.status).toBe('completed');
    expect(s.unknownUpdates).toBe(1);
  });
});
