/**
 * The last capability snapshot of each endpoint (issue 12), in `<dataDir>/capabilities.json`,
 * so a connect can say what changed since the previous one. Validated on load (a bad entry is
 * dropped, an unreadable file moved aside), written atomically, one write at a time. The drift
 * found at an endpoint's latest connect is kept in memory for its status until the next one.
 */
import { PROTOCOL_VERSION } from '@agentclientprotocol/sdk';
import { z } from 'zod';
import {
  capabilitySnapshotSchema,
  diffSnapshots,
  type CapabilityDrift,
  snapshotOf,
  type CapabilitySnapshot,
} from '../../shared/domain/capability-drift';
import type { EndpointStatus } from '../../shared/domain/history';
import type { ProbeReport } from '../../shared/domain/probe-report';
import { isRecord } from '../../shared/util/is-record';
import { quarantine, readJson, writeJsonAtomic } from '../util/json-file';

const FILE_VERSION = 1;
/** Endpoints remembered (the oldest snapshots go first beyond this). */
const MAX_ENDPOINTS = 500;

const fileSchema = z.object({ version: z.literal(FILE_VERSION), endpoints: z.record(z.string(), z.unknown()) });

export class CapabilityStore {
  readonly #snapshots = new Map<string, CapabilitySnapshot>();
  readonly #drift = new Map<string, CapabilityDrift>();
  #writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(file: string, warn?: (message: string) => void): Promise<CapabilityStore> {
    const store = new CapabilityStore(file);
    const r = await readJson(file);
    if (r.kind === 'corrupt') {
      const aside = await quarantine(file).catch(() => file);
      warn?.(`The capability snapshots could not be read (${r.reason}); kept as ${aside}.`);
    } else if (r.kind === 'ok') {
      const parsed = fileSchema.safeParse(r.value);
      if (parsed.success)
        for (const [id, raw] of Object.entries(parsed.data.endpoints)) {
          const s = capabilitySnapshotSchema.safeParse(raw);
          if (s.success) store.#snapshots.set(id, s.data);
        }
    }
    return store;
  }

  /**
   * A successful connect's snapshot: compared with the previous one, then stored. Returns
   * the drift (also kept for `driftOf`), or null when nothing changed or this is the first.
   */
  observe(endpointId: string, next: CapabilitySnapshot): CapabilityDrift | null {
    const prev = this.#snapshots.get(endpointId);
    const drift = prev ? diffSnapshots(prev, next) : null;
    if (drift) this.#drift.set(endpointId, drift);
    else this.#drift.delete(endpointId);
    this.#snapshots.delete(endpointId); // re-insert: the newest is last
    this.#snapshots.set(endpointId, next);
    while (this.#snapshots.size > MAX_ENDPOINTS) this.#snapshots.delete(this.#snapshots.keys().next().value!);
    this.#persist();
    return drift;
  }

  /** What `next` changes against the endpoint's last connect, without storing it (Diagnose). */
  compare(endpointId: string, next: CapabilitySnapshot): CapabilityDrift | null {
    const prev = this.#snapshots.get(endpointId);
    return prev ? diffSnapshots(prev, next) : null;
  }

  driftOf(endpointId: string): CapabilityDrift | undefined {
    return this.#drift.get(endpointId);
  }

  snapshotOf(endpointId: string): CapabilitySnapshot | undefined {
    return this.#snapshots.get(endpointId);
  }

  /** The endpoint was removed: its snapshot goes too. */
  forget(endpointId: string): void {
    this.#drift.delete(endpointId);
    if (this.#snapshots.delete(endpointId)) this.#persist();
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.#writing;
  }

  #persist(): void {
    const value = { version: FILE_VERSION, endpoints: Object.fromEntries(this.#snapshots) };
    this.#writing = this.#writing.then(() => writeJsonAtomic(this.file, value)).catch(() => undefined); // a failed write costs only the next drift report
  }
}

/**
 * Adds the drift to each endpoint status on its way to the windows. A status carries a new
 * `initialize` result when its capabilities object is not the one seen last (the connection
 * replaces it on every connect and keeps it otherwise), and only then is a snapshot taken.
 */
export class DriftAnnotator {
  readonly #seen = new Map<string, unknown>();

  constructor(
    private readonly store: CapabilityStore,
    private readonly now: () => number = Date.now,
  ) {}

  annotate(status: EndpointStatus): EndpointStatus {
    const caps = status.agentCapabilities;
    if (isRecord(caps) && this.#seen.get(status.endpointId) !== caps) {
      this.#seen.set(status.endpointId, caps);
      this.store.observe(
        status.endpointId,
        snapshotOf(
          {
            // A connect succeeds only when the agent speaks our version (endpoint-connection).
            protocolVersion: PROTOCOL_VERSION,
            agentInfo: status.agentInfo,
            agentCapabilities: caps,
            authMethods: status.authMethods,
          },
          this.now(),
        ),
      );
    }
    const drift = this.store.driftOf(status.endpointId);
    return drift ? { ...status, capabilityDrift: drift } : status;
  }

  forget(endpointId: string): void {
    this.#seen.delete(endpointId);
    this.store.forget(endpointId);
  }

  /** A Diagnose report with what its initialize changed since the last connect, if anything. */
  annotateReport(endpointId: string, report: ProbeReport): ProbeReport {
    if (!report.agent) return report;
    const drift = this.store.compare(endpointId, snapshotOf(report.agent, this.now()));
    return drift ? { ...report, drift } : report;
  }
}
