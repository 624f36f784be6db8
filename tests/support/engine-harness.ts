import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EndpointStatus, SessionEventBatch, SessionSummary } from '../../src/shared/domain/history';
import type { SessionEventEnvelope } from '../../src/shared/domain/session';
import { EndpointRepository } from '../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { SessionEngine } from '../../src/core/session/session-engine';
import type { TranscriptPort, TranscriptSummaryLike } from '../../src/core/session/summaries';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';

/** Transcripts in memory, shared between engines to simulate an app restart. */
export class MemoryTranscripts implements TranscriptPort {
  readonly files = new Map<string, { endpointId: string; envelopes: SessionEventEnvelope[] }>();
  async create(sessionId: string, endpointId: string) {
    if (!this.files.has(sessionId)) this.files.set(sessionId, { endpointId, envelopes: [] });
  }
  async append(sessionId: string, envelopes: readonly SessionEventEnvelope[]) {
    this.files.get(sessionId)?.envelopes.push(...envelopes);
  }
  async read(sessionId: string) {
    const f = this.files.get(sessionId);
    if (!f) throw new Error('no transcript');
    return { endpointId: f.endpointId, envelopes: [...f.envelopes], problems: [] };
  }
  async list() {
    const summaries: TranscriptSummaryLike[] = [...this.files].map(([sessionId, f]) => ({
      sessionId,
      endpointId: f.endpointId,
      title: null,
      cwd: null,
      lastActivity: f.envelopes.at(-1)?.at ?? 0,
    }));
    return { summaries, problems: [] };
  }
  async flush() {}
  async delete(sessionId: string) {
    this.files.delete(sessionId);
  }
}

export interface Harness {
  engine: SessionEngine;
  endpoints: EndpointRepository;
  batches: SessionEventBatch[];
  statuses: EndpointStatus[];
  summaries: SessionSummary[][];
  addEndpoint(name: string, url: string, transport?: 'auto' | 'http' | 'ws'): Promise<string>;
  close(): Promise<void>;
}

export async function engineHarness(
  transcripts: TranscriptPort = new MemoryTranscripts(),
  dataDir?: string,
): Promise<Harness> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'acp-engine-'));
  const endpoints = await EndpointRepository.open(path.join(dir, 'settings.json'), await createFileKeyCipher(dir));
  const fetch = createNodeFetch();
  const batches: SessionEventBatch[] = [];
  const statuses: EndpointStatus[] = [];
  const summaries: SessionSummary[][] = [];
  const engine = new SessionEngine({
    endpoints,
    transcripts,
    fetch,
    webSocket: nodeWebSocket,
    events: {
      sessionEvents: (b) => batches.push(...b),
      sessionsChanged: (l) => summaries.push(l),
      endpointStatus: (s) => statuses.push(s),
      trafficFeed: () => ({ message: () => undefined, record: () => undefined }),
    },
  });
  await engine.init();
  return {
    engine,
    endpoints,
    batches,
    statuses,
    summaries,
    async addEndpoint(name, url, transport = 'auto') {
      return (await endpoints.save(undefined, { name, url, transport })).id;
    },
    async close() {
      await engine.dispose();
      await fetch.close();
    },
  };
}

export { waitFor } from './wait-for';
