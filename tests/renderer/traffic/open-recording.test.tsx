import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { resetRecordings } from '../../../src/renderer/features/traffic/recordings';
import { flush, renderShell } from '../shell-harness';
import { chunk, Recorder, req, res } from '../../unit/traffic/records';

afterEach(() => {
  cleanup();
  resetRecordings();
});

function recording(): string {
  const r = new Recorder();
  r.out(req(1, 'initialize', { protocolVersion: 1 }));
  r.in(res(1, { protocolVersion: 1 }), 5);
  r.in(chunk('s1', 'hello'), 5, 'session:s1');
  return `${serializeJsonl(r.records)}this is not json\n`;
}

const rows = () => screen.queryAllByTestId('traffic-row');

async function openInspector() {
  const rendered = renderShell();
  fireEvent.click(await screen.findByTestId('traffic-open'));
  await screen.findByTestId('traffic-inspector', {}, { timeout: 15_000 });
  await flush();
  return rendered;
}

describe('open a recording offline', () => {
  it('"Open recording…" loads a .jsonl file read-only as "Recording: <file>", counting bad lines', async () => {
    const r = await openInspector();
    const file = new File([recording()], 'bug-report.jsonl', { type: 'application/x-ndjson' });
    fireEvent.change(screen.getByTestId('traffic-open-recording-file'), { target: { files: [file] } });
    const note = await screen.findByText(/^Opened bug-report\.jsonl/);
    expect(note.textContent).toBe(
      'Opened bug-report.jsonl: 3 records. 1 line was not a traffic record and skipped (line 4: not JSON' +
        note.textContent!.split('(line 4: not JSON')[1],
    );
    const picker = screen.getByTestId('traffic-target') as HTMLSelectElement;
    await waitFor(() => expect(picker.selectedOptions[0]?.textContent).toBe('Recording: bug-report.jsonl'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    const calls = r.bridge.fake.callsTo('traffic:openRecording') as { done: boolean; name: string }[];
    expect(calls.map((c) => [c.name, c.done])).toEqual([['bug-report.jsonl', true]]);
  });

  it('a file dropped on the inspector opens the same way; a non-JSONL file is refused with a sentence', async () => {
    await openInspector();
    const inspector = screen.getByTestId('traffic-inspector');
    const file = new File([recording()], 'dropped.jsonl');
    fireEvent.drop(inspector, { dataTransfer: { files: [file], types: ['Files'] } });
    await screen.findByText(/^Opened dropped\.jsonl: 3 records\./);
    await waitFor(() => expect(rows()).toHaveLength(3));

    fireEvent.drop(inspector, { dataTransfer: { files: [new File(['x'], 'photo.png')], types: ['Files'] } });
    // The note first says "Opening …" for a file it reads: wait for the sentence itself.
    expect(await screen.findByText('photo.png is not a JSONL recording (.jsonl).')).toHaveProperty(
      'dataset.testid',
      'traffic-recording-note',
    );
  });

  it('a file over the size bound is refused before it is read', async () => {
    await openInspector();
    const huge = { name: 'huge.jsonl', size: 201 * 1024 * 1024, text: () => Promise.reject(new Error('read')) };
    const input = screen.getByTestId('traffic-open-recording-file');
    fireEvent.change(input, { target: { files: [huge] } });
    expect(await screen.findByText('huge.jsonl is larger than 200 MB, the most a recording may be.')).toHaveProperty(
      'dataset.testid',
      'traffic-recording-note',
    );
  });
});
