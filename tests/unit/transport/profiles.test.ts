import { describe, expect, it } from 'vitest';
import type { AnyRequest, AnyResponse } from '../../../src/core/transport/jsonrpc';
import { LinkError, type Link, type LinkFailureKind } from '../../../src/core/transport/link';
import { handshakeWithFallback, profileOrder } from '../../../src/core/transport/profiles';

const initialize: AnyRequest = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: 1 } };
const answer = (kind: string): AnyResponse => ({ jsonrpc: '2.0', id: 0, result: { via: kind } });

type Outcome = { ok: true } | { fail: LinkFailureKind; message: string } | { throws: unknown };

/** Fake links: each profile's handshake answers or fails as told; records what was opened and closed. */
function fakeLinks(outcomes: Partial<Record<'http' | 'ws', Outcome>>) {
  const opened: Array<'http' | 'ws'> = [];
  const closed: Array<{ kind: 'http' | 'ws'; terminate: boolean | undefined }> = [];
  const handshakes: AnyRequest[] = [];
  const open = (kind: 'http' | 'ws'): Link => {
    opened.push(kind);
    return {
      kind,
      connectionId: undefined,
      handshake(req) {
        handshakes.push(req);
        const o = outcomes[kind] ?? { ok: true };
        if ('ok' in o) return Promise.resolve(answer(kind));
        if ('throws' in o) return Promise.reject(o.throws);
        return Promise.reject(new LinkError(o.fail, o.message, 400));
      },
      send: () => Promise.resolve(),
      openSession: () => Promise.resolve(),
      closeSession: () => undefined,
      settle: () => Promise.resolve(),
      close(options) {
        closed.push({ kind, terminate: options?.terminate });
        return Promise.resolve();
      },
    };
  };
  return { open, opened, closed, handshakes };
}

describe('handshakeWithFallback', () => {
  it('uses the first profile that answers and closes nothing', async () => {
    const f = fakeLinks({});
    await expect(handshakeWithFallback(['http', 'ws'], initialize, f.open)).resolves.toEqual({
      response: answer('http'),
      kind: 'http',
    });
    expect(f.opened).toEqual(['http']);
    expect(f.closed).toEqual([]);
    expect(f.handshakes).toEqual([initialize]);
  });

  it('falls through a refused profile, terminating its link, and says why', async () => {
    const f = fakeLinks({ http: { fail: 'refused-profile', message: 'HTTP 405 on POST' } });
    await expect(handshakeWithFallback(['http', 'ws'], initialize, f.open)).resolves.toEqual({
      response: answer('ws'),
      kind: 'ws',
      fallbackReason: 'HTTP 405 on POST',
    });
    expect(f.opened).toEqual(['http', 'ws']);
    expect(f.closed).toEqual([{ kind: 'http', terminate: true }]);
  });

  it('falls through a network failure too', async () => {
    const f = fakeLinks({ ws: { fail: 'network', message: 'ECONNREFUSED' } });
    await expect(handshakeWithFallback(['ws', 'http'], initialize, f.open)).resolves.toMatchObject({
      kind: 'http',
      fallbackReason: 'ECONNREFUSED',
    });
  });

  it('does not fall back on other failures (auth, timeout, not ACP)', async () => {
    for (const fail of ['auth', 'timeout', 'not-acp', 'http'] as const) {
      const f = fakeLinks({ http: { fail, message: `${fail} failed` } });
      const e = await handshakeWithFallback(['http', 'ws'], initialize, f.open).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LinkError);
      expect(e).toMatchObject({ kind: fail, message: `${fail} failed`, status: 400 });
      expect(f.opened).toEqual(['http']);
      expect(f.closed).toEqual([{ kind: 'http', terminate: true }]);
    }
  });

  it('throws every error in order when the last profile fails too', async () => {
    const f = fakeLinks({
      http: { fail: 'refused-profile', message: 'HTTP 405.' },
      ws: { fail: 'auth', message: 'WebSocket 401.' },
    });
    const e = await handshakeWithFallback(['http', 'ws'], initialize, f.open).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'auth', message: 'HTTP 405. Then: WebSocket 401.' });
    expect(f.closed.map((c) => c.kind)).toEqual(['http', 'ws']);
  });

  it('a single profile that is refused is not retried anywhere', async () => {
    const f = fakeLinks({ ws: { fail: 'refused-profile', message: 'no upgrade' } });
    await expect(handshakeWithFallback(['ws'], initialize, f.open)).rejects.toMatchObject({
      kind: 'refused-profile',
      message: 'no upgrade',
    });
    expect(f.opened).toEqual(['ws']);
  });

  it('turns a non-LinkError rejection into a network failure, which may fall back', async () => {
    const f = fakeLinks({ http: { throws: new TypeError('fetch failed') } });
    await expect(handshakeWithFallback(['http', 'ws'], initialize, f.open)).resolves.toMatchObject({
      kind: 'ws',
      fallbackReason: 'TypeError: fetch failed',
    });
  });
});

describe('profileOrder', () => {
  it('keeps a fixed profile, uses WebSocket for ws URLs, else the preferred one first', () => {
    expect(profileOrder('http', 'ws://h/acp')).toEqual(['http']);
    expect(profileOrder('ws', 'https://h/acp')).toEqual(['ws']);
    expect(profileOrder('auto', 'WSS://h/acp')).toEqual(['ws']);
    expect(profileOrder('auto', 'https://h/acp')).toEqual(['http', 'ws']);
    expect(profileOrder('auto', 'https://h/acp', 'ws')).toEqual(['ws', 'http']);
  });
});
