import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CapabilityStore, DriftAnnotator } from '../../../src/core/endpoints/capability-store';
import type { EndpointStatus } from '../../../src/shared/domain/history';
import type { ProbeReport } from '../../../src/shared/domain/probe-report';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'acp-caps-'));
const status = (caps: Record<string, unknown>, version = '1.0.0'): EndpointStatus => ({
  endpointId: 'e1',
  state: 'connected',
  agentInfo: { name: 'agent', version },
  agentCapabilities: caps,
  authMethods: [],
});

describe('capability snapshots across connects', () => {
  it('the first connect has no drift; a later one says what changed, and it survives a restart', async () => {
    const file = path.join(dir(), 'capabilities.json');
    const store = await CapabilityStore.open(file);
    const a = new DriftAnnotator(store, () => 100);
    expect(a.annotate(status({ loadSession: true })).capabilityDrift).toBeUndefined();
    await store.flush();
    // A new process: the snapshot was on disk.
    const fresh = await CapabilityStore.open(file);
    expect(fresh.snapshotOf('e1')?.capabilities).toEqual(['loadSession']);
    const b = new DriftAnnotator(fresh, () => 200);
    const next = b.annotate(status({ loadSession: true, sessionCapabilities: { fork: {} } }, '1.1.0'));
    expect(next.capabilityDrift).toMatchObject({ since: 100, added: ['sessionCapabilities.fork'], removed: [] });
  });

  it('other status changes keep the drift of the connect (the capabilities object is the same)', async () => {
    const a = new DriftAnnotator(await CapabilityStore.open(path.join(dir(), 'c.json')));
    a.annotate(status({ loadSession: true }));
    const caps = { loadSession: true, image: true };
    const connected = status(caps);
    expect(a.annotate(connected).capabilityDrift?.added).toEqual(['image']);
    expect(a.annotate({ ...connected, state: 'reconnecting', attempt: 1 }).capabilityDrift?.added).toEqual(['image']);
  });

  it('an unreadable file is moved aside and reported; bad entries are dropped', async () => {
    const d = dir();
    const file = path.join(d, 'capabilities.json');
    writeFileSync(file, '{not json');
    const warnings: string[] = [];
    const s = await CapabilityStore.open(file, (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/could not be read/);
    expect(readdirSync(d).some((f) => f.startsWith('capabilities.json.corrupt-'))).toBe(true);
    expect(s.snapshotOf('x')).toBeUndefined();
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        endpoints: {
          bad: { at: 'x' },
          good: { at: 1, protocolVersion: 1, agentName: null, agentVersion: null, capabilities: [], authMethods: [] },
        },
      }),
    );
    const t = await CapabilityStore.open(file);
    expect(t.snapshotOf('bad')).toBeUndefined();
    expect(t.snapshotOf('good')).toBeDefined();
    expect(readFileSync(file, 'utf8')).toContain('good');
  });

  it('a Diagnose report carries what changed since the last connect, without replacing the snapshot', async () => {
    const store = await CapabilityStore.open(path.join(dir(), 'c.json'));
    const a = new DriftAnnotator(store, () => 50);
    a.annotate(status({ loadSession: true }));
    const report = {
      agent: {
        protocolVersion: 1,
        agentInfo: { name: 'agent', version: '1.2.0' },
        agentCapabilities: { loadSession: true, image: true },
        authMethods: [],
        connectionId: null,
      },
    } as unknown as ProbeReport;
    expect(a.annotateReport('e1', report).drift).toMatchObject({
      since: 50,
      added: ['image'],
      agentVersion: { from: '1.0.0', to: '1.2.0' },
    });
    // Diagnose is not a connect: the next connect still compares with the connect before it.
    expect(store.snapshotOf('e1')?.capabilities).toEqual(['loadSession']);
    expect(a.annotateReport('other', report).drift).toBeUndefined();
    expect(a.annotateReport('e1', { ...report, agent: null }).drift).toBeUndefined();
  });
});
