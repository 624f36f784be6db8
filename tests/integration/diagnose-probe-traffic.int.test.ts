/**
 * `acp-desk probe --traffic FILE` (issue 12) against the real demo agent: the doctor's and the
 * checks' exchanges are written as JSONL in the `chat --traffic` format (the inspector opens it
 * as a recording), redacted (a `--header` credential appears nowhere), and the `--json`
 * report's steps name their records in that file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/args';
import { probeCommand } from '../../src/cli/commands/probe';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import { parseJsonl } from '../../src/shared/traffic/jsonl';

const SECRET = 'probe-traffic-secret-0a1b2c3d4e5f';
let agent: DemoAgentServer;

beforeAll(async () => {
  agent = await startDemoAgent({ streamDelayMs: 0 });
});
afterAll(async () => {
  await agent?.close();
});

function io(): CliIo & { text(): string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return {
    stdout: out,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    interrupted: new Promise<void>(() => undefined),
    text: () => text,
  };
}

describe('acp-desk probe --traffic', () => {
  it('writes every exchange as redacted JSONL, and the report names each step its records', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'acp-probe-traffic-')), 'probe.jsonl');
    const out = io();
    const code = await probeCommand.run(
      [agent.url, '--json', '--traffic', file, '--header', `Authorization: Bearer ${SECRET}`],
      out,
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.text()) as ProbeReport;
    const content = readFileSync(file, 'utf8');
    expect(content).not.toContain(SECRET);
    const { records, errors } = parseJsonl(content);
    expect(errors).toEqual([]);
    const init = report.steps.find((s) => s.id === 'initialize')!;
    const mine = records.filter((r) => r.seq >= init.frames!.fromSeq && r.seq <= init.frames!.toSeq);
    expect(mine.map((r) => r.kind)).toEqual(['message', 'http', 'message']);
    expect(mine.find((r) => r.kind === 'http')).toMatchObject({
      method: 'POST',
      status: 200,
      requestHeaders: { authorization: '[redacted]' },
    });
    expect(records.at(-1)!.seq).toBe(records.length);
  });

  it('without --traffic the report is as before: no frames', async () => {
    const out = io();
    expect(await probeCommand.run([agent.url, '--json', '--only', 'doctor'], out)).toBe(0);
    const report = JSON.parse(out.text()) as ProbeReport;
    expect(report.steps.some((s) => s.frames)).toBe(false);
  });
});
