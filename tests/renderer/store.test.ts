import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../src/renderer/bridge/fake-bridge';
import { sampleProbe } from '../../src/renderer/bridge/fake-data';
import {
  listReceived,
  selectFinished,
  selectStarted,
  initialEndpoints,
} from '../../src/renderer/state/endpoints-slice';
import { asSentence, describeError } from '../../src/renderer/state/error-text';
import { createAppStore } from '../../src/renderer/state/store';
import type { AgentProbe } from '../../src/shared/domain/app';
import { err, ok, type IpcResult } from '../../src/shared/util/result';
import { deferred } from './render-app';

describe('commands', () => {
  it('refresh loads the app info and the endpoint list', async () => {
    const store = createAppStore(createFakeBridge({ selectedId: 'staging' }));

    await store.commands.refresh();

    const s = store.getState();
    expect(s.app.info?.name).toBe('ACP Desk');
    expect(s.endpoints.list).toHaveLength(3);
    expect(s.endpoints.selectedId).toBe('staging');
    expect(s.endpoints.loaded).toBe(true);
  });

  it('testEndpoint goes through testing to ok, and to error with a sentence', async () => {
    const slow = deferred<IpcResult<AgentProbe>>();
    const store = createAppStore(
      createFakeBridge({
        probe: (e) => (e.id === 'demo' ? slow.promise : err('unauthorized', 'HTTP 401 from the agent')),
      }),
    );

    const running = store.commands.testEndpoint('demo');
    expect(store.getState().endpoints.probes.demo).toEqual({ status: 'testing' });
    slow.resolve(ok(sampleProbe()));
    await running;
    await store.commands.testEndpoint('staging');

    expect(store.getState().endpoints.probes.demo).toEqual({ status: 'ok', probe: sampleProbe() });
    expect(store.getState().endpoints.probes.staging).toEqual({
      status: 'error',
      code: 'unauthorized',
      kind: 'auth',
      message: 'The agent wants you to sign in (HTTP 401).',
      nextStep: 'Sign in, or add the token in the endpoint’s headers (for example Authorization), then test again.',
      details: { raw: 'HTTP 401 from the agent', status: 401 },
    });
  });

  it('turns a bridge that rejects into an error value instead of throwing', async () => {
    const bridge = createFakeBridge({
      handlers: { 'endpoints:list': () => Promise.reject(new Error('No handler registered')) },
    });
    const store = createAppStore(bridge);

    await expect(store.commands.loadEndpoints()).resolves.toBeUndefined();

    expect(store.getState().endpoints.loadError).toMatchObject({ code: 'internal', message: 'No handler registered.' });
  });
});

describe('endpoints slice', () => {
  const list = (selectedId: string | null) => ({
    endpoints: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ] as never,
    selectedId,
  });

  it('keeps the local selection while a select is in flight, and reverts to the host on failure', () => {
    let s = listReceived(initialEndpoints, list('a'));
    s = selectStarted(s, 'b');
    s = listReceived(s, list('a')); // a stale push from an earlier change
    expect(s.selectedId).toBe('b');
    s = selectFinished(s, describeError({ code: 'internal', message: 'disk full' }, 'select'));

    expect(s.selectedId).toBe('a');
    expect(s.selectError?.message).toBe('Disk full.');
  });
});

describe('asSentence', () => {
  it('capitalises and ends with a full stop once', () => {
    expect(asSentence('  no route to host ')).toBe('No route to host.');
    expect(asSentence('Done!')).toBe('Done!');
    expect(asSentence('')).toBe('Something went wrong.');
  });

  it('leaves a leading URL or method name as written (never "Http://…")', () => {
    expect(asSentence('http://127.0.0.1:4319/acp does not look like an ACP endpoint')).toBe(
      'http://127.0.0.1:4319/acp does not look like an ACP endpoint.',
    );
    expect(asSentence('session/load was refused')).toBe('session/load was refused.');
    expect(asSentence('localhost:8080 refused the connection')).toBe('localhost:8080 refused the connection.');
  });
});
