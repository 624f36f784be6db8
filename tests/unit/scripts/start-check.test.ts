import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkElectron, explainMissingElectron } from '../../../scripts/start-check.mjs';

const DIR = path.join('/app', 'node_modules', 'electron');
const fs = (files: Record<string, string>) => ({
  exists: (p: string) => p in files,
  readFile: (p: string) => files[p] ?? '',
});

describe('npm start: the Electron binary check', () => {
  it('passes when path.txt names a binary that exists', () => {
    const bin = path.join(DIR, 'dist', 'electron');
    expect(
      checkElectron({ electronDir: DIR, env: {}, ...fs({ [path.join(DIR, 'path.txt')]: 'electron', [bin]: '' }) }),
    ).toEqual({
      ok: true,
      binary: bin,
    });
  });

  it('fails, without downloading, when the binary was never fetched (no path.txt)', () => {
    const r = checkElectron({ electronDir: DIR, env: {}, ...fs({}) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/never downloaded/);
  });

  it('fails when path.txt names a binary that is gone', () => {
    const r = checkElectron({ electronDir: DIR, env: {}, ...fs({ [path.join(DIR, 'path.txt')]: 'electron' }) });
    expect(!r.ok && r.problem).toContain(path.join(DIR, 'dist', 'electron'));
  });

  it('fails when the electron package itself is missing', () => {
    expect(checkElectron({ electronDir: null, env: {}, ...fs({}) }).ok).toBe(false);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const bin = path.join('/opt/electron', 'electron');
    expect(
      checkElectron({ electronDir: DIR, env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, ...fs({ [bin]: '' }) })
        .ok,
    ).toBe(true);
    expect(checkElectron({ electronDir: DIR, env: { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' }, ...fs({}) }).ok).toBe(
      false,
    );
  });

  it('the explanation says what to do, including browser mode', () => {
    const text = explainMissingElectron('The Electron binary was never downloaded.');
    expect(text).toContain('never downloaded');
    expect(text).toContain('npm install');
    expect(text).toContain('npm run acp -- web');
  });
});
