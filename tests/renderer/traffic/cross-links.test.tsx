import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { ok } from '../../../src/shared/util/result';
import { resetFramesRequest } from '../../../src/renderer/features/traffic/frames-request';
import { flush, NOW, renderShell, summary } from '../shell-harness';
import { chunk, Recorder, req, res } from '../../unit/traffic/records';

const SID = 's-link';
const u = (update: Record<string, unknown>): SessionEvent => ({ type: 'update', update }) as SessionEvent;

/** Two turns in the chat: the second has a tool call, a thought and an answer. */
function snapshot() {
  const events: SessionEvent[] = [
    { type: 'session_opened', endpointId: 'demo', cwd: '/work/demo', via: 'new' },
    { type: 'prompt_sent', turnId: 't1', prompt: [{ type: 'text', text: 'first' }] },
    u({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'First answer' } }),
    { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
    { type: 'prompt_sent', turnId: 't2', prompt: [{ type: 'text', text: 'read it' }] },
    u({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'Pondering' } }),
    u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read notes.md', kind: 'read', status: 'pending' }),
    u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
    u({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Second answer' } }),
    { type: 'turn_ended', turnId: 't2', stopReason: 'end_turn' },
  ];
  const state = reduceAll(
    initialSessionState(SID),
    events.map((event, i) => ({ sessionId: SID, seq: i + 1, at: NOW + i, event })),
  );
  return { state, lastSeq: events.length };
}

const update = (u: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  method: 'session/update',
  params: { sessionId: SID, update: u },
});

