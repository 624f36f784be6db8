import { describe, expect, it } from 'vitest';
import type { AnyMessage } from '../../../src/core/transport/jsonrpc';
import { OutputQueue } from '../../../src/core/transport/output-queue';
import type { TransportEvent } from '../../../src/shared/domain/traffic';

const note = (n: number): AnyMessage => ({ jsonrpc: '2.0', method: 'session/update', params: { n } });
const gap = (detail: string): TransportEvent => ({ type: 'connection-lost', reason: detail });

/** Interleaves what the reader sees and the events, in the order they happen. */
function recorder() {
  const log: string[] = [];
  const q = new OutputQueue((e) => log.push(`event:${e.type === 'connection-lost' ? e.reason : e.type}`));
  const reader = q.readable.getReader();
  const read = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const { value, done } = await reader.read();
      if (done) {
        log.push('done');
        return;
      }
      log.push(`msg:${(value as { params: { n: number } }).params.n}`);
    }
  };
  return { q, log, read, reader };
}

describe('OutputQueue', () => {
  it('emits an event when the reader reaches its place among the messages', async () => {
    const { q, log, read } = recorder();
    q.push(note(1));
    q.pushEvent(gap('A'));
    q.push(note(2));
    q.push(note(3));
    q.pushEvent(gap('B'));
    q.push(note(4));
    expect(log).toEqual([]);
    await read(4);
    expect(log).toEqual(['msg:1', 'event:A', 'msg:2', 'msg:3', 'event:B', 'msg:4']);
  });

  it('emits at once when nothing is waiting to be read', async () => {
    const { q, log, read } = recorder();
    q.pushEvent(gap('now'));
    expect(log).toEqual(['event:now']);
    q.push(note(1));
    await read(1);
    q.pushEvent(gap('after'));
    expect(log).toEqual(['event:now', 'msg:1', 'event:after']);
  });

  it('wakes a reader that is already waiting', async () => {
    const { q, log, read } = recorder();
    const pending = read(2);
    await Promise.resolve();
    q.push(note(1));
    q.push(note(2));
    await pending;
    expect(log).toEqual(['msg:1', 'msg:2']);
  });

  it('on close, emits events still queued behind unread messages and ends the stream', async () => {
    const { q, log, read } = recorder();
    q.push(note(1));
    q.pushEvent(gap('queued'));
    q.close();
    expect(log).toEqual(['event:queued']);
    await read(1);
    expect(log).toEqual(['event:queued', 'done']);
    q.push(note(2));
    q.pushEvent(gap('late'));
    expect(log).toEqual(['event:queued', 'done', 'event:late']);
  });

  it('keeps order over many items (compaction of the read head)', async () => {
    const { q, read, log } = recorder();
    for (let i = 0; i < 3000; i++) {
      q.push(note(i));
      if (i % 1000 === 999) q.pushEvent(gap(`k${i}`));
    }
    await read(3000);
    const msgs = log.filter((l) => l.startsWith('msg:')).map((l) => Number(l.slice(4)));
    expect(msgs).toEqual([...Array(3000).keys()]);
    expect(log.indexOf('event:k999')).toBe(log.indexOf('msg:999') + 1);
    expect(log.indexOf('event:k1999')).toBe(log.indexOf('msg:1999') + 1);
  });
});
