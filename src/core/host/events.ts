import type { EventChannel, EventContract } from '../../shared/ipc/contract';

export type HostEventListener = <C extends EventChannel>(channel: C, payload: EventContract[C]) => void;

/** Push events from core to every attached window/bridge. Listener errors never reach the emitter. */
export class HostEvents {
  readonly #listeners = new Set<HostEventListener>();

  subscribe(listener: HostEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<C extends EventChannel>(channel: C, payload: EventContract[C]): void {
    for (const l of this.#listeners) {
      try {
        l(channel, payload);
      } catch {
        // A broken window must not stop delivery to the others.
      }
    }
  }
}
