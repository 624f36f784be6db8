import { describe, expect, it } from 'vitest';
import { capabilityPaths, diffSnapshots, driftLines, snapshotOf } from '../../../src/shared/domain/capability-drift';

const init = (caps: unknown, version = '1.0.0', auth: string[] = []) => ({
  protocolVersion: 1,
  agentInfo: { name: 'agent', version },
  agentCapabilities: caps,
  authMethods: auth.map((id) => ({ id, name: id })),
});

describe('capability paths', () => {
  it.each([
    ['a true flag', { loadSession: true }, ['loadSession']],
    ['false and null are off', { loadSession: false, x: null }, []],
    [
      'nested flags by dotted path',
      { promptCapabilities: { image: true, audio: false } },
      ['promptCapabilities.image'],
    ],
    [
      'an empty object is on (a capability without options)',
      { sessionCapabilities: { fork: {} } },
      ['sessionCapabilities.fork'],
    ],
    ['_meta is not compared', { _meta: { a: 1 }, loadSession: true, p: { _meta: { b: 1 } } }, ['loadSession', 'p']],
    ['not an object', 'nonsense', []],
  ])('%s', (_name, caps, paths) => {
    expect(capabilityPaths(caps)).toEqual(paths);
  });

  it('is bounded for a hostile agent (deep and wide)', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100; i++) deep = { [`k${i}`]: deep };
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, true]));
    expect(capabilityPaths(deep).length).toBe(1);
    expect(capabilityPaths(wide).length).toBe(256);
  });
});

describe('capability drift', () => {
  it('is null when nothing changed, whatever the order', () => {
    const a = snapshotOf(init({ loadSession: true, promptCapabilities: { image: true } }), 1);
    const b = snapshotOf(init({ promptCapabilities: { image: true }, loadSession: true }), 2);
    expect(diffSnapshots(a, b)).toBeNull();
  });

  it('names added and removed capabilities, a version bump and auth changes', () => {
    const a = snapshotOf(init({ loadSession: true, promptCapabilities: { image: true } }, '1.0.0', ['token']), 10);
    const b = snapshotOf(init({ loadSession: true, sessionCapabilities: { fork: {} } }, '1.1.0', ['oauth']), 20);
    const d = diffSnapshots(a, b)!;
    expect(d).toMatchObject({
      since: 10,
      added: ['sessionCapabilities.fork'],
      removed: ['promptCapabilities.image'],
      agentVersion: { from: '1.0.0', to: '1.1.0' },
      authAdded: ['oauth'],
      authRemoved: ['token'],
    });
    expect(d.protocolVersion).toBeUndefined();
    expect(driftLines(d)).toEqual([
      'Agent version 1.0.0 → 1.1.0',
      'New: sessionCapabilities.fork',
      'No longer offered: promptCapabilities.image',
      'New sign-in methods: oauth',
      'Sign-in methods removed: token',
    ]);
  });
});
