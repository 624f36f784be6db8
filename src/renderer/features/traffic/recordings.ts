/**
 * Recordings opened in this window's core (pseudo-endpoints "Recording: <file>"), for the
 * connection picker; and reading a dropped or picked .jsonl file into the core in parts.
 */
import { useSyncExternalStore } from 'react';
import type { Bridge, RecordingInfo } from '../../../shared/ipc/contract';
import { MAX_RECORDING_CHARS, RECORDING_PART_CHARS } from '../../../shared/traffic/recordings';
import { settle } from '../../state/settle';

let list: readonly RecordingInfo[] = [];
const listeners = new Set<() => void>();

function setList(next: readonly RecordingInfo[]): void {
  list = next;
  for (const l of listeners) l();
}

export function useRecordings(): readonly RecordingInfo[] {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => list,
  );
}

/** Asks the core which recordings it holds (e.g. one `acp-desk web --open` gave it). */
export async function loadRecordings(bridge: Bridge): Promise<readonly RecordingInfo[]> {
  const r = await settle(() => bridge.traffic.recordings({}));
  if (r.ok) setList(r.value);
  return list;
}

export const recordingLabel = (r: Pick<RecordingInfo, 'name'>) => `Recording: ${r.name}`;

/** The sentence said once a recording is open. */
export function describeOpened(info: RecordingInfo): string {
  const n = `${info.records} record${info.records === 1 ? '' : 's'}`;
  const first = info.errors[0];
  const bad = info.badLines
    ? ` ${info.badLines} line${info.badLines === 1 ? ' was' : 's were'} not a traffic record and skipped` +
      (first ? ` (line ${first.line}: ${first.message}).` : '.')
    : '';
  return `Opened ${info.name}: ${n}.${bad}${info.stopped ? ` ${info.stopped}` : ''}`;
}

/** Reads `file` into the core; the answer, or why it could not be opened. */
export async function openRecording(
  bridge: Bridge,
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<RecordingInfo | { error: string }> {
  if (!/\.(jsonl|ndjson|json|txt)$/i.test(file.name))
    return { error: `${file.name} is not a JSONL recording (.jsonl).` };
  if (file.size > MAX_RECORDING_CHARS)
    return {
      error: `${file.name} is larger than ${MAX_RECORDING_CHARS / 1024 / 1024} MB, the most a recording may be.`,
    };
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { error: `${file.name} could not be read.` };
  }
  const name = file.name.slice(0, 255);
  let info: RecordingInfo | undefined;
  for (let at = 0; at < text.length || !info; at += RECORDING_PART_CHARS) {
    const content = text.slice(at, at + RECORDING_PART_CHARS);
    const done = at + RECORDING_PART_CHARS >= text.length;
    const r = await settle(() =>
      bridge.traffic.openRecording({ ...(info ? { recordingId: info.endpointId } : {}), name, content, done }),
    );
    if (!r.ok) return { error: `${file.name} could not be opened: ${r.error.message}` };
    info = r.value;
    if (done) break;
  }
  setList([...list.filter((r) => r.endpointId !== info!.endpointId), info]);
  return info;
}

/** For tests. */
export function resetRecordings(): void {
  setList([]);
  startChecked = false;
  startTarget = null;
}

/** `acp-desk web --open`: the recording the inspector opens on once, when the UI starts. */
let startTarget: string | null = null;
let startChecked = false;

/** True (once per page) when the core holds a recording to show at start; the inspector then opens on it. */
export async function checkStartRecording(bridge: Bridge): Promise<boolean> {
  if (startChecked) return false;
  startChecked = true;
  const start = (await loadRecordings(bridge)).find((r) => r.openAtStart);
  startTarget = start?.endpointId ?? null;
  return start !== undefined;
}

export function takeStartTarget(): string | null {
  const t = startTarget;
  startTarget = null;
  return t;
}
