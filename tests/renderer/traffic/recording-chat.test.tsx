/**
 * A recording's read-only chat with a fake bridge: opening a recording shows its conversation
 * rebuilt from the wire (no composer, the banner says read-only), and the time scrubber shows
 * the chat and the inspector as they were at the scrubbed moment.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { loadRecordings, resetRecordings } from '../../../src/renderer/features/traffic/recordings';
import { resetRecordedChats } from '../../../src/renderer/features/recording/load-recording';
import {
  resetRecordingView,
  showRecordingChat,
  useScrub,
} from '../../../src/renderer/features/recording/recording-view';
import { keyTarget, Scrubber } from '../../../src/renderer/features/recording/Scrubber';
import { flush, renderShell } from '../shell-harness';
import { chunk, Recorder, req, res } from '../../unit/traffic/records';

afterEach(() => {
  cleanup();
  resetRecordings();
  resetRecordingView();
  resetRecordedChats();
  vi.useRealTimers();
});

const SID = 'rec-session';
const LANE = `session:${SID}`;

/** new session → prompt → thought → tool call asking permission → allowed → answer → end, 100 ms apart. */
function turnRecording(): { text: string; at: (i: number) => number; records: number } {
  const r = new Recorder(1_700_000_000_000);
  r.out(req(1, 'session/new', { cwd: '/work/demo', mcpServers: [] }));
  r.in(res(1, { sessionId: SID }), 100);
  r.out(req(2, 'session/prompt', { sessionId: SID, prompt: [{ type: 'text', text: 'Explain the module' }] }), 100);
  r.in(chunk(SID, 'Reading it first.', 'agent_thought_chunk'), 100, LANE);
  r.in(
    {
      jsonrpc: '2.0',
      method: 'session/update',
      params: {
        sessionId: SID,
        update: { sessionUpdate: 'tool_call', toolCallId: 'edit-1', title: 'Edit greeting.ts', kind: 'edit' },
      },
    },
    100,
    LANE,
  );
  r.in(
    req(0, 'session/request_permission', {
      sessionId: SID,
      toolCall: { toolCallId: 'edit-1' },
      options: [{ optionId: 'allow', name: 'Allow once', kind: 'allow_once' }],
    }),
    100,
    LANE,
  );
  r.out(res(0, { outcome: { outcome: 'selected', optionId: 'allow' } }), 100);
  r.in(
    {
      jsonrpc: '2.0',
      method: 'session/update',
      params: {
        sessionId: SID,
        update: { sessionUpdate: 'tool_call_update', toolCallId: 'edit-1', status: 'completed' },
      },
    },
    100,
    LANE,
  );
  r.in(chunk(SID, 'The module greets.'), 100, LANE);
  r.in(res(2, { stopReason: 'end_turn' }), 100);
  return { text: serializeJsonl(r.records), at: (i) => r.records[i]!.at, records: r.records.length };
}

async function openRecordingFile(name = 'turn.jsonl') {
  const rendered = renderShell();
  fireEvent.click(await screen.findByTestId('traffic-open'));
  await screen.findByTestId('traffic-inspector', {}, { timeout: 15_000 });
  await flush();
  const rec = turnRecording();
  const file = new File([rec.text], name, { type: 'application/x-ndjson' });
  fireEvent.change(screen.getByTestId('traffic-open-recording-file'), { target: { files: [file] } });
  await screen.findByTestId('recording-scrubber');
  return { ...rendered, rec, chat: screen.getByTestId('recording-chat') };
}

const range = () => screen.getByTestId('recording-scrubber-range') as HTMLInputElement;
const kinds = () =>
  within(screen.getByTestId('recording-chat'))
    .queryAllByTestId(/^(entry-user|entry-agent|tool-call|turn-end)$/)
    .map((e) => e.dataset.testid);

