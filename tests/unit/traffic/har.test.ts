import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { HttpExchangeRecord, TrafficRecord } from '../../../src/shared/domain/traffic';
import { curlFor, findPostBody, toHar } from '../../../src/shared/traffic/har';
import { chunk, Recorder, req, res } from './records';

const require = createRequire(import.meta.url);
const harSchemas = require('har-schema') as Record<string, { $id: string }>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

function harValidator() {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  for (const [name, schema] of Object.entries(harSchemas)) if (name !== 'har') ajv.addSchema(schema);
  return ajv.compile(harSchemas.har!);
}

const SECRET = 'sk-live-abcdef0123456789';

function httpRecording(): TrafficRecord[] {
  const r = new Recorder();
  const promptMsg = req(1, 'session/prompt', { sessionId: 's1', prompt: [{ type: 'text', text: "it's here" }] });
  r.out(promptMsg);
  r.add(
    {
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp?token=[redacted]&v=2',
      lane: 'session:s1',
      status: 202,
      httpVersion: 'HTTP/2',
      requestHeaders: { authorization: '[redacted]', 'content-type': 'application/json', 'content-length': '99' },
      responseHeaders: { 'content-type': 'application/json' },
      requestBytes: JSON.stringify(promptMsg).length,
      durationMs: 25,
      ttfbMs: 20,
    },
    25,
  );
  r.add(
    {
      kind: 'http',
      method: 'GET',
      url: 'https://agent.example/acp',
      lane: 'session:s1',
      status: 200,
      httpVersion: 'HTTP/2',
      requestHeaders: { accept: 'text/event-stream', cookie: '[redacted]' },
      responseHeaders: { 'content-type': 'text/event-stream' },
      requestBytes: 0,
      ttfbMs: 12,
    },
    1,
  );
  r.in(chunk('s1', 'hello'), 5, 'session:s1');
  r.in(res(1, { stopReason: 'end_turn' }), 5, 'session:s1');
  r.add({ kind: 'stream', lane: 'session:s1', phase: 'closed' }, 1);
  r.add(
    {
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp',
      lane: 'post',
      requestHeaders: {},
      requestBytes: 10,
      error: 'Could not reach the server: ECONNRESET',
    },
    1,
  );
  return r.records;
}

function wsRecording(): TrafficRecord[] {
  const r = new Recorder();
  r.add({
    kind: 'websocket',
    phase: 'connecting',
    url: 'wss://agent.example/acp',
    requestHeaders: { authorization: '[redacted]' },
  });
  r.add({ kind: 'websocket', phase: 'open', url: 'wss://agent.example/acp' }, 30);
  r.out(req(0, 'initialize'), 1, 'websocket');
  r.in(res(0, {}), 40, 'websocket');
  r.add({ kind: 'websocket', phase: 'closed', url: 'wss://agent.example/acp', code: 1000, reason: 'bye' }, 100);
  return r.records;
}

describe('HAR export', () => {
  const validate = harValidator();

  it('HTTP exchanges are entries; POST bodies and stream events are attached; valid HAR 1.2', () => {
    const har = toHar(httpRecording());
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    const [post, get, failed] = har.log.entries;
    expect(har.log.entries).toHaveLength(3);
    expect(post!.request.postData?.text).toContain('session/prompt');
    expect(post!.request.queryString).toEqual([
      { name: 'token', value: '[redacted]' },
      { name: 'v', value: '2' },
    ]);
    expect(post!.time).toBe(25);
    expect(post!.timings).toEqual({ send: 0, wait: 20, receive: 5 });
    expect(post!.response.statusText).toBe('Accepted');
    expect(get!._events?.map((e) => JSON.parse(e.data).result?.stopReason ?? 'chunk')).toEqual(['chunk', 'end_turn']);
    expect(get!.response.content.mimeType).toBe('text/event-stream');
    expect(get!.response.content.text).toMatch(/^data: \{.*\}\n\ndata: \{.*\}\n\n$/s);
    expect(failed!.response.status).toBe(0);
    expect(failed!.response._error).toContain('ECONNRESET');
    for (const e of har.log.entries) expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
  });

  it('a WebSocket is one entry with _webSocketMessages; valid HAR 1.2', () => {
    const har = toHar(wsRecording(), { creatorVersion: '9.9.9' });
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    expect(har.log.creator).toEqual({ name: 'ACP Desk', version: '9.9.9' });
    expect(har.log.entries).toHaveLength(1);
    const e = har.log.entries[0]!;
    expect(e.response.status).toBe(101);
    expect(e.request.headers).toEqual([{ name: 'authorization', value: '[redacted]' }]);
    expect(e._webSocketMessages?.map((m) => m.type)).toEqual(['send', 'receive']);
    expect(e.time).toBe(171);
    expect(e.response._error).toBe('closed 1000: bye');
  });

  it('an empty recording is a valid HAR', () => {
    expect(validate(toHar([]))).toBe(true);
  });

  it('the schema check is real: a broken entry fails', () => {
    const har = toHar(httpRecording()) as unknown as { log: { entries: Array<Record<string, unknown>> } };
    delete har.log.entries[0]!.request;
    expect(validate(har)).toBe(false);
  });
});

describe('curlFor', () => {
  const records = httpRecording();
  const post = records.find((r): r is HttpExchangeRecord => r.kind === 'http' && r.method === 'POST')!;

  it('replays the POST with its body, quoting for the shell', () => {
    const body = findPostBody(records, post);
    expect(body?.seq).toBe(1);
    const cmd = curlFor(post, body);
    expect(cmd).toMatch(/^curl -sS -N -X POST /);
    expect(cmd).toContain(`-H 'authorization: [redacted]'`);
    expect(cmd).not.toContain('content-length');
    expect(cmd).toContain(`it'\\''s here`);
    expect(cmd.endsWith(`'https://agent.example/acp?token=[redacted]&v=2'`)).toBe(true);
  });

  it('never prints a secret: a redacted header stays [redacted]', () => {
    const withSecretElsewhere = { ...post, requestHeaders: { authorization: '[redacted]', 'x-api-key': '[redacted]' } };
    const cmd = curlFor(withSecretElsewhere, JSON.stringify({ note: 'no secret here' }));
    expect(cmd).not.toContain(SECRET);
    expect(cmd.match(/\[redacted\]/g)).toHaveLength(3);
  });
});

describe('HAR export of an inline POST answer', () => {
  it('a POST answered 200 + JSON (initialize) gets the next message on its lane as its content', () => {
    const r = new Recorder();
    r.add({
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp',
      lane: 'connection',
      status: 200,
      requestHeaders: {},
      responseHeaders: { 'content-type': 'application/json' },
      requestBytes: 50,
      responseBytes: 30,
      durationMs: 5,
    });
    r.in(res(0, { protocolVersion: 1 }), 1, 'connection');
    r.in(res(9), 1, 'connection');
    const har = toHar(r.records);
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0]!.response.content).toMatchObject({ mimeType: 'application/json' });
    expect(JSON.parse(har.log.entries[0]!.response.content.text!)).toEqual(res(0, { protocolVersion: 1 }));
  });
});
