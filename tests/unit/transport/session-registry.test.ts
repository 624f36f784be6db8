import { describe, expect, it } from 'vitest';
import type { TransportEvent } from '../../../src/shared/domain/traffic';
import type { AnyResponse } from '../../../src/core/transport/jsonrpc';
import { SessionRegistry } from '../../../src/core/transport/session-registry';

type Call = { method: string; params: Record<string, unknown>; sessionId: string };

/** reattachAll's dependencies, answering each request with `answer` and logging everything in order. */
function deps(capabilities: Record<string, unknown>, answer: (c: Call) => AnyResponse = () => ok) {
  const log: Array<string | TransportEvent | Call> = [];
  return {
    log,
    d: {
      capabilities,
      request(method: string, params: Record<string, unknown>, sessionId: string) {
        const call = { method, params, sessionId };
        log.push(call);
        return Promise.resolve(answer(call));
      },
      settle(sessionId: string) {
        log.push(`settle ${sessionId}`);
        return Promise.resolve();
      },
      event(e: TransportEvent) {
        log.push(e);
      },
    },
  };
}
const ok: AnyResponse = { jsonrpc: '2.0', id: 1, result: {} };
const failed = (message: string): AnyResponse => ({ jsonrpc: '2.0', id: 1, error: { code: -32002, message } });

describe('SessionRegistry', () => {
  it('remembers what re-attaching needs, with defaults for missing or odd params', async () => {
    const reg = new SessionRegistry();
    reg.remember('a', { cwd: '/w', mcpServers: [{ name: 'm' }], additionalDirectories: ['/x'], other: 1 });
    reg.remember('b', 'not an object');
    reg.remember('c', { cwd: 7, mcpServers: 'no' });
    const { d, log } = deps({ loadSession: true, sessionCapabilities: { resume: {} } });
    await reg.reattachAll(d);
    const calls = log.filter((x): x is Call => typeof x === 'object' && 'method' in x);
    expect(calls.map((c) => c.params)).toEqual([
      { sessionId: 'a', cwd: '/w', mcpServers: [{ name: 'm' }], additionalDirectories: ['/x'] },
      { sessionId: 'b', cwd: '/', mcpServers: [] },
      { sessionId: 'c', cwd: '/', mcpServers: [] },
    ]);
    expect(calls.map((c) => c.sessionId)).toEqual(['a', 'b', 'c']);
  });

  it('prefers session/resume and needs no settle for it', async () => {
    const reg = new SessionRegistry();
    reg.remember('a', { cwd: '/w' });
    const { d, log } = deps({ loadSession: true, sessionCapabilities: { resume: {} } });
    await reg.reattachAll(d);
    expect(log).toEqual([
      { type: 'reattaching', sessionId: 'a', via: 'session/resume' },
      { method: 'session/resume', params: { sessionId: 'a', cwd: '/w', mcpServers: [] }, sessionId: 'a' },
      { type: 'recovered', sessionId: 'a', via: 'session/resume' },
    ]);
  });

  it('falls back to session/load and waits for its replay to settle before saying recovered', async () => {
    const reg = new SessionRegistry();
    reg.remember('a', { cwd: '/w' });
    const { d, log } = deps({ loadSession: true });
    await reg.reattachAll(d);
    expect(log).toEqual([
      { type: 'reattaching', sessionId: 'a', via: 'session/load' },
      { method: 'session/load', params: { sessionId: 'a', cwd: '/w', mcpServers: [] }, sessionId: 'a' },
      'settle a',
      { type: 'recovered', sessionId: 'a', via: 'session/load' },
    ]);
    expect(reg.detachedReason('a')).toBeUndefined();
  });

  it('detaches every session when the agent can neither resume nor load', async () => {
    const reg = new SessionRegistry();
    reg.remember('a', {});
    reg.remember('b', {});
    const { d, log } = deps({ sessionCapabilities: { resume: true } }); // not an object: not advertised
    await reg.reattachAll(d);
    expect(log).toEqual([
      { type: 'detached', sessionId: 'a', reason: expect.stringMatching(/neither resume nor load/) as string },
      { type: 'detached', sessionId: 'b', reason: expect.stringMatching(/neither resume nor load/) as string },
    ]);
    expect(reg.detachedReason('a')).toMatch(/neither resume nor load/);
    // A detached session is not re-attached on the next connection.
    const again = deps({ loadSession: true });
    await reg.reattachAll(again.d);
    expect(again.log).toEqual([]);
  });

  it('detaches a session whose re-attach the agent refused, and goes on with the others', async () => {
    const reg = new SessionRegistry();
    reg.remember('gone', {});
    reg.remember('ok', {});
    const { d, log } = deps({ loadSession: true }, (c) => (c.sessionId === 'gone' ? failed('Session not found') : ok));
    await reg.reattachAll(d);
    expect(reg.detachedReason('gone')).toBe('session/load failed: Session not found');
    expect(log).toContainEqual({
      type: 'detached',
      sessionId: 'gone',
      reason: 'session/load failed: Session not found',
    });
    expect(log).not.toContain('settle gone');
    expect(log).toContainEqual({ type: 'recovered', sessionId: 'ok', via: 'session/load' });
  });

  it('remembering a session again clears its detached reason', () => {
    const reg = new SessionRegistry();
    reg.detach('a', 'lost');
    expect(reg.detachedReason('a')).toBe('lost');
    reg.remember('a', {});
    expect(reg.detachedReason('a')).toBeUndefined();
  });

  it('tracks the last activity per session; forgetting clears it', async () => {
    const reg = new SessionRegistry();
    expect(reg.lastActivity('a')).toBe(0);
    reg.remember('a', {});
    reg.touch('a', 100);
    reg.touch('a', 250);
    expect(reg.lastActivity('a')).toBe(250);
    reg.forget('a');
    expect(reg.lastActivity('a')).toBe(0);
    const { d, log } = deps({ loadSession: true });
    await reg.reattachAll(d);
    expect(log).toEqual([]);
  });
});
