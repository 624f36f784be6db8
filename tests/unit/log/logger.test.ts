import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, logDirOf, logLevelFrom, type LogEntry } from '../../../src/core/log/logger';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acp-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function lines(file: string): LogEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEntry);
}

function allText(): string {
  return fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('createLogger', () => {
  it('writes one JSON line per entry with time, level, scope, message and fields', () => {
    const log = createLogger({ dir, level: 'debug' });
    log.child('main').child('ipc').info('refused a call', { channel: 'app:info', count: 2 });
    const [entry] = lines(log.file);
    expect(log.file).toBe(path.join(dir, 'acp-desk.log'));
    expect(entry).toMatchObject({
      level: 'info',
      scope: 'main.ipc',
      msg: 'refused a call',
      channel: 'app:info',
      count: 2,
    });
    expect(Number.isNaN(Date.parse(entry!.time))).toBe(false);
  });

  it('drops entries below its level', () => {
    const log = createLogger({ dir, level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines(log.file).map((e) => e.msg)).toEqual(['w', 'e']);
  });

  it('defaults to info', () => {
    const log = createLogger({ dir });
    log.debug('hidden');
    log.info('shown');
    expect(lines(log.file).map((e) => e.msg)).toEqual(['shown']);
  });

  it('serializes errors with their name, message, code and cause, and survives cycles and bigints', () => {
    const log = createLogger({ dir });
    const cause = new Error('socket hang up');
    const e = Object.assign(new Error('fetch failed', { cause }), { code: 'ECONNRESET' });
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic['self'] = cyclic;
    log.error('request failed', { error: e, cyclic });
    const [entry] = lines(log.file);
    expect(entry!['error']).toMatchObject({
      name: 'Error',
      message: 'fetch failed',
      code: 'ECONNRESET',
      cause: { message: 'socket hang up' },
    });
    expect(entry!['cyclic']).toEqual({ n: '1', self: '[circular]' });
  });

  it('rotates by size, keeping maxFiles archives, newest first', () => {
    const log = createLogger({ dir, maxBytes: 200, maxFiles: 2 });
    for (let i = 0; i < 40; i++) log.info(`entry ${i} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['acp-desk.1.log', 'acp-desk.2.log', 'acp-desk.log']);
    const live = lines(path.join(dir, 'acp-desk.log'));
    const first = lines(path.join(dir, 'acp-desk.1.log'));
    const second = lines(path.join(dir, 'acp-desk.2.log'));
    // Nothing lost between the three files, in order, and the newest entry is in the live file.
    const seq = [...second, ...first, ...live].map((e) => Number(e.msg.split(' ')[1]));
    expect(seq).toEqual(seq.map((_, i) => seq[0]! + i));
    expect(seq.at(-1)).toBe(39);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThan(400);
  });

  it('masks credential shapes and the secrets it was given in messages and fields: none reaches the file', () => {
    const log = createLogger({ dir, level: 'debug' });
    const secret = 'sk-live-0123456789abcdef';
    log.setSecrets({ names: ['X-Tenant-Key'], values: [secret] });
    log.warn(`agent echoed ${secret} back`, {
      url: 'https://alice:hunter2pass@agent.example/acp?api_key=abc123def456',
      header: `Bearer ${secret}`,
      headers: { 'X-Tenant-Key': 'tenant-secret-value', accept: 'json' },
      nested: { deep: [{ text: `token ${secret}` }] },
      error: new Error(`401 for Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig`),
      password: 'plain-password-123',
    });
    log.child('core').debug(secret);
    const text = allText();
    for (const value of [
      secret,
      'hunter2pass',
      'abc123def456',
      'tenant-secret-value',
      'eyJhbGciOiJIUzI1NiJ9',
      'plain-password-123',
    ]) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('agent.example');
  });

  it('recent(): the newest warnings and errors, from the live file and its archive, redacted again', () => {
    // One rotation: the old error and two fillers in acp-desk.1.log, the rest in the live file.
    const log = createLogger({ dir, maxBytes: 600 });
    log.error('old failure with key-value-123456');
    for (let i = 0; i < 3; i++) log.info(`filler ${i} ${'y'.repeat(150)}`);
    log.warn('new warning');
    log.error('new failure');
    log.setSecrets({ values: ['key-value-123456'] });
    expect(fs.readdirSync(dir).sort()).toEqual(['acp-desk.1.log', 'acp-desk.log']);
    const recent = log.recent({ limit: 10 });
    expect(recent.map((e) => e.msg)).toEqual(['old failure with [redacted]', 'new warning', 'new failure']);
    expect(log.recent({ minLevel: 'error', limit: 1 }).map((e) => e.msg)).toEqual(['new failure']);
  });

  it('echoes entries at or above its level as one redacted human line', () => {
    const echoed: string[] = [];
    const log = createLogger({ dir, echo: { level: 'warn', write: (l) => echoed.push(l) } });
    log.info('quiet');
    log.child('web').warn('upgrade failed for Bearer abcdef123456');
    expect(echoed).toHaveLength(1);
    expect(echoed[0]).toMatch(/ WARN \[web\] upgrade failed for Bearer \[redacted\]$/);
  });

  it('recent() of an empty log is empty', () => {
    expect(createLogger({ dir }).recent()).toEqual([]);
  });
});

describe('helpers', () => {
  it('logLevelFrom reads a level name, anything else is undefined', () => {
    expect(logLevelFrom('DEBUG')).toBe('debug');
    expect(logLevelFrom(' warn ')).toBe('warn');
    expect(logLevelFrom('verbose')).toBeUndefined();
    expect(logLevelFrom(undefined)).toBeUndefined();
  });

  it('logDirOf is <data dir>/logs', () => {
    expect(logDirOf('/data')).toBe(path.join('/data', 'logs'));
  });
});
