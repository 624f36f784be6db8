/**
 * Carries core's push events to every live window as they are emitted, in order. There is no
 * batching here: core already batches what comes in bursts (session events and traffic records,
 * 16 ms) and the renderer applies what arrived once per animation frame, so a third queue in
 * between would only add up to a frame of latency. Nothing is dropped or reordered.
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
  readonly onSendError?: (channel: EventChannel, error: unknown) => void;
  /**
   * Whether a window gets an event at all (e.g. `traffic:records` only for the window that
   * holds the subscription: see core/traffic/traffic-client.ts). Default: every window.
   */
  readonly accepts?: (target: WebContentsLike, channel: EventChannel, payload: unknown) => boolean;
}

/**
 * Subscribes to `events`; `getTargets` is asked at each emission, so windows opened later are
 * included and destroyed ones are skipped. A send that throws (a payload that cannot be cloned)
 * is reported and the other windows still get the event. Returns the unsubscribe function.
 */
export function forwardEvents(
  events: EventSource,
  getTargets: () => readonly WebContentsLike[],
  options: ForwardOptions = {},
): () => void {
  return events.subscribe((channel, payload) => {
    for (const target of getTargets()) {
      if (target.isDestroyed()) continue;
      if (options.accepts && !options.accepts(target, channel, payload)) continue;
      try {
        target.send(channel, payload);
      } catch (e) {
        options.onSendError?.(channel, e);
      }
    }
  });
}
