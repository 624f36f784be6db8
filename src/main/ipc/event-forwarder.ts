/**
 * Carries core's push events to every live window. Payloads are queued per window and flushed
 * in emission order at most once per frame (~16 ms), so a burst of session updates costs one
 * timer tick rather than one IPC round of scheduling each. Nothing is dropped or reordered:
 * latest-wins would lose events from a stream.
 */
import type { EventChannel } from '../../shared/ipc/contract';
import type { HostEventListener } from '../../core/host/events';

/** The slice of `webContents` the forwarder needs (Electron's `WebContents` satisfies it). */
export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface EventSource {
  subscribe(listener: HostEventListener): () => void;
}

export interface ForwardOptions {
  readonly intervalMs?: number;
  /**
   * Channels whose array payloads are deltas (e.g. traffic entries) and may be concatenated
   * when queued back to back. Channels that carry full lists must not be listed here.
   */
  readonly appendChannels?: readonly EventChannel[];
  readonly onSendError?: (channel: EventChannel, error: unknown) => void;
  /**
   * Whether a window gets an event at all (e.g. `traffic:records` only for the window that
   * holds the subscription: see core/traffic/traffic-client.ts). Default: every window.
   */
  readonly accepts?: (target: WebContentsLike, channel: EventChannel, payload: unknown) => boolean;
}

type Queued = { channel: EventChannel; payload: unknown };

/**
 * Subscribes to `events`; `getTargets` is asked at each emission, so windows opened later are
 * included and destroyed ones are skipped (their queues are dropped at the next flush).
 * Returns a stop function that unsubscribes and discards anything still queued.
 */
export function forwardEvents(
  events: EventSource,
  getTargets: () => readonly WebContentsLike[],
  options: ForwardOptions = {},
): () => void {
  const intervalMs = options.intervalMs ?? 16;
  const append = new Set<EventChannel>(options.appendChannels ?? []);
  const queues = new Map<WebContentsLike, Queued[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    for (const [target, queue] of queues) {
      queues.delete(target);
      if (target.isDestroyed()) continue;
      for (const item of coalesce(queue, append)) {
        try {
          target.send(item.channel, item.payload);
        } catch (e) {
          options.onSendError?.(item.channel, e);
        }
      }
    }
  };

  const unsubscribe = events.subscribe((channel, payload) => {
    for (const target of getTargets()) {
      if (target.isDestroyed()) continue;
      if (options.accepts && !options.accepts(target, channel, payload)) continue;
      const queue = queues.get(target) ?? [];
      queue.push({ channel, payload });
      queues.set(target, queue);
    }
    if (timer === null && queues.size > 0) timer = setTimeout(flush, intervalMs);
  });

  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    timer = null;
    queues.clear();
  };
}

/** Merges consecutive array payloads of an append channel; everything else passes through in order. */
function coalesce(queue: readonly Queued[], append: ReadonlySet<EventChannel>): Queued[] {
  const out: Queued[] = [];
  let merged: unknown[] | null = null; // the copy owned by out's last item, never an emitted array
  for (const item of queue) {
    const last = out.at(-1);
    const mergeable = last?.channel === item.channel && append.has(item.channel) && Array.isArray(last.payload);
    if (last && mergeable && Array.isArray(item.payload)) {
      merged ??= [...(last.payload as unknown[])];
      for (const entry of item.payload) merged.push(entry); // no spread: bursts can exceed the argument limit
      last.payload = merged;
    } else {
      out.push({ ...item });
      merged = null;
    }
  }
  return out;
}
