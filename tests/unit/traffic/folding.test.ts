import { describe, expect, it } from 'vitest';
import { foldLabel, foldRecords, foldText, TrafficFolder, type FoldRow } from '../../../src/shared/traffic/folding';
import { chunk, Recorder, req, res } from './records';

describe('TrafficFolder', () => {
  it('folds a run of agent_message_chunk of one session into one row with count, bytes and duration', () => {
    const r = new Recorder();
    r.out(req(1, 'session/prompt', { sessionId: 's1' }));
    for (let i = 0; i < 214; i++) r.in(chunk('s1', 'abcdefghijklm'), 11, 'session:s1');
    r.in(res(1, { stopReason: 'end_turn' }), 5, 'session:s1');
    const rows = foldRecords(r.records);
    expect(rows.map((x) => x.type)).toEqual(['record', 'fold', 'record']);
    const fold = rows[1] as FoldRow;
    expect(fold.records).toHaveLength(214);
    expect(fold.firstSeq).toBe(2);
    expect(fold.lastSeq).toBe(215);
    const one = r.records[1]!;
    expect(fold.bytes).toBe(214 * (one.kind === 'message' ? one.size : NaN));
    expect(fold.endAt - fold.startAt).toBe(213 * 11);
    expect(foldLabel(fold)).toMatch(/^214 chunks · \d+\.\d kB · 2\.3 s$/);
    expect(foldText(fold)).toBe('abcdefghijklm'.repeat(214));
    expect(rows.map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it('keeps sessions and message/thought kinds apart; any other record ends the run', () => {
    const r = new Recorder();
    r.in(chunk('a', 'x'), 0, 'session:a');
    r.in(chunk('a', 'x'), 0, 'session:a');
    r.in(chunk('b', 'y'), 0, 'session:b');
    r.in(chunk('b', 'y'), 0, 'session:b');
    r.in(chunk('b', 't', 'agent_thought_chunk'), 0, 'session:b');
    r.in(chunk('b', 't', 'agent_thought_chunk'), 0, 'session:b');
    r.add({ kind: 'stream', lane: 'session:b', phase: 'open' });
    r.in(chunk('b', 't', 'agent_thought_chunk'), 0, 'session:b');
    r.in(chunk('b', 't', 'agent_thought_chunk'), 0, 'session:b');
    const rows = foldRecords(r.records);
    expect(
      rows.map((x) => (x.type === 'fold' ? `${x.sessionId}:${x.updateKind}:${x.records.length}` : x.type)),
    ).toEqual([
      'a:agent_message_chunk:2',
      'b:agent_message_chunk:2',
      'b:agent_thought_chunk:2',
      'record',
      'b:agent_thought_chunk:2',
    ]);
    expect(foldLabel(rows[2] as FoldRow)).toMatch(/^2 thought chunks · /);
  });

  it('a lone chunk stays a plain row; other updates (tool_call) never fold', () => {
    const r = new Recorder();
    r.in(chunk('a', 'x'), 0, 'session:a');
    r.in(chunk('a', 'x', 'tool_call'), 0, 'session:a');
    r.in(chunk('a', 'x', 'tool_call'), 0, 'session:a');
    expect(foldRecords(r.records).map((x) => x.type)).toEqual(['record', 'record', 'record']);
  });

  it('reports incremental updates: append, replace (run reached minRun), extend', () => {
    const r = new Recorder();
    const f = new TrafficFolder();
    const a = r.in(chunk('a', 'x'), 0, 'session:a');
    expect(f.add(a)).toEqual([{ type: 'append', row: { type: 'record', index: 0, record: a } }]);
    const b = r.in(chunk('a', 'x'), 0, 'session:a');
    expect(f.add(b)).toEqual([{ type: 'replace', from: 0, row: expect.objectContaining({ type: 'fold', index: 0 }) }]);
    const c = r.in(chunk('a', 'x'), 0, 'session:a');
    expect(f.add(c)).toEqual([{ type: 'extend', row: expect.objectContaining({ lastSeq: c.seq }) }]);
    expect(f.rows).toHaveLength(1);
    const one = new TrafficFolder({ minRun: 1 });
    expect(one.add(a)[0]).toMatchObject({ type: 'append', row: { type: 'fold' } });
    f.clear();
    expect(f.rows).toHaveLength(0);
  });
});