/** The same two turns on the wire. */
function wire() {
  const r = new Recorder();
  const lane = `session:${SID}`;
  r.out(req(1, 'session/prompt', { sessionId: SID, prompt: [{ type: 'text', text: 'first' }] }), 10);
  const firstAnswer = r.in(chunk(SID, 'First answer'), 10, lane);
  r.in(res(1, { stopReason: 'end_turn' }), 10);
  r.out(req(2, 'session/prompt', { sessionId: SID, prompt: [{ type: 'text', text: 'read it' }] }), 1000);
  const thought = r.in(chunk(SID, 'Pondering', 'agent_thought_chunk'), 10, lane);
  const start = r.in(update({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read notes.md' }), 10, lane);
  const perm = r.in(
    req('p1', 'session/request_permission', { sessionId: SID, toolCall: { toolCallId: 'c1' }, options: [] }),
    10,
    lane,
  );
  const answer = r.out(res('p1', { outcome: { outcome: 'selected', optionId: 'allow' } }), 10);
  const done = r.in(update({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }), 10, lane);
  const secondAnswer = r.in(chunk(SID, 'Second answer'), 10, lane);
  r.in(res(2, { stopReason: 'end_turn' }), 10);
  return { records: r.records, firstAnswer, thought, start, perm, answer, done, secondAnswer };
}

async function renderLinked() {
  const rendered = renderShell({
    summaries: [summary({ sessionId: SID, title: 'Linked session', live: true })],
    handlers: { 'sessions:open': () => ok(snapshot()) },
  });
  const w = wire();
  rendered.bridge.fake.traffic.push('demo', w.records);
  await act(() => rendered.store.sessions.openSession(SID));
  await screen.findByTestId('tool-call');
  return { ...rendered, wire: w };
}

const rows = () => screen.queryAllByTestId('traffic-row');
const linkedRows = () => rows().filter((el) => el.dataset.linked === 'true');
const lastQuery = (r: Awaited<ReturnType<typeof renderLinked>>) =>
  r.bridge.fake.callsTo('traffic:window').at(-1) as { query?: string; from?: number; to?: number };

beforeEach(() => resetFramesRequest());
afterEach(() => cleanup());

describe('cross-links: chat item → its frames', () => {
  it('"Show frames" on a tool call card opens the inspector on its frames, highlighted', async () => {
    const r = await renderLinked();
    const card = screen.getByTestId('tool-call');
    fireEvent.click(within(card).getByRole('button', { name: 'Show the frames of this tool call' }));
    const banner = await screen.findByTestId('traffic-link', {}, { timeout: 15_000 });
    expect(banner.textContent).toContain('Showing the frames of this tool call.');
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(lastQuery(r).query).toBe(`session:${SID} toolcall:c1`);
    // Its updates, the permission request and the person's answer, all highlighted.
    expect(linkedRows().map((el) => el.dataset.key)).toEqual(
      [r.wire.start, r.wire.perm, r.wire.answer, r.wire.done].map((x) => `demo#${x.seq}`),
    );
    expect((screen.getByTestId('traffic-query') as HTMLInputElement).value).toBe(`session:${SID} toolcall:c1`);

    fireEvent.click(within(banner).getByRole('button', { name: 'Show all traffic' }));
    await waitFor(() => expect(rows().length).toBeGreaterThan(4));
    expect(linkedRows()).toHaveLength(0);
    expect(screen.queryByTestId('traffic-link')).toBeNull();
  });

  it('a message shows the chunks of its own turn (from its prompt to the answer)', async () => {
    const r = await renderLinked();
    const [first, second] = screen.getAllByTestId('entry-agent');
    fireEvent.click(within(second!.parentElement!).getByRole('button', { name: 'Show the frames of this message' }));
    await screen.findByTestId('traffic-link');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.dataset.key).toBe(`demo#${r.wire.secondAnswer.seq}`);
    expect(rows()[0]!.dataset.linked).toBe('true');

    fireEvent.click(within(first!.parentElement!).getByRole('button', { name: 'Show the frames of this message' }));
    await waitFor(() => expect(rows()[0]?.dataset.key).toBe(`demo#${r.wire.firstAnswer.seq}`));
    expect(rows()).toHaveLength(1);
    expect(lastQuery(r).query).toBe(`session:${SID} kind:agent_message_chunk`);
  });

  it('a thought shows its thought chunks', async () => {
    const r = await renderLinked();
    const thought = screen.getByTestId('entry-thought');
    fireEvent.click(within(thought.parentElement!).getByRole('button', { name: 'Show the frames of this thought' }));
    await waitFor(() => expect(rows().map((el) => el.dataset.key)).toEqual([`demo#${r.wire.thought.seq}`]));
  });
});

describe('cross-links: frame → its chat item', () => {
  async function openRow(key: string) {
    fireEvent.click(await screen.findByTestId('traffic-open'));
    const row = await waitFor(() => {
      const el = rows().find((x) => x.dataset.key === key);
      if (!el) throw new Error(`no row ${key}`);
      return el;
    });
    fireEvent.click(row);
    return screen.findByTestId('traffic-detail');
  }

  const focusedRow = () => document.querySelector<HTMLElement>('[data-focused="true"]');

  it('"Show in chat" on a tool call frame (or its permission answer) highlights the card', async () => {
    const r = await renderLinked();
    const detail = await openRow(`demo#${r.wire.answer.seq}`);
    fireEvent.click(within(detail).getByTestId('traffic-show-in-chat'));
    await waitFor(() => expect(focusedRow()?.querySelector('[data-testid="tool-call"]')).toBeTruthy());
  });

  it('"Show in chat" on a chunk highlights the message of its turn', async () => {
    const r = await renderLinked();
    // Chunk runs fold; unfolded here because each message is a single chunk.
    const detail = await openRow(`demo#${r.wire.firstAnswer.seq}`);
    fireEvent.click(within(detail).getByTestId('traffic-show-in-chat'));
    await waitFor(() => expect(focusedRow()?.textContent).toContain('First answer'));
  });

  it('a record that built no chat item offers no link', async () => {
    const r = await renderLinked();
    const rec = new Recorder(NOW + 10_000);
    act(() => r.bridge.fake.traffic.push('demo', [rec.out(req(9, 'initialize', { protocolVersion: 1 }))]));
    const key = `demo#${r.wire.records.length + 1}`;
    const detail = await openRow(key);
    expect(within(detail).queryByTestId('traffic-show-in-chat')).toBeNull();
    await flush();
  });
});
