import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, laneOf, messageInfo } from '../../../src/shared/traffic/message-info';
import { pairAll } from '../../../src/shared/traffic/pairing';
import { describeRecord, kindLabel, summarizeRecord } from '../../../src/shared/traffic/summary';
import type { MessageRecord } from '../../../src/shared/domain/traffic';
import { chunk, err, Recorder, req, res } from './records';

describe('message info', () => {
  it('tells request, response, notification, error and junk apart, with session and update kind', () => {
    const r = new Recorder();
    const info = (m: unknown, lane = 'connection') => messageInfo(r.in(m, 0, lane) as MessageRecord);
    expect(info(req(1, 'session/prompt', { sessionId: 's' }))).toMatchObject({
      shape: 'request',
      id: 1,
      sessionId: 's',
    });
    expect(info(res(1, { sessionId: 'n' }))).toMatchObject({ shape: 'response', sessionId: 'n' });
    expect(info(chunk('s', 'x'))).toMatchObject({ shape: 'notification', updateKind: 'agent_message_chunk' });
    expect(info(err(2, -32000, 'nope'))).toMatchObject({ shape: 'error', errorCode: -32000, errorMessage: 'nope' });
    expect(info('just a string', 'session:abc')).toMatchObject({ shape: 'invalid', sessionId: 'abc' });
    expect(info({ jsonrpc: '2.0' })).toMatchObject({ shape: 'invalid' });
  });

  it('formats sizes and durations; lanes of every record', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(3100)).toBe('3.1 kB');
    expect(formatBytes(3_200_000)).toBe('3.2 MB');
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(180_000)).toBe('3.0 min');
    const r = new Recorder();
    expect(laneOf(r.add({ kind: 'websocket', phase: 'open', url: 'wss://x' }))).toBe('websocket');
    expect(laneOf(r.add({ kind: 'error', message: 'x' }))).toBeUndefined();
  });
});

describe('record summaries', () => {
  it('one line per record with direction, lane, kind, and pairing facts', () => {
    const r = new Recorder(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const a = r.out(req(1, 'session/prompt', { sessionId: 'abc' }));
    const b = r.in(res(1), 1500, 'session:abc');
    const c = r.in(res(77));
    const d = r.out(req(2, 'session/list'));
    const p = pairAll(r.records);
    expect(summarizeRecord(a, p)).toBe(
      `#1 03:04:05.006 → post request session/prompt #1 · session abc · ${a.kind === 'message' ? a.size : 0} B`,
    );
    expect(describeRecord(b, p)).toMatch(/^response #1 \(session\/prompt\) · session abc · \d+ B · 1\.5 s$/);
    expect(describeRecord(c, p)).toContain('no matching request');
    expect(describeRecord(d, p)).toContain('never answered');
    expect(kindLabel(b)).toBe('response');
  });

  it('describes HTTP, stream, WebSocket and error records', () => {
    const r = new Recorder();
    const http = r.add({
      kind: 'http',
      method: 'GET',
      url: 'https://a/acp',
      lane: 'connection',
      requestHeaders: {},
      requestBytes: 0,
      error: 'timeout',
    });
    expect(describeRecord(http)).toBe('GET https://a/acp · no response · timeout');
    const stream = r.add({
      kind: 'stream',
      lane: 'connection',
      phase: 'reconnect-scheduled',
      attempt: 3,
      delayMs: 2000,
      status: 503,
    });
    expect(describeRecord(stream)).toBe('reconnect-scheduled · attempt 3 · in 2.0 s · HTTP 503');
    const ws = r.add({ kind: 'websocket', phase: 'closed', url: 'wss://a/acp', code: 1006, reason: 'gone' });
    expect(summarizeRecord(ws)).toMatch(/ · websocket websocket closed wss:\/\/a\/acp · code 1006 · gone$/);
    const e = r.add({ kind: 'error', message: 'bad frame', excerpt: '{x' });
    expect(describeRecord(e)).toBe('bad frame · {x');
    expect(kindLabel(e)).toBe('error');
  });
});
