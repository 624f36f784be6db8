import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../../src/core/endpoints/secret-store';
import { loadSettings, SETTINGS_VERSION } from '../../../src/core/endpoints/settings-file';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-settings-q-'));

const endpoint = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Endpoint ${id}`,
  url: `https://${id}.example/acp`,
  transport: 'auto',
  headers: [],
  cwd: '',
  notes: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('settings file: one bad endpoint', () => {
  it('keeps the valid endpoints and sets the invalid one aside with its reason', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const bad = endpoint('b', { transport: 'carrier-pigeon' });
    writeFileSync(
      file,
      JSON.stringify({
        version: SETTINGS_VERSION,
        endpoints: [endpoint('a'), bad, endpoint('c')],
        selectedEndpointId: 'b',
        demoSeeded: true,
      }),
    );
    const repo = await EndpointRepository.open(file, await createFileKeyCipher(dir));
    expect(repo.list().endpoints.map((e) => e.id)).toEqual(['a', 'c']);
    expect(repo.list().selectedId).toBeNull();
    expect(repo.quarantined).toHaveLength(1);
    expect(repo.quarantined[0]).toMatchObject({ id: 'b', name: 'Endpoint b' });
    expect(repo.quarantined[0]!.reason).toMatch(/transport/);
    expect(repo.loadProblem).toMatch(/^1 endpoint could not be read: .*transport/);
    // The same sentence reaches the UI with the list (the sidebar shows it once).
    expect(repo.list().notice).toBe(repo.loadProblem);
    // The file was not moved aside; the bad entry's raw JSON is kept inside it.
    expect(readdirSync(dir).filter((f) => f.startsWith('settings.json'))).toEqual(['settings.json']);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.endpoints.map((e: { id: string }) => e.id)).toEqual(['a', 'c']);
    expect(onDisk.quarantined[0].raw).toEqual(bad);
    // A later save keeps the set-aside entry, and a reopen still reports it.
    await repo.save('a', { name: 'A2', url: 'https://a.example/acp' });
    const again = await EndpointRepository.open(file, await createFileKeyCipher(dir));
    expect(again.list().endpoints.map((e) => e.name)).toEqual(['A2', 'Endpoint c']);
    expect(again.quarantined.map((q) => q.id)).toEqual(['b']);
    expect(JSON.parse(readFileSync(file, 'utf8')).quarantined).toHaveLength(1);
  });

  it('sets aside non-objects and duplicate ids too', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: SETTINGS_VERSION,
        endpoints: [endpoint('a'), 42, null, endpoint('a', { name: 'dup' })],
        selectedEndpointId: 'a',
        demoSeeded: false,
      }),
    );
    const loaded = await loadSettings(file);
    expect(loaded.settings.endpoints.map((e) => e.name)).toEqual(['Endpoint a']);
    expect(loaded.settings.selectedEndpointId).toBe('a');
    expect(loaded.settings.quarantined?.map((q) => q.reason)).toEqual([
      expect.stringMatching(/not an object/),
      expect.stringMatching(/not an object/),
      expect.stringMatching(/same id/),
    ]);
    expect(loaded.problem).toMatch(/^3 endpoints could not be read/);
  });
});

describe('settings file from a newer ACP Desk', () => {
  it('is left alone, opened read-only, and saves are refused with a sentence', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const text = JSON.stringify({
      version: SETTINGS_VERSION + 1,
      endpoints: [endpoint('a'), { id: 'future', shape: 'unknown' }],
      selectedEndpointId: 'a',
      demoSeeded: true,
      somethingNew: { x: 1 },
    });
    writeFileSync(file, text);
    const repo = await EndpointRepository.open(file, await createFileKeyCipher(dir));
    expect(repo.readOnly).toBe(true);
    expect(repo.loadProblem).toMatch(/newer ACP Desk/);
    expect(repo.list().endpoints.map((e) => e.id)).toEqual(['a']);
    await expect(repo.save('a', { name: 'x', url: 'https://a.example/acp' })).rejects.toThrow(
      /newer (version of )?ACP Desk/,
    );
    await expect(repo.remove('a')).rejects.toThrow(/newer (version of )?ACP Desk/);
    // Start-up chores and selection work in memory but never touch the file.
    await repo.ensureDemoEndpoint('http://127.0.0.1:1/acp');
    await repo.rememberTransport('a', 'ws');
    await repo.select('a');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((f) => f.startsWith('settings.json'))).toEqual(['settings.json']);
  });

  it('refuses to overwrite a file a newer ACP Desk wrote after this one opened it', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const repo = await EndpointRepository.open(file, await createFileKeyCipher(dir));
    await repo.save(undefined, { name: 'x', url: 'https://x.example/acp' });
    const newer = JSON.stringify({ version: SETTINGS_VERSION + 1, endpoints: [] });
    writeFileSync(file, newer);
    await expect(repo.save(undefined, { name: 'y', url: 'https://y.example/acp' })).rejects.toThrow(
      /newer (version of )?ACP Desk/,
    );
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });
});
