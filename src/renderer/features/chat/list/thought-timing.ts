/**
 * How long the agent thought: entries carry no timestamps, so the time a thought is first
 * seen streaming and the time the next entry appears are noted here (kept across the row
 * being unmounted by the virtualizer). Thoughts loaded from history have no duration.
 */
const started = new Map<string, number>();
const durations = new Map<string, number>();
const LIMIT = 1000;

function trim(map: Map<string, number>): void {
  if (map.size <= LIMIT) return;
  const oldest = map.keys().next().value;
  if (oldest !== undefined) map.delete(oldest);
}

/** Called on render: `streaming` while the thought is the last entry of a running turn. */
export function noteThought(key: string, streaming: boolean, now: number): number | undefined {
  const done = durations.get(key);
  if (done !== undefined) return done;
  const start = started.get(key);
  if (streaming) {
    if (start === undefined) {
      started.set(key, now);
      trim(started);
    }
    return undefined;
  }
  if (start === undefined) return undefined;
  started.delete(key);
  durations.set(key, now - start);
  trim(durations);
  return now - start;
}
