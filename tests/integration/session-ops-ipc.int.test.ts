/**
 * The session operations through the host's invoke pipeline (issue 14): zod refuses a bad
 * payload before any handler runs, and on disk a deleted session's transcript goes away or
 * stays (read-only) as asked. The agent is the test agent on the SDK's AcpServer.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { dispatchInvoke } from '../../src/core/host/dispatch';
import { transcriptFileName } from '../../src/core/persistence/transcript-file';
import { probeEndpoint } from '../../src/core/transport/probe';
import { startTestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function rig(ops: 'all' | 'none') {
  const a = await startTestAgent({ ops });
  cleanups.push(() => a.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-ops-'));
  const core: AppCore = await createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: (e) => probeEndpoint(e),
  });
  cleanups.push(() => core.dispose());
  const invoke = (channel: string, payload?: unknown) => dispatchInvoke(core.handlers, channel, payload);
  const saved = await core.handlers['endpoints:save']({
    draft: { name: 'Ops', url: a.url, transport: 'http', headers: [], cwd: '', notes: '' },
  });
  const { sessionId } = await core.handlers['sessions:new']({ endpointId: saved.id, cwd: '/tmp' });
  const transcript = path.join(dir, 'transcripts');
  return { a, core, invoke, endpointId: saved.id, sessionId, transcript };
}

describe('session operations over the invoke pipeline', () => {
  it('validates payloads and runs fork, rename, status and providers', async () => {
    const { invoke, endpointId, sessionId } = await rig('all');
    expect(await invoke('endpoints:ops', { id: endpointId })).toMatchObject({ ok: true, value: { fork: true } });
    expect(await invoke('sessions:rename', { sessionId, title: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await invoke('sessions:delete', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await invoke('endpoints:setProvider', {
        id: endpointId,
        providerId: 'openai',
        apiType: 'openai',
        baseUrl: 'file:///x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await invoke('sessions:rename', { sessionId, title: 'Named' })).toEqual({
      ok: true,
      value: { title: 'Named' },
    });
    const forked = await invoke('sessions:fork', { sessionId });
    expect(forked).toMatchObject({ ok: true, value: { sessionId: expect.any(String) } });
    expect(await invoke('sessions:status', { sessionId })).toEqual({
      ok: true,
      value: { status: 'open', reported: 'open' },
    });
    expect(
      await invoke('endpoints:setProvider', {
        id: endpointId,
        providerId: 'openai',
        apiType: 'openai',
        baseUrl: 'https://proxy.example.test/v1',
      }),
    ).toEqual({ ok: true, value: null });
    const providers = await invoke('endpoints:providers', { id: endpointId });
    expect(providers).toMatchObject({
      ok: true,
      value: expect.arrayContaining([expect.objectContaining({ providerId: 'openai' })]),
    });
    expect(await invoke('endpoints:logout', { id: endpointId })).toEqual({ ok: true, value: null });
  });

  it('deletes the transcript file, or keeps it read-only', async () => {
    const { core, invoke, endpointId, sessionId, transcript } = await rig('all');
    const { sessionId: other } = await core.handlers['sessions:new']({ endpointId, cwd: '/tmp' });
    const file = (id: string) => path.join(transcript, transcriptFileName(id));
    expect(existsSync(file(sessionId)) && existsSync(file(other))).toBe(true);
    expect(await invoke('sessions:delete', { sessionId, keepTranscript: false })).toEqual({ ok: true, value: null });
    expect(existsSync(file(sessionId))).toBe(false);
    expect(core.engine.listSessions().map((s) => s.sessionId)).not.toContain(sessionId);
    expect(await invoke('sessions:delete', { sessionId: other, keepTranscript: true })).toEqual({
      ok: true,
      value: null,
    });
    expect(existsSync(file(other))).toBe(true);
    expect(core.engine.listSessions().find((s) => s.sessionId === other)?.readOnly).toMatch(/deleted/);
  });

  it('answers every operation with a clear refusal when the agent advertises none', async () => {
    const { invoke, endpointId, sessionId } = await rig('none');
    const ops = await invoke('endpoints:ops', { id: endpointId });
    expect(ops.ok && Object.values(ops.value as object).every((v) => v === false)).toBe(true);
    const r = await invoke('sessions:fork', { sessionId });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/does not offer forking/) },
    });
  });
});
