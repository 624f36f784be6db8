import type { EventChannel, EventContract } from '../../shared/ipc/contract';
import type { Logger } from '../log/logger';

export type HostEventListener = <C extends EventChannel>(channel: C, payload: EventContract[C]) => void;

/** Push events from core to every attached window/bridge. Listener errors never reach the emitter. */
export class HostEvents {
  readonly #listeners = new Set<HostEventListener>();

  readonly #logger: Pick<Logger, 'error'> | undefined;

  constructor(logger?: Pick<Logger, 'error'>) {
    this.#logger = logger;
  }

  subscribe(listener: HostEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<C extends EventChannel>(channel: C, payload: EventContract[C]): void {
    for (const l of this.#listeners) {
      try {
        l(channel, payload);
      } catch (e) {
        // A broken window must not stop delivery to the others; the reason goes to the log.
        this.#logger?.error(`a ${channel} listener failed`, { channel, error: e });
      }
    }
  }
}
