import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../src/renderer/bridge/fake-bridge';

describe('fake bridge: session operations', () => {
  it('answers each advertised operation and records its effect', async () => {
    const bridge = createFakeBridge();
    expect(await bridge.endpoints.ops({ id: 'e' })).toMatchObject({ ok: true, value: { fork: true, delete: true } });
    expect(await bridge.sessions.fork({ sessionId: 's1' })).toMatchObject({
      ok: true,
      value: { sessionId: expect.any(String) },
    });
    expect(await bridge.sessions.rename({ sessionId: 's1', title: ' New ' })).toEqual({
      ok: true,
      value: { title: 'New' },
    });
    await bridge.sessions.archive({ sessionId: 's1' });
    expect(await bridge.sessions.status({ sessionId: 's1' })).toEqual({
      ok: true,
      value: { status: 'saved', reported: 'saved' },
    });
    await bridge.sessions.delete({ sessionId: 's1', keepTranscript: true });
    expect(bridge.fake.sessionOps.deleted.get('s1')).toEqual({ keepTranscript: true });
    await bridge.endpoints.logout({ id: 'e' });
    expect(bridge.fake.sessionOps.logouts).toBe(1);
  });

  it('refuses what is not advertised, like the core, and validates payloads', async () => {
    const bridge = createFakeBridge({ sessionOps: { fork: false } });
    expect(await bridge.endpoints.ops({ id: 'e' })).toMatchObject({ ok: true, value: { fork: false, rename: true } });
    expect(await bridge.sessions.fork({ sessionId: 's1' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/does not offer forking sessions/) },
    });
    const bad = await bridge.sessions.delete({ sessionId: 's1' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
