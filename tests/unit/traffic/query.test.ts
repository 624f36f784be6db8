import { describe, expect, it, vi } from 'vitest';
import {
  collectKnownValues,
  completions,
  parseTrafficQuery,
  QUERY_HELP,
  type TrafficQuery,
} from '../../../src/shared/traffic/query';
import { TrafficPairing } from '../../../src/shared/traffic/pairing';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { chunk, err, Recorder, req, res } from './records';

function fixture() {
  const r = new Recorder();
  const init = r.out(req(0, 'initialize', { protocolVersion: 1 }));
  const initRes = r.in(res(0, { protocolVersion: 1 }), 40);
  const post = r.add(
    {
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp',
      lane: 'post',
      status: 202,
      requestHeaders: { authorization: '[redacted]' },
      requestBytes: 120,
      durationMs: 30,
    },
    1,
  );
  const prompt = r.out(
    req(1, 'session/prompt', { sessionId: 'abc123', prompt: [{ type: 'text', text: 'hello world' }] }),
    5,
  );
  const tool = r.in(
    {
      jsonrpc: '2.0',
      method: 'session/update',
      params: { sessionId: 'abc123', update: { sessionUpdate: 'tool_call', toolCallId: 't1', title: 'read_file' } },
    },
    10,
    'session:abc123',
  );
  const text = r.in(chunk('abc123', 'x'.repeat(20_000)), 10, 'session:abc123');
  const perm = r.in(req('p1', 'session/request_permission', { sessionId: 'abc123' }), 10, 'session:abc123');
  const permAnswer = r.out(res('p1', { outcome: { outcome: 'selected', optionId: 'allow' } }), 700);
  const promptRes = r.in(res(1, { stopReason: 'end_turn' }), 900, 'session:abc123');
  const failPost = r.add(
    {
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp',
      lane: 'post',
      status: 409,
      requestHeaders: {},
      requestBytes: 10,
      durationMs: 2,
    },
    1,
  );
  const badRes = r.in(err(9), 1);
  const stream = r.add({
    kind: 'stream',
    lane: 'session:zzz999',
    phase: 'reconnect-scheduled',
    attempt: 2,
    delayMs: 1500,
  });
  const wsClosed = r.add({ kind: 'websocket', phase: 'closed', url: 'wss://agent.example/acp', code: 1006 });
  const errRec = r.add({ kind: 'error', message: 'bad json on the connection stream', excerpt: '{nope' });
  const pairing = new TrafficPairing();
  for (const x of r.records) pairing.add(x);
  return {
    records: r.records,
    pairing,
    init,
    initRes,
    post,
    prompt,
    tool,
    text,
    perm,
    permAnswer,
    promptRes,
    failPost,
    badRes,
    stream,
    wsClosed,
    errRec,
  };
}

const f = fixture();

function q(query: string): TrafficQuery {
  const p = parseTrafficQuery(query);
  if (!p.ok) throw new Error(p.error);
  return p;
}

function hits(query: string): TrafficRecord[] {
  const p = q(query);
  return f.records.filter((r) => p.match(r, { pairing: f.pairing }));
}

