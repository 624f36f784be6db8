import { describe, expect, it } from 'vitest';
import { NO_SESSION_OPS, sessionOps } from '../../../src/shared/session/ops';

describe('sessionOps', () => {
  it('is all false for an agent not initialized or advertising nothing', () => {
    expect(sessionOps(undefined)).toEqual(NO_SESSION_OPS);
    expect(sessionOps(null)).toEqual(NO_SESSION_OPS);
    expect(sessionOps({})).toEqual(NO_SESSION_OPS);
    expect(sessionOps({ loadSession: true, sessionCapabilities: { list: {}, close: {}, resume: {} } })).toEqual(
      NO_SESSION_OPS,
    );
  });

  it('reads each flag where the SDK schema puts it', () => {
    expect(sessionOps({ sessionCapabilities: { fork: {} } })).toEqual({ ...NO_SESSION_OPS, fork: true });
    expect(sessionOps({ sessionCapabilities: { title: {} } })).toEqual({ ...NO_SESSION_OPS, rename: true });
    expect(sessionOps({ sessionCapabilities: { archive: {}, list: {} } })).toEqual({
      ...NO_SESSION_OPS,
      archive: true,
    });
    expect(sessionOps({ sessionCapabilities: { delete: {} } })).toEqual({ ...NO_SESSION_OPS, delete: true });
    expect(sessionOps({ sessionCapabilities: { status: {} } })).toEqual({ ...NO_SESSION_OPS, status: true });
    expect(sessionOps({ auth: { logout: {} } })).toEqual({ ...NO_SESSION_OPS, logout: true });
    expect(sessionOps({ providers: {} })).toEqual({ ...NO_SESSION_OPS, providers: true });
  });

  it('counts only a present object as advertised (null, true or a string is not)', () => {
    const odd = {
      sessionCapabilities: { fork: null, title: true, delete: 'yes' },
      auth: { logout: [] },
      providers: null,
    };
    expect(sessionOps(odd as unknown as Record<string, unknown>)).toEqual(NO_SESSION_OPS);
    expect(sessionOps({ sessionCapabilities: 'all', auth: 1 } as unknown as Record<string, unknown>)).toEqual(
      NO_SESSION_OPS,
    );
  });
});
