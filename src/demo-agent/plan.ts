/**
 * Keeps a turn's plan and re-sends it whole on every change, as the protocol requires
 * (`plan` updates replace the client's plan; there is no per-entry patch in v1).
 */
import type { PlanEntry, PlanEntryStatus } from '@agentclientprotocol/sdk';
import type { Turn } from './turn';

export class PlanTracker {
  readonly #entries: PlanEntry[];

  constructor(
    private readonly turn: Turn,
    entries: readonly Omit<PlanEntry, 'status'>[],
  ) {
    this.#entries = entries.map((e) => ({ ...e, status: 'pending' }));
  }

  /** Sends the plan as it is now. */
  async publish(): Promise<void> {
    await this.turn.emit({ sessionUpdate: 'plan', entries: this.#entries.map((e) => ({ ...e })) });
  }

  async set(index: number, status: PlanEntryStatus): Promise<void> {
    const entry = this.#entries[index];
    if (!entry) return;
    entry.status = status;
    await this.publish();
  }

  /** Completes entry `index` and starts the next one, in one update. */
  async advance(index: number): Promise<void> {
    const done = this.#entries[index];
    const next = this.#entries[index + 1];
    if (done) done.status = 'completed';
    if (next) next.status = 'in_progress';
    await this.publish();
  }
}
