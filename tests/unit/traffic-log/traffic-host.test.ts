/**
 * The traffic log across its thread boundary: `TrafficLogHost` (the core's side) and
 * `serveTrafficLog` (the worker's side), here over a MessageChannel in one thread (the real
 * worker thread is exercised by the integration tests and the open-recording test), and the
 * backlog's timing on fake time.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { TrafficLogHost, trafficWorkerFile, type HostPort } from '../../../src/core/traffic/traffic-host';
import {
  Backlog,
  MAX_BACKLOG,
  MAX_DELAY_MS,
  QUIET_MS,
  WATCHED_DELAY_MS,
  type BacklogTimers,
} from '../../../src/core/traffic/backlog';
import { serveTrafficLog, type ServicePort } from '../../../src/core/traffic/traffic-service';
import { Redactor } from '../../../src/core/transport/redact';
import { TrafficTap } from '../../../src/core/transport/tap';
import type { TrafficRecordsEvent } from '../../../src/shared/ipc/contract';
import { AppError } from '../../../src/shared/util/result';

const SECRET = 'sk-live-0123456789';

class FakeTimers implements BacklogTimers {
  t = 0;
  #timers = new Map<number, { at: number; f: () => void }>();
  #next = 1;
  now = () => this.t;
  setTimeout = (f: () => void, ms: number) => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.t + ms, f });
    return id;
  };
  clearTimeout = (h: unknown) => void this.#timers.delete(h as number);
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.t = due[1].at;
      due[1].f();
    }
    this.t = end;
  }
}

describe('Backlog (when the log does its work)', () => {
  const setup = () => {
    const timers = new FakeTimers();
    // Each entry: the time a drain was due.
    const taken: number[] = [];
    return { timers, taken, backlog: new Backlog(() => taken.push(timers.t), timers) };
  };

  it('waits for a pause in unwatched traffic, in order', () => {
    const { timers, taken, backlog } = setup();
    backlog.add(10, false);
    timers.advance(QUIET_MS - 1);
    backlog.add(10, false);
    timers.advance(QUIET_MS - 1);
    expect(taken).toEqual([]);
    expect(backlog.size).toBe(20);
    timers.advance(1);
    expect(taken).toEqual([2 * QUIET_MS - 1]);
    expect(backlog.size).toBe(0);
  });

  it('never holds a record longer than MAX_DELAY_MS, however steady the traffic', () => {
    const { timers, taken, backlog } = setup();
    for (let t = 0; t < MAX_DELAY_MS; t += QUIET_MS / 2) {
      backlog.add(1, false);
      timers.advance(QUIET_MS / 2);
    }
    expect(taken).toEqual([MAX_DELAY_MS]);
  });

  it('processes at once past MAX_BACKLOG records', () => {
    const { taken, backlog } = setup();
    backlog.add(MAX_BACKLOG - 1, false);
    expect(taken).toEqual([]);
    backlog.add(1, false);
    expect(taken).toEqual([0]);
  });

  it('gives a watched endpoint its records within a frame, even while they keep coming', () => {
    const { timers, taken, backlog } = setup();
    backlog.add(1, true);
    timers.advance(WATCHED_DELAY_MS / 2);
    backlog.add(1, true);
    timers.advance(WATCHED_DELAY_MS / 2);
    expect(taken).toEqual([WATCHED_DELAY_MS]);
  });

  it('drain() makes it due now; reset() (a call drains) forgets the wait', () => {
    const { timers, taken, backlog } = setup();
    backlog.add(1, false);
    backlog.drain();
    expect(taken).toEqual([0]);
    backlog.add(1, false);
    backlog.reset();
    timers.advance(MAX_DELAY_MS);
    expect(taken).toEqual([0]);
    backlog.drain();
    expect(taken).toEqual([0]); // nothing waited
  });
});

const hosts: TrafficLogHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

/** A host whose service runs on this thread, over a real MessageChannel. */
function inThread() {
  const events: TrafficRecordsEvent[] = [];
  const problems: string[] = [];
  const host = new TrafficLogHost({
    dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'acp-thost-')), 'traffic'),
    emit: (e) => events.push(e),
    onError: (m) => problems.push(m),
    start: (options, data) => {
      const { port1, port2 } = new MessageChannel();
      serveTrafficLog(port2 as unknown as ServicePort, data, options);
      const port = port1 as unknown as HostPort & EventEmitter;
      const close = port1.close.bind(port1);
      port.close = () => {
        close();
        port2.close();
      };
      return port;
    },
  });
  hosts.push(host);
  return { host, events, problems };
}

const chunk = (text: string) => ({
  jsonrpc: '2.0',
  method: 'session/update',
  params: { sessionId: 's', update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } } },
});

function feedOf(host: TrafficLogHost, redactor: Redactor) {
  const tap = new TrafficTap(() => 1_700_000_000_000, redactor);
  tap.addFeed((r) => host.feed('ep', r));
  return (m: unknown) => {
    const wire = JSON.stringify(m);
    tap.record({ kind: 'message', direction: 'in', lane: 'session:s', size: wire.length, message: m }, 1, 'c', wire);
  };
}

