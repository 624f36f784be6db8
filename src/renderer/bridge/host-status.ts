/**
 * The browser-mode bridge's connection to its host, kept apart from `Bridge` because the
 * contract has no such member (in Electron the host is the same app and never goes away).
 */
export type HostConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline';

export interface HostConnection {
  readonly state: HostConnectionState;
  /** Consecutive failed attempts (0 while open). */
  readonly attempt: number;
  /** Delay before the next attempt, while one is scheduled. */
  readonly retryInMs: number | null;
}

export interface HostStatus {
  get(): HostConnection;
  subscribe(listener: (connection: HostConnection) => void): () => void;
  /** Reconnects now instead of waiting for the backoff timer (no-op while connected). */
  retryNow(): void;
}

/** A tiny observable value backing `HostStatus`. */
export class HostStatusValue {
  #value: HostConnection = { state: 'connecting', attempt: 0, retryInMs: null };
  readonly #listeners = new Set<(connection: HostConnection) => void>();

  get(): HostConnection {
    return this.#value;
  }

  set(value: HostConnection): void {
    this.#value = value;
    for (const listener of [...this.#listeners]) listener(value);
  }

  subscribe(listener: (connection: HostConnection) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
