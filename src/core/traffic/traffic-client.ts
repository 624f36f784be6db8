/**
 * Which traffic subscriptions one window (an Electron webContents, a browser tab's socket)
 * holds, so a host delivers `traffic:records` only to the window that subscribed. The host
 * adapter tells it about each answered invoke (`observe`), asks it before pushing an event
 * (`accepts`), and calls `dispose` when the window goes away, which unsubscribes whatever the
 * window still held. Both hosts use it the same way around the shared `dispatchInvoke`.
 */
import type { EventChannel, EventContract } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/util/result';

export class TrafficClient {
  readonly #held = new Set<string>();

  /** `unsubscribe` releases one subscription in the core (e.g. the `traffic:unsubscribe` handler). */
  constructor(private readonly unsubscribe: (subscriptionId: string) => unknown) {}

  observe(channel: unknown, payload: unknown, result: IpcResult<unknown>): void {
    if (!result.ok) return;
    if (channel === 'traffic:subscribe') {
      const id = (result.value as { subscriptionId?: unknown } | null)?.subscriptionId;
      if (typeof id === 'string') this.#held.add(id);
    } else if (channel === 'traffic:unsubscribe') {
      const id = (payload as { subscriptionId?: unknown } | null)?.subscriptionId;
      if (typeof id === 'string') this.#held.delete(id);
    }
  }

  accepts<C extends EventChannel>(channel: C, payload: EventContract[C]): boolean {
    if (channel !== 'traffic:records') return true;
    return this.#held.has((payload as EventContract['traffic:records']).subscriptionId);
  }

  get subscriptions(): number {
    return this.#held.size;
  }

  dispose(): void {
    for (const id of this.#held) {
      try {
        void Promise.resolve(this.unsubscribe(id)).catch(() => undefined);
      } catch {
        // A window going away must not fail on cleanup.
      }
    }
    this.#held.clear();
  }
}
