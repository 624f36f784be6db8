import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { parseTrafficArgs } from '../../../src/cli/commands/traffic';
import { parseJsonl, serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { memoryIo } from '../../support/cli-io';
import { chunk, Recorder, req, res } from './records';

const require = createRequire(import.meta.url);

let dir: string;
let recording: string;

function fixtureRecords() {
  const r = new Recorder();
  const prompt = req(1, 'session/prompt', { sessionId: 'abc123', prompt: [] });
  r.out(prompt);
  r.add(
    {
      kind: 'http',
      method: 'POST',
      url: 'https://agent.example/acp',
      lane: 'session:abc123',
      status: 202,
      requestHeaders: { authorization: '[redacted]' },
      requestBytes: JSON.stringify(prompt).length,
      durationMs: 12,
    },
    12,
  );
  r.in(chunk('abc123', 'hi \u001b]52;c;ZXZpbA==\u0007there'), 10, 'session:abc123');
  r.in(req('p', 'session/request_permission', { sessionId: 'abc123' }), 10, 'session:abc123');
  r.out(res('p', { outcome: { outcome: 'cancelled' } }), 300);
  r.in(res(1, { stopReason: 'end_turn' }), 900, 'session:abc123');
  return r.records;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'acp-traffic-'));
  recording = path.join(dir, 'rec.jsonl');
  await writeFile(recording, serializeJsonl(fixtureRecords()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(['traffic', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe('acp-desk traffic', () => {
  it('prints one human line per record; exit 0', async () => {
    const { code, out, err } = await run(recording);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^#1 \d\d:\d\d:\d\d\.\d{3} → post request session\/prompt #1 · session abc123 · \d+ B$/);
    expect(lines[5]).toContain('response #1 (session/prompt)');
    expect(out).not.toContain('\u001b');
  });

  it('filters by --query (pairing-aware latency)', async () => {
    const { code, out } = await run(recording, '--query', 'latency:>500ms');
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^#6 .* response #1 \(session\/prompt\) .* 1\.2 s$/),
    ]);
    const perm = await run(recording, '--query', 'method:session/request_permission dir:out');
    expect(perm.out.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--json prints re-readable JSON lines', async () => {
    const { code, out } = await run(recording, '--json', '--query', 'lane:session:abc');
    expect(code).toBe(0);
    const parsed = parseJsonl(out);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.seq)).toEqual([3, 4, 6]);
  });

  it('--har writes a valid HAR 1.2 file', async () => {
    const har = path.join(dir, 'out.har');
    const { code, out } = await run(recording, '--har', har);
    expect(code).toBe(0);
    expect(out).toMatch(/^6 records matched; wrote 1 HAR entry to /);
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    const schemas = require('har-schema') as Record<string, object>;
    for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
    const json: unknown = JSON.parse(await readFile(har, 'utf8'));
    expect(ajv.validate(schemas.har!, json), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('exit 1 when nothing matches', async () => {
    const { code, out, err } = await run(recording, '--query', 'status:>=500');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('');
  });

  it('exit 2 with one line for a bad query, a missing file, a non-recording, bad flags', async () => {
    const bad = await run(recording, '--query', 'colour:red');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^acp-desk traffic: --query: Unknown field "colour" at column 1; .*\n$/);
    const missing = await run(path.join(dir, 'nope.jsonl'));
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read it \(ENOENT\)\n$/) });
    const notRec = path.join(dir, 'not.jsonl');
    await writeFile(notRec, 'hello\nworld\n');
    const n = await run(notRec);
    expect(n).toMatchObject({ code: 2, err: expect.stringMatching(/not a traffic recording \(line 1: not JSON/) });
    expect((await run(recording, '--json', '--har', 'x.har')).code).toBe(2);
    expect((await run()).code).toBe(2);
  });

  it('skips bad lines with one warning and still filters the rest', async () => {
    const mixed = path.join(dir, 'mixed.jsonl');
    await writeFile(mixed, `${serializeJsonl(fixtureRecords().slice(0, 2))}{oops\n`);
    const { code, out, err } = await run(mixed);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    expect(err).toMatch(/^acp-desk traffic: .*mixed\.jsonl: skipped 1 bad line \(first: line 3: not JSON/);
    expect(err.split('\n')).toHaveLength(2);
  });

  it('reads standard input for FILE -', async () => {
    const io = memoryIo(serializeJsonl(fixtureRecords()));
    const code = await main(['traffic', '-', '--query', 'kind:request'], io);
    expect(code).toBe(0);
    expect(io.out().trimEnd().split('\n')).toHaveLength(2);
  });

  it('parses its flags', () => {
    expect(parseTrafficArgs(['f.jsonl'])).toEqual({ file: 'f.jsonl', query: '', output: 'lines' });
    expect(parseTrafficArgs(['f.jsonl', '--har', 'o.har', '--query', 'dir:in'])).toEqual({
      file: 'f.jsonl',
      query: 'dir:in',
      output: 'har',
      harFile: 'o.har',
    });
  });

  it('is listed in acp-desk --help', async () => {
    const io = memoryIo();
    await main(['--help'], io);
    expect(io.out()).toContain('traffic');
  });
});
