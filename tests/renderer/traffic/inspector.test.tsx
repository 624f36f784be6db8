import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseJsonl } from '../../../src/shared/traffic/jsonl';
import { flush, renderShell } from '../shell-harness';
import { chunk, Recorder, req, res } from '../../unit/traffic/records';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

type Rendered = ReturnType<typeof renderShell>;

async function openInspector(): Promise<Rendered> {
  const rendered = renderShell();
  fireEvent.click(await screen.findByTestId('traffic-open'));
  await waitFor(() => expect(rendered.bridge.fake.traffic.subscriptions.size).toBe(1));
  await flush();
  return rendered;
}

function push(r: Rendered, records: Parameters<Rendered['bridge']['fake']['traffic']['push']>[1], endpointId = 'demo') {
  act(() => {
    r.bridge.fake.traffic.push(endpointId, records);
  });
}

const rows = () => screen.queryAllByTestId('traffic-row');
const rowTexts = () => rows().map((el) => el.textContent ?? '');

/** A prompt turn: initialize, session/prompt out, three chunks, the prompt's answer. */
function turn(): Recorder {
  const rec = new Recorder();
  rec.out(req(1, 'initialize', { protocolVersion: 1 }));
  rec.in(res(1, { protocolVersion: 1 }), 5);
  rec.out(req(2, 'session/prompt', { sessionId: 's1', prompt: [{ type: 'text', text: 'hi' }] }), 10);
  rec.in(chunk('s1', 'Hel'), 10, 'session:s1');
  rec.in(chunk('s1', 'lo'), 10, 'session:s1');
  rec.in(chunk('s1', '!'), 10, 'session:s1');
  rec.in(res(2, { stopReason: 'end_turn' }), 20);
  return rec;
}