describe('TrafficLogHost ⇄ serveTrafficLog', () => {
  it('a query sees every record fed before it, redacted; so does the export', async () => {
    const { host } = inThread();
    const redactor = new Redactor([], [SECRET]);
    const send = feedOf(host, redactor);
    send(chunk(`the key is ${SECRET}`));
    send(chunk('hello'));
    const w = await host.window('ep', undefined, 10);
    expect(w.records.map((e) => e.record.seq)).toEqual([1, 2]);
    expect(JSON.stringify(w)).not.toContain(SECRET);
    expect(JSON.stringify(w)).toContain('[redacted]');
    const exported = await host.export('ep');
    expect(exported.records).toBe(2);
    expect(exported.content).not.toContain(SECRET);
    expect(await host.total('ep')).toBe(2);
  });

  it('masks a secret the transport learns later (a refreshed token) from then on', async () => {
    const { host } = inThread();
    const redactor = new Redactor();
    const send = feedOf(host, redactor);
    send(chunk('before fresh-token-77'));
    expect((await host.window('ep', undefined, 10)).records).toHaveLength(1);
    redactor.addValue('fresh-token-77');
    send(chunk('after fresh-token-77'));
    const texts = (await host.window('ep', undefined, 10)).records.map((e) => JSON.stringify(e.record));
    expect(texts[0]).toContain('fresh-token-77'); // logged before the app knew it was a secret
    expect(texts[1]).not.toContain('fresh-token-77');
  });

  it('redacts each transport of an endpoint with its own redactor, however their batches interleave', async () => {
    const { host } = inThread();
    const old = feedOf(host, new Redactor([], ['old-secret-1']));
    const fresh = feedOf(host, new Redactor([], ['new-secret-2']));
    for (let i = 0; i < 3; i++) {
      old(chunk('old-secret-1'));
      await host.total('ep'); // one post each
      fresh(chunk('new-secret-2'));
      await host.total('ep');
    }
    const text = JSON.stringify(await host.window('ep', undefined, 10));
    expect(text).not.toContain('old-secret-1');
    expect(text).not.toContain('new-secret-2');
  });

  it('streams a watched endpoint live, and forgets the subscription on unsubscribe', async () => {
    const { host, events } = inThread();
    const send = feedOf(host, new Redactor());
    const sub = await host.subscribe('ep');
    expect(host.subscriptionCount).toBe(1);
    send(chunk('live'));
    const until = Date.now() + 2000;
    while (events.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(events[0]).toMatchObject({ subscriptionId: sub.subscriptionId, endpointId: 'ep' });
    expect(events[0]!.records).toHaveLength(1);
    host.unsubscribe(sub.subscriptionId);
    host.unsubscribe(sub.subscriptionId);
    expect(host.subscriptionCount).toBe(0);
  });

  it('logs the batches that waited together as one live event per endpoint', async () => {
    const { host, events } = inThread();
    await host.subscribe('ep');
    // Three transports of one endpoint (say, across a rebuild): three batches in one post.
    for (const text of ['a', 'b', 'c']) feedOf(host, new Redactor())(chunk(text));
    const until = Date.now() + 2000;
    while (events.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await host.total('ep');
    expect(events).toHaveLength(1);
    expect(events[0]!.records).toHaveLength(3);
  });

  it('refuses a bad query with the parser’s sentence as an invalid request', async () => {
    const { host } = inThread();
    const e = await host.window('ep', undefined, 10, 'latency:>>fast').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_request');
  });

  it('logs records made elsewhere (a recording), masking credentials by shape', async () => {
    const { host } = inThread();
    host.append('rec', [
      {
        kind: 'message',
        direction: 'out',
        lane: 'post',
        size: 1,
        message: { jsonrpc: '2.0', id: 1, method: 'x', params: { auth: 'Bearer abcdefgh123' } },
        seq: 1,
        at: 1,
        generation: 1,
      },
    ]);
    const w = await host.window('rec', undefined, 10);
    expect(JSON.stringify(w)).not.toContain('abcdefgh123');
  });

  it('when the worker dies, waiting calls fail with a sentence and later ones too', async () => {
    const port = new EventEmitter() as EventEmitter & HostPort;
    port.postMessage = () => undefined;
    const problems: string[] = [];
    const host = new TrafficLogHost({
      dir: '/nonexistent',
      emit: () => undefined,
      onError: (m) => problems.push(m),
      start: () => port,
    });
    const waiting = host.total('ep');
    port.emit('error', new Error('out of memory'));
    await expect(waiting).rejects.toThrow('the traffic log stopped: out of memory');
    await expect(host.window('ep', undefined, 1)).rejects.toThrow('the traffic log stopped');
    expect(problems).toEqual(['the traffic log stopped: out of memory']);
    await host.close();
  });
});

describe('the worker script', () => {
  it('is the built traffic-worker.js beside the main bundle, else the source through its tsx boot file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-twf-'));
    expect(trafficWorkerFile(dir)).toBe(path.join(dir, 'traffic-worker-boot.mjs'));
    await writeFile(path.join(dir, 'traffic-worker.js'), '');
    expect(trafficWorkerFile(dir)).toBe(path.join(dir, 'traffic-worker.js'));
    expect(existsSync(trafficWorkerFile())).toBe(true); // from source, here: the boot file
  });

  it('is an entry of the main bundle, so the built app has it beside index.js', async () => {
    const config = (await import('../../../electron.vite.config')).default as {
      main: { build: { rollupOptions: { input: Record<string, string> } } };
    };
    expect(config.main.build.rollupOptions.input['traffic-worker']).toMatch(/src\/core\/traffic\/traffic-worker\.ts$/);
  });
});
