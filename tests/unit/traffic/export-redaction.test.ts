import { describe, expect, it } from 'vitest';
import { TrafficTap } from '../../../src/core/transport/tap';
import { Redactor } from '../../../src/core/transport/redact';
import type { HttpExchangeRecord, TrafficRecord } from '../../../src/shared/domain/traffic';
import { curlFor, findPostBody, toHar } from '../../../src/shared/traffic/har';
import { serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { summarizeRecord } from '../../../src/shared/traffic/summary';

const TOKEN = 'sk-live-0123456789abcdef';
const COOKIE = 'sessid=c00kie-value-42';
const QUERY_KEY = 'qk-987654321';
const PASSWORD = 'pa55w0rd-xyz';
const CUSTOM = 'custom-header-secret-77';

describe('exports of tapped records carry no secret', () => {
  it('JSONL, HAR, curl and summaries never contain a secret value', () => {
    const records: TrafficRecord[] = [];
    const tap = new TrafficTap(() => 1_700_000_000_000, new Redactor(['x-tenant'], [`Bearer ${TOKEN}`, CUSTOM]));
    tap.subscribe((r) => records.push(r));
    const body = {
      jsonrpc: '2.0',
      id: 1,
      method: 'session/prompt',
      params: { prompt: [{ type: 'text', text: `my key is ${TOKEN}` }] },
    };
    tap.record({ kind: 'message', direction: 'out', lane: 'post', size: 120, message: body }, 1, undefined);
    tap.record(
      {
        kind: 'http',
        method: 'POST',
        url: `https://user:${PASSWORD}@agent.example/acp?api_key=${QUERY_KEY}&v=1`,
        lane: 'post',
        status: 202,
        requestHeaders: {
          authorization: `Bearer ${TOKEN}`,
          cookie: COOKIE,
          'x-tenant': CUSTOM,
          accept: 'application/json',
        },
        responseHeaders: { 'set-cookie': COOKIE },
        requestBytes: 120,
        durationMs: 5,
      },
      1,
      undefined,
    );
    const http = records.find((r): r is HttpExchangeRecord => r.kind === 'http')!;
    const outputs = [
      serializeJsonl(records),
      JSON.stringify(toHar(records)),
      curlFor(http, findPostBody(records, http)),
      ...records.map((r) => summarizeRecord(r)),
    ];
    for (const out of outputs)
      for (const secret of [TOKEN, COOKIE, QUERY_KEY, PASSWORD, CUSTOM]) expect(out).not.toContain(secret);
    const curl = curlFor(http, findPostBody(records, http));
    expect(curl).toContain(`-H 'authorization: [redacted]'`);
    expect(curl).toContain(`-H 'accept: application/json'`);
  });
});
