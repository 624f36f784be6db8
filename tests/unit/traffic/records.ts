/** Builders for traffic records in tests: a tiny recorder that numbers and timestamps them. */
import type { TrafficRecord, TrafficRecordInput } from '../../../src/shared/domain/traffic';

export class Recorder {
  readonly records: TrafficRecord[] = [];
  #seq = 0;
  constructor(
    public at = 1_700_000_000_000,
    public generation = 1,
  ) {}

  add(input: TrafficRecordInput, advanceMs = 0): TrafficRecord {
    this.at += advanceMs;
    const r = { ...input, seq: ++this.#seq, at: this.at, generation: this.generation } as TrafficRecord;
    this.records.push(r);
    return r;
  }

  out(message: unknown, advanceMs = 0, lane: 'post' | 'websocket' = 'post'): TrafficRecord {
    return this.add(
      { kind: 'message', direction: 'out', lane, size: JSON.stringify(message).length, message },
      advanceMs,
    );
  }

  in(
    message: unknown,
    advanceMs = 0,
    lane: TrafficRecord extends never ? never : string = 'connection',
  ): TrafficRecord {
    return this.add(
      {
        kind: 'message',
        direction: 'in',
        lane: lane as 'connection',
        size: JSON.stringify(message).length,
        message,
      },
      advanceMs,
    );
  }
}

export const req = (id: number | string, method: string, params: unknown = {}) => ({
  jsonrpc: '2.0',
  id,
  method,
  params,
});
export const res = (id: number | string, result: unknown = {}) => ({ jsonrpc: '2.0', id, result });
export const err = (id: number | string, code = -32603, message = 'boom') => ({
  jsonrpc: '2.0',
  id,
  error: { code, message },
});
export const chunk = (sessionId: string, text: string, kind = 'agent_message_chunk') => ({
  jsonrpc: '2.0',
  method: 'session/update',
  params: { sessionId, update: { sessionUpdate: kind, content: { type: 'text', text } } },
});