describe('traffic inspector', () => {
  it('subscribes to the selected endpoint on open, shows pushed records live, and unsubscribes on close', async () => {
    const r = await openInspector();
    expect(r.bridge.fake.callsTo('traffic:subscribe')).toEqual([{ endpointId: 'demo' }]);
    expect(screen.getByRole('grid', { name: 'Traffic records' })).toBeTruthy();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rowTexts()[0]).toContain('initialize');
    expect(rowTexts()[1]).toContain('response #1');
    // The three chunks are one folded row.
    const fold = rows().find((el) => el.dataset.rowType === 'fold')!;
    expect(fold.textContent).toContain('3 chunks');
    fireEvent.click(within(fold).getByRole('button', { name: 'Expand chunks' }));
    expect(rows()).toHaveLength(8);
    // Latency of the prompt's response, from pairing.
    expect(rows().at(-1)!.textContent).toContain('50 ms');

    fireEvent.click(screen.getByTestId('traffic-close'));
    await flush();
    expect(r.bridge.fake.traffic.subscriptions.size).toBe(0);
    expect(r.bridge.fake.listenerCount('traffic:records')).toBe(0);
  });

  it('loads what the log already holds when it opens', async () => {
    const r = renderShell();
    r.bridge.fake.traffic.push('demo', turn().records);
    fireEvent.click(await screen.findByTestId('traffic-open'));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(r.bridge.fake.callsTo('traffic:window')).toEqual([{ endpointId: 'demo', limit: 5000 }]);
  });

  it('pause holds new records behind an "N new" pill; resume shows them', async () => {
    const r = await openInspector();
    const rec = new Recorder();
    push(r, [rec.out(req(1, 'initialize'))]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByTestId('traffic-pause'));
    expect(screen.getByTestId('traffic-pause').getAttribute('aria-pressed')).toBe('true');
    push(r, [rec.in(res(1)), rec.out(req(2, 'session/new', { cwd: '/w' }))]);
    expect(rows()).toHaveLength(1);
    expect(screen.getByTestId('traffic-new').textContent).toBe('2 new');
    fireEvent.click(screen.getByTestId('traffic-new'));
    expect(rows()).toHaveLength(3);
    expect(screen.queryByTestId('traffic-new')).toBeNull();
  });

  it('runs a query in the core and narrows the table; an unreadable query shows its sentence', async () => {
    const r = await openInspector();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const box = screen.getByTestId('traffic-query');
    fireEvent.change(box, { target: { value: 'method:session/prompt' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(r.bridge.fake.callsTo('traffic:window')).toContainEqual({
      endpointId: 'demo',
      limit: 5000,
      query: 'method:session/prompt',
    });
    expect(rowTexts()[0]).toContain('session/prompt');
    expect(rowTexts()[1]).toContain('response #2');

    fireEvent.change(box, { target: { value: 'method:(' } });
    expect(screen.getByTestId('traffic-query-error').textContent).toMatch(/column/);
    expect(box.getAttribute('aria-invalid')).toBe('true');
  });

  it('offers completions for fields and values', async () => {
    await openInspector();
    const box = screen.getByTestId('traffic-query');
    fireEvent.change(box, { target: { value: 'meth', selectionStart: 4 } });
    const list = screen.getByRole('listbox', { name: 'Query completions' });
    expect(within(list).getAllByRole('option')[0]!.textContent).toContain('method:');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((box as HTMLInputElement).value).toBe('method:');
  });

  it('one-click filters toggle query terms', async () => {
    await openInspector();
    const errors = screen.getAllByTestId('traffic-filter').find((b) => b.dataset.term === 'has:error')!;
    fireEvent.click(errors);
    expect((screen.getByTestId('traffic-query') as HTMLInputElement).value).toBe('has:error');
    expect(errors.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getAllByTestId('traffic-filter').find((b) => b.dataset.term === 'dir:out')!);
    fireEvent.click(screen.getAllByTestId('traffic-filter').find((b) => b.dataset.term === 'dir:in')!);
    expect((screen.getByTestId('traffic-query') as HTMLInputElement).value).toBe('has:error dir:in');
  });

  it('offers the method, lane and session of the selected row as filters', async () => {
    const r = await openInspector();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(rows().at(-1)!);
    const terms = screen.getAllByTestId('traffic-filter').map((b) => b.dataset.term);
    expect(terms).toEqual(['dir:out', 'dir:in', 'has:error', 'method:session/prompt', 'lane:connection']);
    fireEvent.click(rows()[2]!);
    fireEvent.click(screen.getAllByTestId('traffic-filter').find((b) => b.dataset.term === 'session:s1')!);
    expect((screen.getByTestId('traffic-query') as HTMLInputElement).value).toBe('session:s1');
  });

  it('the detail pane shows the JSON and jumps between a request and its response', async () => {
    const r = await openInspector();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(rows().find((el) => el.textContent?.includes('session/prompt'))!);
    const detail = screen.getByTestId('traffic-detail');
    expect(within(detail).getByTestId('traffic-json').textContent).toContain('"session/prompt"');
    expect(within(detail).getByTestId('traffic-pairing').textContent).toMatch(/Answered in 50 ms/);
    fireEvent.click(within(detail).getByRole('button', { name: 'Collapse params' }));
    expect(within(detail).getByTestId('traffic-json').textContent).not.toContain('"hi"');
    fireEvent.click(within(detail).getByRole('button', { name: 'Raw' }));
    expect(within(detail).getByTestId('traffic-raw').textContent).toContain('"prompt"');

    fireEvent.click(within(detail).getByTestId('traffic-jump'));
    const next = screen.getByTestId('traffic-detail');
    expect(next.textContent).toContain('response #2');
    expect(next.textContent).toContain('end_turn');
    fireEvent.click(within(next).getByTestId('traffic-jump'));
    expect(screen.getByTestId('traffic-detail').textContent).toContain('session/prompt');
  });

  it('moves the selection with arrow keys and opens the detail with Enter', async () => {
    const r = await openInspector();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const grid = screen.getByRole('grid', { name: 'Traffic records' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const active = grid.getAttribute('aria-activedescendant')!;
    expect(document.getElementById(active)!.textContent).toContain('response #1');
    expect(screen.queryByTestId('traffic-detail')).toBeNull();
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(screen.getByTestId('traffic-detail').textContent).toContain('response #1');
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(screen.queryByTestId('traffic-detail')).toBeNull();
  });

  it('exports the log as JSONL (and HAR) through a download', async () => {
    const r = await openInspector();
    const records = turn().records;
    push(r, records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:traffic';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    fireEvent.click(screen.getByTestId('traffic-export-jsonl'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(r.bridge.fake.callsTo('traffic:export')).toEqual([{ endpointId: 'demo', format: 'jsonl' }]);
    const parsed = parseJsonl(await blobs[0]!.text());
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toEqual(records);
    expect(screen.getByTestId('traffic-export-note').textContent).toBe('Exported 7 records as JSONL.');

    fireEvent.click(screen.getByTestId('traffic-export-har'));
    await waitFor(() => expect(blobs).toHaveLength(2));
    expect(JSON.parse(await blobs[1]!.text()).log.version).toBe('1.2');
  });

  it("exports the rows shown (a query's answer) as JSONL", async () => {
    const r = await openInspector();
    const records = turn().records;
    push(r, records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.change(screen.getByTestId('traffic-query'), { target: { value: 'method:initialize' } });
    fireEvent.keyDown(screen.getByTestId('traffic-query'), { key: 'Escape' });
    fireEvent.keyDown(screen.getByTestId('traffic-query'), { key: 'Enter' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:view';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    fireEvent.click(screen.getByTestId('traffic-export-view'));
    expect(parseJsonl(await blobs[0]!.text()).records).toEqual(records.slice(0, 2));
  });

  it('clears the log', async () => {
    const r = await openInspector();
    push(r, turn().records);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getByTestId('traffic-clear'));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(r.bridge.fake.callsTo('traffic:clear')).toEqual([{ endpointId: 'demo' }]);
  });

  it('"All connections" subscribes to every endpoint and shows records of each', async () => {
    const r = await openInspector();
    fireEvent.change(screen.getByTestId('traffic-target'), { target: { value: 'all' } });
    await waitFor(() => expect(r.bridge.fake.callsTo('traffic:subscribe')).toContainEqual({ endpointId: 'all' }));
    await flush();
    expect(r.bridge.fake.traffic.subscriptions.size).toBe(1);
    push(r, [new Recorder().out(req(1, 'initialize'))], 'demo');
    push(r, [new Recorder().out(req(1, 'session/list'))], 'staging');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('traffic-export-jsonl').hasAttribute('disabled')).toBe(true);
  });
});
