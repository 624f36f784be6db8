/**
 * The recording's time scrubber: a slider over the recording's span (drag it, or with the
 * keyboard: ←/→ step to the previous/next event, PageUp/PageDown a tenth of the span,
 * Home/End the start/end), the moment shown as time since the start and clock time, and
 * Play, which moves from event to event at the recorded pace (each wait capped at 1 s).
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';

export const PLAY_MAX_WAIT_MS = 1000;

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(3)} s`;
const clock = (at: number) => {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
};

/** The first of `times` after `at` (else `end`), and the last before it (else `start`). */
export function nextTime(times: readonly number[], at: number, end: number): number {
  for (const t of times) if (t > at) return Math.min(t, end);
  return end;
}
export function previousTime(times: readonly number[], at: number, start: number): number {
  for (let i = times.length - 1; i >= 0; i--) if (times[i]! < at) return Math.max(times[i]!, start);
  return start;
}

interface Moments {
  readonly start: number;
  readonly end: number;
  readonly at: number;
  readonly times: readonly number[];
}

/** Where a key moves the scrubber to, or null for a key it does not take. */
export function keyTarget(key: string, { start, end, at, times }: Moments): number | null {
  const step = Math.max(1, Math.round((end - start) / 10));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return nextTime(times, at, end);
    case 'ArrowLeft':
    case 'ArrowDown':
      return previousTime(times, at, start);
    case 'PageUp':
      return Math.min(end, at + step);
    case 'PageDown':
      return Math.max(start, at - step);
    case 'Home':
      return start;
    case 'End':
      return end;
    default:
      return null;
  }
}

/** Play: wait until the next event (at most PLAY_MAX_WAIT_MS), show it, repeat; stop at the end. */
function usePlay(
  playing: boolean,
  setPlaying: (p: boolean) => void,
  { at, end, times, onChange }: Omit<Moments, 'start'> & { onChange: (at: number) => void },
): void {
  useEffect(() => {
    if (!playing) return;
    if (at >= end) {
      setPlaying(false);
      return;
    }
    const next = nextTime(times, at, end);
    const timer = setTimeout(() => onChange(next), Math.min(PLAY_MAX_WAIT_MS, Math.max(0, next - at)));
    return () => clearTimeout(timer);
  }, [playing, setPlaying, at, end, times, onChange]);
}

export function Scrubber({
  start,
  end,
  at,
  times,
  onChange,
}: Readonly<{
  start: number;
  end: number;
  at: number;
  /** The moments something happened, ascending (where ←/→ and Play stop). */
  times: readonly number[];
  onChange: (at: number) => void;
}>) {
  const id = useId();
  const [playing, setPlaying] = useState(false);
  const span = Math.max(0, end - start);

  usePlay(playing, setPlaying, { at, end, times, onChange });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const to = keyTarget(e.key, { start, end, at, times });
    if (to === null) return;
    e.preventDefault();
    setPlaying(false);
    onChange(to);
  };

  const play = () => {
    if (!playing && at >= end) onChange(start);
    setPlaying(!playing);
  };

  const label = `${seconds(at - start)} of ${seconds(span)}`;
  return (
    <div className="recording-scrubber" role="group" aria-labelledby={`${id}-label`} data-testid="recording-scrubber">
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-pressed={playing}
        data-testid="recording-play"
        onClick={play}
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <label id={`${id}-label`} htmlFor={`${id}-range`} className="recording-scrubber-label">
        Time
      </label>
      <input
        id={`${id}-range`}
        type="range"
        className="recording-scrubber-range"
        min={0}
        max={span}
        step={1}
        value={at - start}
        aria-valuetext={label}
        data-testid="recording-scrubber-range"
        onKeyDown={onKeyDown}
        onChange={(e) => {
          setPlaying(false);
          onChange(Math.min(end, Math.max(start, start + Number(e.target.value))));
        }}
      />
      <output htmlFor={`${id}-range`} className="recording-scrubber-time" data-testid="recording-time">
        {label} · {clock(at)}
      </output>
    </div>
  );
}
