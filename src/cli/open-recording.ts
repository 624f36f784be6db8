/**
 * `acp-desk web --open FILE`: reads a JSONL recording into the core (the same channel and
 * bounds as the inspector's "Open recording…"), marked so the UI shows it when it starts.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { AppCore } from '../core/app/app-core';
import type { RecordingInfo } from '../shared/ipc/contract';
import { MAX_RECORDING_CHARS, RECORDING_PART_CHARS } from '../shared/traffic/recordings';
import { UsageError } from './args';

export async function openRecordingFile(core: Pick<AppCore, 'handlers'>, file: string): Promise<RecordingInfo> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new UsageError(`--open: cannot read ${file}`);
  if (stat.size > MAX_RECORDING_CHARS)
    throw new UsageError(`--open: ${file} is larger than ${MAX_RECORDING_CHARS / 1024 / 1024} MB`);
  const open = core.handlers['traffic:openRecording'];
  const name = path.basename(file).slice(0, 255) || 'recording.jsonl';
  let info: RecordingInfo | undefined;
  // Bytes per chunk bound the characters per part (a character is at least one byte).
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: RECORDING_PART_CHARS })) {
    const content = String(chunk);
    info = await open({
      ...(info ? { recordingId: info.endpointId } : {}),
      name,
      content,
      done: false,
      openAtStart: true,
    });
  }
  return open({ ...(info ? { recordingId: info.endpointId } : {}), name, content: '', done: true, openAtStart: true });
}

/** One line for stderr: what was opened, and what was skipped. */
export function describeRecording(info: RecordingInfo): string {
  const bad = info.badLines
    ? `; ${info.badLines === 1 ? '1 line was not a traffic record' : `${info.badLines} lines were not traffic records`} and skipped (line ${info.errors[0]?.line}: ${info.errors[0]?.message})`
    : '';
  return `Opened recording ${info.name}: ${info.records} record${info.records === 1 ? '' : 's'}${bad}.${info.stopped ? ` ${info.stopped}` : ''}`;
}