describe('a recording as a read-only chat', () => {
  it('opening a recording shows its conversation, read-only, under the banner', async () => {
    const { chat } = await openRecordingFile();
    expect(within(chat).getByTestId('recording-banner').textContent).toContain('Recording · turn.jsonl · read-only');
    await waitFor(() => expect(kinds()).toEqual(['entry-user', 'tool-call', 'entry-agent', 'turn-end']));
    expect(within(chat).getByTestId('entry-user').textContent).toContain('Explain the module');
    expect(within(chat).getByTestId('entry-agent').textContent).toContain('The module greets.');
    // The permission decision shows in its card, as live; there is no composer and nothing to answer.
    expect(within(chat).getByTestId('permission-decision').textContent).toContain('Allowed once: Edit greeting.ts');
    expect(screen.queryByTestId('composer-input')).toBeNull();
    expect(within(chat).queryByTestId('permission-prompt')).toBeNull();
    expect(within(chat).getByTestId('recording-count').textContent).toBe('10 of 10 events');
  });

  it('the scrubber steps through the events with the keyboard and shows the chat as it was then', async () => {
    const { rec } = await openRecordingFile();
    await waitFor(() => expect(kinds()).toHaveLength(4));
    fireEvent.keyDown(range(), { key: 'Home' });
    await waitFor(() => expect(kinds()).toEqual([]));
    expect(screen.getByTestId('recording-nothing-yet')).toBeTruthy();
    expect(screen.getByTestId('recording-time').textContent).toMatch(/^0\.000 s of 0\.900 s · /);

    // → to the next event: the session is created (no entry), then the prompt.
    fireEvent.keyDown(range(), { key: 'ArrowRight' });
    fireEvent.keyDown(range(), { key: 'ArrowRight' });
    await waitFor(() => expect(kinds()).toEqual(['entry-user']));
    expect(screen.getByTestId('recording-time').textContent).toMatch(/^0\.200 s of 0\.900 s/);
    expect(range().value).toBe(String(rec.at(2) - rec.at(0)));

    // At the permission request the card waits for it (and offers no buttons).
    for (let i = 0; i < 3; i++) fireEvent.keyDown(range(), { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByTestId('tool-status').textContent).toContain('Needs permission'));
    expect(screen.queryByTestId('permission-prompt')).toBeNull();
    fireEvent.keyDown(range(), { key: 'ArrowLeft' });
    await waitFor(() => expect(screen.getByTestId('tool-status').textContent).not.toContain('Needs permission'));

    fireEvent.keyDown(range(), { key: 'End' });
    await waitFor(() => expect(kinds()).toEqual(['entry-user', 'tool-call', 'entry-agent', 'turn-end']));
  });

  it('dragging the slider moves to that moment', async () => {
    await openRecordingFile();
    await waitFor(() => expect(kinds()).toHaveLength(4));
    fireEvent.change(range(), { target: { value: '350' } });
    await waitFor(() => expect(kinds()).toEqual(['entry-user']));
    expect(screen.getByTestId('recording-count').textContent).toBe('4 of 10 events');
  });

  it('the inspector shows the records up to the scrubbed moment, and all of them at the end', async () => {
    const { rec } = await openRecordingFile();
    const rows = () => within(screen.getByTestId('traffic-inspector')).queryAllByTestId('traffic-row');
    await waitFor(() => expect(rows()).toHaveLength(rec.records));
    fireEvent.keyDown(range(), { key: 'Home' });
    fireEvent.keyDown(range(), { key: 'ArrowRight' });
    fireEvent.keyDown(range(), { key: 'ArrowRight' });
    // Up to the prompt: session/new, its answer, the prompt.
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByTestId('traffic-count').textContent).toContain('in the selected range');
    fireEvent.keyDown(range(), { key: 'End' });
    await waitFor(() => expect(rows()).toHaveLength(rec.records));
    expect(screen.getByTestId('traffic-count').textContent).not.toContain('in the selected range');
  });

  it('closing the recording (or opening a session) gives the main area back; the inspector offers it again', async () => {
    await openRecordingFile();
    fireEvent.click(screen.getByTestId('recording-close'));
    await waitFor(() => expect(screen.queryByTestId('recording-chat')).toBeNull());
    fireEvent.click(await screen.findByTestId('recording-chat-open'));
    await screen.findByTestId('recording-chat');
    expect(screen.queryByTestId('recording-chat-open')).toBeNull();
    fireEvent.click(screen.getByTestId('history-link'));
    await waitFor(() => expect(screen.queryByTestId('recording-chat')).toBeNull());
  });

  it('"Frames" on a recorded card opens the inspector on that card’s frames of the recording', async () => {
    await openRecordingFile();
    const card = await screen.findByTestId('tool-call');
    fireEvent.click(within(card).getByTestId('show-frames'));
    await waitFor(() =>
      expect(screen.getByTestId('traffic-link').textContent).toContain('Showing the frames of this tool call.'),
    );
    expect((screen.getByTestId('traffic-query') as HTMLInputElement).value).toContain('toolcall:edit-1');
  });

  it('"Show in chat" on a record of the recording highlights its card in the recorded chat', async () => {
    await openRecordingFile();
    const row = await waitFor(() => {
      const el = within(screen.getByTestId('traffic-inspector'))
        .queryAllByTestId('traffic-row')
        .find((x) => x.textContent?.includes('session/request_permission'));
      if (!el) throw new Error('no permission request row');
      return el;
    });
    fireEvent.click(row);
    const detail = await screen.findByTestId('traffic-detail');
    fireEvent.click(within(detail).getByTestId('traffic-show-in-chat'));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('recording-chat')).getByTestId('tool-call').closest('[data-focused="true"]'),
      ).toBeTruthy(),
    );
    // It stayed in the recording (no live session was opened for it).
    expect(screen.getByTestId('recording-chat')).toBeTruthy();
  });

  it('shown from elsewhere (acp-desk web --open), the recording chat takes the open inspector with it', async () => {
    const r = renderShell();
    fireEvent.click(await screen.findByTestId('traffic-open'));
    await screen.findByTestId('traffic-inspector', {}, { timeout: 15_000 });
    const opened = await r.bridge.traffic.openRecording({
      name: 'start.jsonl',
      content: turnRecording().text,
      done: true,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await act(() => loadRecordings(r.bridge));
    act(() => showRecordingChat(opened.value));
    const picker = screen.getByTestId('traffic-target') as HTMLSelectElement;
    await waitFor(() => expect(picker.value).toBe(opened.value.endpointId));
    await screen.findByTestId('recording-scrubber');
  });

  it('a recording with no session in it says so', async () => {
    const r = renderShell();
    const rec = new Recorder();
    rec.out(req(0, 'initialize', { protocolVersion: 1 }));
    rec.in(res(0, { protocolVersion: 1 }), 5);
    const opened = await r.bridge.traffic.openRecording({
      name: 'init.jsonl',
      content: serializeJsonl(rec.records),
      done: true,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    act(() => showRecordingChat(opened.value));
    expect((await screen.findByTestId('recording-empty')).textContent).toContain('holds no conversation');
  });
});

describe('the scrubber on its own', () => {
  const times = [1000, 1100, 1500];
  it('keys: ←/→ to the previous/next event, PageUp/PageDown a tenth, Home/End', () => {
    const m = { start: 1000, end: 2000, at: 1100, times };
    expect(keyTarget('ArrowRight', m)).toBe(1500);
    expect(keyTarget('ArrowLeft', m)).toBe(1000);
    expect(keyTarget('ArrowRight', { ...m, at: 1500 })).toBe(2000);
    expect(keyTarget('ArrowLeft', { ...m, at: 1000 })).toBe(1000);
    expect(keyTarget('PageUp', m)).toBe(1200);
    expect(keyTarget('PageDown', m)).toBe(1000);
    expect(keyTarget('Home', m)).toBe(1000);
    expect(keyTarget('End', m)).toBe(2000);
    expect(keyTarget('a', m)).toBeNull();
  });

  it('Play moves from event to event at the recorded pace and stops at the end (fake timers)', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    function Harness() {
      const [at, setAt] = useState(1000);
      return (
        <Scrubber
          start={1000}
          end={2000}
          at={at}
          times={times}
          onChange={(t) => {
            seen.push(t);
            setAt(t);
          }}
        />
      );
    }
    render(<Harness />);
    fireEvent.click(screen.getByTestId('recording-play'));
    expect(screen.getByTestId('recording-play').getAttribute('aria-pressed')).toBe('true');
    act(() => vi.advanceTimersByTime(99));
    expect(seen).toEqual([]);
    act(() => vi.advanceTimersByTime(1));
    expect(seen).toEqual([1100]);
    act(() => vi.advanceTimersByTime(400));
    expect(seen).toEqual([1100, 1500]);
    act(() => vi.advanceTimersByTime(500));
    expect(seen).toEqual([1100, 1500, 2000]);
    expect(screen.getByTestId('recording-play').textContent).toBe('Play');
    expect(screen.getByTestId('recording-time').textContent).toMatch(/^1\.000 s of 1\.000 s/);
  });

  it('the scrubbed moment is shared (what the inspector follows)', async () => {
    await openRecordingFile();
    function Probe() {
      const s = useScrub();
      return <span data-testid="probe">{s ? `${s.at - s.start}/${s.end - s.start}` : 'none'}</span>;
    }
    render(<Probe />);
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('900/900'));
    fireEvent.keyDown(range(), { key: 'Home' });
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('0/900'));
    fireEvent.click(screen.getByTestId('recording-close'));
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('none'));
  });
});