describe('traffic query language', () => {
  it('empty query matches everything', () => {
    expect(hits('')).toHaveLength(f.records.length);
    expect(q('  ').empty).toBe(true);
  });

  it('method: exact, with a slash, wildcard, and responses by their request (with pairing)', () => {
    expect(hits('method:session/prompt')).toEqual([f.prompt, f.promptRes]);
    expect(hits('method:SESSION/PROMPT')).toEqual([f.prompt, f.promptRes]);
    expect(hits('method:session/request_*')).toEqual([f.perm, f.permAnswer]);
    expect(hits('method:POST')).toEqual([f.post, f.failPost]);
    const noPairing = q('method:session/prompt');
    expect(f.records.filter((r) => noPairing.match(r))).toEqual([f.prompt]);
  });

  it('kind: record kind, JSON-RPC shape, sessionUpdate kind, phase', () => {
    expect(hits('kind:tool_call')).toEqual([f.tool]);
    expect(hits('kind:http')).toEqual([f.post, f.failPost]);
    expect(hits('kind:request')).toEqual([f.init, f.prompt, f.perm]);
    expect(hits('kind:response')).toEqual([f.initRes, f.permAnswer, f.promptRes, f.badRes]);
    expect(hits('kind:notification')).toEqual([f.tool, f.text]);
    expect(hits('kind:reconnect-scheduled')).toEqual([f.stream]);
    expect(hits('kind:error')).toEqual([f.badRes, f.errRec]);
  });

  it('dir:', () => {
    expect(hits('dir:out kind:message')).toEqual([f.init, f.prompt, f.permAnswer]);
    expect(hits('dir:in kind:request')).toEqual([f.perm]);
  });

  it('lane: names, any session, session id prefix', () => {
    expect(hits('lane:post kind:http')).toEqual([f.post, f.failPost]);
    expect(hits('lane:session')).toEqual([f.tool, f.text, f.perm, f.promptRes, f.stream]);
    expect(hits('lane:session:abc')).toEqual([f.tool, f.text, f.perm, f.promptRes]);
    expect(hits('lane:websocket')).toEqual([f.wsClosed]);
    expect(hits('lane:connection')).toEqual([f.initRes, f.badRes]);
  });

  it('status: comparisons and ranges', () => {
    expect(hits('status:>=400')).toEqual([f.failPost]);
    expect(hits('status:202')).toEqual([f.post]);
    expect(hits('status:<300')).toEqual([f.post]);
    expect(hits('status:[400 TO 499]')).toEqual([f.failPost]);
    expect(hits('status:{202 TO 409}')).toEqual([]);
    expect(hits('status:<=202')).toEqual([f.post]);
  });

  it('latency: units, pairing latency on responses', () => {
    expect(hits('latency:>500ms')).toEqual([f.permAnswer, f.promptRes, f.stream]);
    expect(hits('latency:>1s')).toEqual([f.promptRes, f.stream]);
    expect(hits('latency:>=1.5s kind:stream')).toEqual([f.stream]);
    expect(hits('latency:<35 kind:http')).toEqual([f.post, f.failPost]);
    expect(hits('has:latency kind:message')).toEqual([f.initRes, f.permAnswer, f.promptRes]);
    expect(hits('latency:[600ms TO 2s] kind:message')).toEqual([f.permAnswer, f.promptRes]);
    expect(hits('latency:{700ms TO 2s} kind:message')).toEqual([f.promptRes]);
  });

  it('size: units', () => {
    expect(hits('size:>10kb')).toEqual([f.text]);
    expect(hits('size:>1.5kb')).toEqual([f.text]);
    expect(hits('size:>19.5kib')).toEqual([f.text]);
    expect(hits('size:>1mb')).toEqual([]);
  });

  it('an HTTP POST is in the post lane whatever session it carried', () => {
    const r = new Recorder();
    const post = r.add({
      kind: 'http',
      method: 'POST',
      url: 'https://a/acp',
      lane: 'session:abc',
      status: 202,
      requestHeaders: {},
      requestBytes: 1,
    });
    const get = r.add({
      kind: 'http',
      method: 'GET',
      url: 'https://a/acp',
      lane: 'session:abc',
      status: 200,
      requestHeaders: {},
      requestBytes: 0,
    });
    const match = (query: string) => r.records.filter((x) => q(query).match(x));
    expect(match('lane:post')).toEqual([post]);
    expect(match('lane:session')).toEqual([get]);
    expect(match('session:abc')).toEqual([post, get]);
  });

  it('session: prefix; id:', () => {
    expect(hits('session:abc kind:request')).toEqual([f.prompt, f.perm]);
    expect(hits('session:zzz')).toEqual([f.stream]);
    expect(hits('id:1')).toEqual([f.prompt, f.promptRes]);
    expect(hits('id:p1')).toEqual([f.perm, f.permAnswer]);
  });

  it('has:error, has:unmatched, has:unanswered/pending', () => {
    expect(hits('has:error')).toEqual([f.failPost, f.badRes, f.errRec]);
    expect(hits('has:unmatched')).toEqual([f.badRes]);
    expect(hits('has:pending')).toEqual([]);
  });

  it('negation with - and NOT, OR, parentheses', () => {
    expect(hits('kind:message -method:session/update -kind:response')).toEqual([f.init, f.prompt, f.perm]);
    expect(hits('kind:notification NOT kind:tool_call')).toEqual([f.text]);
    expect(hits('kind:tool_call OR status:409')).toEqual([f.tool, f.failPost]);
    expect(hits('(kind:tool_call OR status:409) AND lane:post')).toEqual([f.failPost]);
  });

  it('free text: quoted phrase and bare word search the JSON text; regex', () => {
    expect(hits('"hello world"')).toEqual([f.prompt]);
    expect(hits('read_file')).toEqual([f.tool]);
    expect(hits('dir:in "end_turn"')).toEqual([f.promptRes]);
    expect(hits('/end_tu.n/')).toEqual([f.promptRes]);
    expect(q('"x"').usesText).toBe(true);
    expect(q('method:x').usesText).toBe(false);
  });

  it('a quoted field value is literal (no wildcard); an auto-quoted one keeps wildcards', () => {
    expect(hits('method:"session/*"')).toEqual([]);
    expect(hits('method:session/*')).toHaveLength(6);
  });

  it('the issue example parses', () => {
    const p = parseTrafficQuery(
      'method:session/update kind:tool_call dir:in lane:session status:>=400 latency:>500ms size:>10kb session:abc has:error -method:session/update "some text"',
    );
    expect(p.ok).toBe(true);
  });

  it('errors are sentences with the position', () => {
    const unknown = parseTrafficQuery('dir:in colour:red');
    expect(unknown).toMatchObject({ ok: false, position: 7 });
    if (!unknown.ok) expect(unknown.error).toMatch(/^Unknown field "colour" at column 8; known fields: .*\.$/);
    const syntax = parseTrafficQuery('dir:in (kind:http');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error).toMatch(/column \d+/);
    const unit = parseTrafficQuery('latency:>5 parsecs');
    expect(unit.ok).toBe(true);
    const badUnit = parseTrafficQuery('latency:>5years');
    expect(badUnit).toMatchObject({ ok: false, position: 9 });
    if (!badUnit.ok) expect(badUnit.error).toContain('units: ms, s, m');
    const cmp = parseTrafficQuery('method:>a');
    expect(cmp.ok).toBe(false);
    const has = parseTrafficQuery('has:nope');
    expect(has).toMatchObject({ ok: false, position: 4 });
    if (!has.ok) expect(has.error).toContain('use one of: error, latency');
    expect(parseTrafficQuery('dir:sideways').ok).toBe(false);
    const empty = parseTrafficQuery('method:');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toContain('needs a value');
  });

  it('completions: fields and values', () => {
    expect(completions('me').map((c) => c.insert)).toEqual(['method:']);
    expect(completions('dir:in -lan')).toEqual([expect.objectContaining({ insert: 'lane:', from: 8 })]);
    expect(completions('method:session/pr').map((c) => c.insert)).toEqual(['method:session/prompt']);
    expect(completions('kind:tool').map((c) => c.insert)).toEqual(['kind:tool_call', 'kind:tool_call_update']);
    expect(completions('session:a', { sessions: ['abc123', 'zzz'] }).map((c) => c.insert)).toEqual(['session:abc123']);
    expect(completions('nope:')).toEqual([]);
    const known = collectKnownValues(f.records);
    expect(known).toEqual({
      methods: ['initialize', 'session/prompt', 'session/update', 'session/request_permission'],
      sessions: ['abc123'],
      kinds: ['tool_call', 'agent_message_chunk'],
    });
    expect(completions('lane:session:a', known).map((c) => c.insert)).toEqual(['lane:session:abc123']);
  });

  it('has help text documenting every field', () => {
    for (const field of ['method', 'kind', 'dir', 'lane', 'session', 'id', 'status', 'latency', 'size', 'has'])
      expect(QUERY_HELP).toContain(`\`${field}\``);
  });
});

describe('query cost', () => {
  it('field queries never serialize records; free text serializes each record once (cached)', () => {
    const r = new Recorder();
    for (let i = 0; i < 200; i++) r.in(chunk('s', `t${i}`), 1, 'session:s');
    const pairing = new TrafficPairing();
    const fieldQuery = q('kind:agent_message_chunk lane:session:s size:>10 -has:error');
    const textQuery = q('"t19"');
    const spy = vi.spyOn(JSON, 'stringify');
    try {
      for (const x of r.records) fieldQuery.match(x, { pairing });
      expect(spy).not.toHaveBeenCalled();
      const first = r.records.filter((x) => textQuery.match(x)).length;
      const calls = spy.mock.calls.length;
      expect(calls).toBe(200);
      expect(r.records.filter((x) => textQuery.match(x)).length).toBe(first);
      expect(spy.mock.calls.length).toBe(calls);
    } finally {
      spy.mockRestore();
    }
  });
});
