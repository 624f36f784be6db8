import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRecording, openRecordingFile } from '../../../src/cli/open-recording';
import { recordingHandlers } from '../../../src/core/traffic/recording-handlers';
import { TrafficLogHost } from '../../../src/core/traffic/traffic-host';
import { serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { chunk, Recorder, req } from '../traffic/records';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('acp-desk web --open FILE', () => {
  it('feeds the recording to the core, marked to show at start, and says what it read', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'acp-open-'));
    const log = new TrafficLogHost({ dir: path.join(dir, 'traffic'), emit: () => undefined });
    const handlers = recordingHandlers(log);
    const r = new Recorder();
    r.out(req(1, 'session/prompt', { sessionId: 's' }));
    r.in(chunk('s', 'hi'), 1, 'session:s');
    const file = path.join(dir, 'turn.jsonl');
    await writeFile(file, `${serializeJsonl(r.records)}oops\n`);
    const core = { handlers } as unknown as Parameters<typeof openRecordingFile>[0];
    const info = await openRecordingFile(core, file);
    expect(info).toMatchObject({ name: 'turn.jsonl', records: 2, badLines: 1, done: true, openAtStart: true });
    expect((await log.window(info.endpointId, undefined, 10)).records).toHaveLength(2);
    expect(await handlers['traffic:recordings']({})).toEqual([info]);
    expect(describeRecording(info)).toMatch(
      /^Opened recording turn\.jsonl: 2 records; 1 line was not a traffic record and skipped \(line 3: not JSON/,
    );
    await expect(openRecordingFile(core, path.join(dir, 'missing.jsonl'))).rejects.toThrow('--open: cannot read');
    await log.close();
  });
});
