/**
 * The traffic table's incremental model: fed the live tail's lists (new entries at the end,
 * the oldest dropped at the cap), it shows exactly the rows a fresh build of the same list
 * shows, reusing the work done for entries it already saw.
 */
import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../src/shared/ipc/contract';
import { buildModel, TrafficModelBuilder } from '../../../src/renderer/features/traffic/model-builder';
import { expandRows, type TrafficModel } from '../../../src/renderer/features/traffic/traffic-rows';
import { chunk, err, Recorder, req, res } from '../../unit/traffic/records';

/** A deterministic mixed stream: prompts, chunk runs of two sessions, thoughts, requests both ways, errors. */
function stream(n: number): TrafficEntry[] {
  const rec = new Recorder();
  const out: TrafficEntry[] = [];
  let id = 0;
  let x = 7;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (out.length < n) {
    const p = rand();
    let r;
    if (p < 0.05) r = rec.out(req(++id, 'session/prompt', { sessionId: 's1', prompt: [] }), 3);
    else if (p < 0.1) r = rec.in(res(Math.max(1, id - Math.floor(rand() * 3))), 2);
    else if (p < 0.13) r = rec.in(err(id), 2);
    else if (p < 0.16) r = rec.in(req(`a${++id}`, 'session/request_permission', { sessionId: 's1' }), 1);
    else if (p < 0.19) r = rec.out(res(`a${id}`, { outcome: { outcome: 'cancelled' } }), 1);
    else if (p < 0.6) r = rec.in(chunk('s1', 'hello '), 1);
    else if (p < 0.8) r = rec.in(chunk('s2', 'other '), 1);
    else r = rec.in(chunk('s1', 'hmm ', 'agent_thought_chunk'), 1);
    out.push({ logSeq: out.length + 1, endpointId: 'e1', record: r });
  }
  return out;
}

/** What a person sees: each row's key, type and every column, in order. */
const view = (m: TrafficModel, expanded: ReadonlySet<string> = new Set()) =>
  expandRows(m, expanded).map((r) => ({ key: r.key, type: r.type, error: r.error, ...r.cols }));

describe('TrafficModelBuilder', () => {
  it('appending batch by batch gives the rows of a fresh build of the same list', () => {
    const all = stream(600);
    const b = new TrafficModelBuilder();
    for (let end = 0; end < all.length;) {
      end += 1 + (end % 13);
      const list = all.slice(0, end);
      const m = b.update(list);
      expect(view(m)).toEqual(view(buildModel(list)));
    }
    const full = b.update(all);
    expect(full.known).toEqual(buildModel(all).known);
    const folds = new Set(full.rows.filter((r) => r.type === 'fold').map((r) => r.key));
    expect(folds.size).toBeGreaterThan(10);
    expect(view(full, folds)).toEqual(view(buildModel(all), folds));
  });

  it('at the cap, dropping the oldest entries, it shows exactly the entries held', () => {
    const all = stream(3000);
    const cap = 400;
    const b = new TrafficModelBuilder();
    let list: TrafficEntry[] = [];
    for (let i = 0; i < all.length;) {
      const step = 1 + (i % 17);
      list = [...list, ...all.slice(i, i + step)].slice(-cap);
      i += step;
      const m = b.update(list);
      const fresh = buildModel(list);
      // The rows a fresh build shows, but for what the dropped entries still tell: a response
      // whose request was dropped keeps its latency (and a request its failed answer), a record
      // whose turn's prompt was dropped its time since that prompt.
      const strip = (v: ReturnType<typeof view>) => v.map(({ latency: _l, error: _e, rel: _r, ...rest }) => rest);
      expect(strip(view(m))).toEqual(strip(view(fresh)));
    }
  });

  it('a request row turns into an error when its answer fails, in the same model update', () => {
    const rec = new Recorder();
    const e = (r: ReturnType<Recorder['in']>, logSeq: number): TrafficEntry => ({
      logSeq,
      endpointId: 'e1',
      record: r,
    });
    const a = e(rec.out(req(1, 'session/new')), 1);
    const b = new TrafficModelBuilder();
    expect(b.update([a]).rows[0]!.error).toBe(false);
    const m = b.update([a, e(rec.in(err(1)), 2)]);
    expect(m.rows.map((r) => [r.cols.what, r.error])).toEqual([
      ['session/new', true],
      ['response #1', true],
    ]);
    expect(m.partnerOf(m.rows[0]!.key)).toBe(m.rows[1]!.key);
  });

  it('the same list gives the same model; any other list is built afresh', () => {
    const all = stream(200);
    const b = new TrafficModelBuilder();
    const m = b.update(all);
    expect(b.update(all)).toBe(m);
    const query = all.filter((_, i) => i % 3 === 0);
    expect(view(b.update(query))).toEqual(view(buildModel(query)));
    expect(view(b.update([]))).toEqual([]);
    expect(view(b.update(all))).toEqual(view(buildModel(all)));
  });
});
