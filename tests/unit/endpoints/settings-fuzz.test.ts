/**
 * Property tests of the settings loader: whatever is on disk, it loads without throwing, keeps
 * every endpoint that is still valid, loses none (the rest are set aside or the file is moved
 * aside whole), and never writes a file of an older version than the one it found.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings, SETTINGS_VERSION, settingsSchema } from '../../../src/core/endpoints/settings-file';

const root = mkdtempSync(path.join(os.tmpdir(), 'acp-settings-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const FUZZ = { seed: 20261202, numRuns: 100 } as const;

const storedEndpoint = settingsSchema.shape.endpoints.element;

function endpoint(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `Endpoint ${id}`,
    url: `https://${id}.example/acp`,
    transport: 'auto',
    headers: [
      { name: 'Authorization', secret: true, sealed: 'v1.AAAA' },
      { name: 'X-Team', secret: false, value: 'blue' },
    ],
    cwd: '/work',
    notes: 'n',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const VALID = JSON.stringify(
  {
    version: SETTINGS_VERSION,
    endpoints: [
      endpoint('a'),
      endpoint('b', { transport: 'ws', idleTimeoutSec: 30, lastWorkingTransport: 'ws' }),
      endpoint('c', { mcpSealed: 'v1.BBBB', mcpSummary: [{ name: 'gh', type: 'stdio' }] }),
      endpoint('d', { builtin: 'demo-agent' }),
    ],
    selectedEndpointId: 'b',
    demoSeeded: true,
  },
  null,
  2,
);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ids of the endpoints a correct loader must keep, or undefined when the oracle has no opinion. */
function expectedIds(text: string): string[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc) || typeof doc.version !== 'number' || doc.version < SETTINGS_VERSION) return undefined;
  if (!Array.isArray(doc.endpoints)) return doc.version > SETTINGS_VERSION ? [] : undefined;
  const ids: string[] = [];
  for (const e of doc.endpoints) {
    const parsed = storedEndpoint.safeParse(e);
    if (parsed.success && !ids.includes(parsed.data.id)) ids.push(parsed.data.id);
  }
  return ids;
}

async function check(bytes: Buffer): Promise<void> {
  const dir = path.join(root, String(n++));
  const file = path.join(dir, 'settings.json');
  mkdirSync(dir);
  writeFileSync(file, bytes);
  const text = bytes.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const foundVersion = isRecord(doc) && typeof doc.version === 'number' ? doc.version : undefined;

  const loaded = await loadSettings(file); // must not throw

  expect(settingsSchema.safeParse(loaded.settings).success).toBe(true);
  const want = expectedIds(text);
  if (want !== undefined) expect(loaded.settings.endpoints.map((e) => e.id)).toEqual(want);

  const files = readdirSync(dir);
  if (foundVersion !== undefined && foundVersion > SETTINGS_VERSION) {
    // A newer file: left exactly as it was, nothing moved, nothing written.
    expect(loaded.readOnly).toBe(true);
    expect(files).toEqual(['settings.json']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    return;
  }
  expect(loaded.readOnly).toBeUndefined();
  const aside = files.find((f) => f.startsWith('settings.json.corrupt-'));
  if (aside) {
    // Moved aside whole, byte for byte; nothing written in its place.
    expect(readFileSync(path.join(dir, aside)).equals(bytes)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(loaded.settings.endpoints).toEqual([]);
    return;
  }
  const now = readFileSync(file);
  if (now.equals(bytes)) return;
  // Rewritten: only ever at the current version, and no endpoint entry lost.
  const written = JSON.parse(now.toString('utf8')) as {
    version: number;
    endpoints: unknown[];
    quarantined?: unknown[];
  };
  expect(written.version).toBe(SETTINGS_VERSION);
  if (foundVersion === SETTINGS_VERSION && isRecord(doc) && Array.isArray(doc.endpoints)) {
    const before = Array.isArray(doc.quarantined) ? doc.quarantined.length : 0;
    expect(written.endpoints.length + (written.quarantined?.length ?? 0)).toBe(doc.endpoints.length + before);
  }
}

describe('settings loader fuzz', () => {
  it('sanity: the valid file loads in full', async () => {
    expect(expectedIds(VALID)).toEqual(['a', 'b', 'c', 'd']);
    await check(Buffer.from(VALID));
  });

  it('any JSON value loads without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => check(Buffer.from(JSON.stringify(value)))),
      FUZZ,
    );
  });

  it('any JSON value in place of endpoints, version or other fields keeps every valid endpoint', async () => {
    const base = JSON.parse(VALID) as Record<string, unknown> & { endpoints: unknown[] };
    const version = fc.oneof(
      fc.constant(SETTINGS_VERSION),
      fc.constant(SETTINGS_VERSION + 1),
      fc.constant(0),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(
        version,
        fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom(...base.endpoints)), { maxLength: 8 }),
        fc.jsonValue(),
        fc.jsonValue(),
        async (v, endpoints, selected, quarantined) => {
          const doc = { ...base, version: v, endpoints, selectedEndpointId: selected, quarantined };
          await check(Buffer.from(JSON.stringify(doc)));
        },
      ),
      FUZZ,
    );
  });

  it('any truncation of a valid file loads without throwing', async () => {
    const bytes = Buffer.from(VALID);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length }), async (at) => check(bytes.subarray(0, at))),
      FUZZ,
    );
  });

  it('any byte corruption of a valid file loads without throwing and keeps what is still valid', async () => {
    const bytes = Buffer.from(VALID);
    const edit = fc.record({ at: fc.nat({ max: bytes.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const corrupted = Buffer.from(bytes);
        for (const { at, byte } of edits) corrupted[at] = byte;
        await check(corrupted);
      }),
      FUZZ,
    );
  });
});
