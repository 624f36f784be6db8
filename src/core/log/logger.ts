/**
 * The one log of the app (core, Electron main, the CLI's browser mode): JSON lines in
 * `<data dir>/logs/acp-desk.log`, rotated by size, with levels, every entry passed through the
 * app's redactor (transport/redact.ts) before it is written anywhere.
 *
 * electron-log (its `electron-log/node` build, plain Node, so core may use it) does the writing:
 * levels, synchronous appends (the last line before a crash is on disk) and the console. This
 * module owns the format, the redaction, the rotation and the API every caller sees; nothing
 * else imports electron-log. (Rotation is ours: electron-log 5.4's own size check counts the
 * first line after a rotation twice, so it rotates again far too early.)
 */
import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { Redactor, REDACTED } from '../transport/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Most severe first (electron-log's order). */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same log, each entry tagged `scope` (`main`, `main.ipc`, `core.engine`). */
  child(scope: string): Logger;
}

/** One line of the log file, as written (already redacted). */
export interface LogEntry {
  readonly time: string;
  readonly level: LogLevel;
  readonly scope?: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The root log a host creates once; children share its file, level and secrets. */
export interface AppLog extends Logger {
  readonly dir: string;
  readonly file: string;
  /**
   * The secret values (and secret header names) the app holds now, masked wherever they appear
   * besides the credential shapes the redactor always masks. Replaces the previous set.
   */
  setSecrets(secrets: { readonly names?: readonly string[]; readonly values?: readonly string[] }): void;
  /** The newest entries at `minLevel` or worse from the file and its newest archive, oldest first. */
  recent(options?: { readonly minLevel?: LogLevel; readonly limit?: number }): LogEntry[];
}

export interface LoggerOptions {
  /** The folder of the log file (hosts pass `<data dir>/logs`). */
  readonly dir: string;
  /** Entries below it are dropped (default `info`). */
  readonly level?: LogLevel;
  /** Also hands each entry at or above `level` to `write` as one human line (a host's stderr). */
  readonly echo?: { readonly level: LogLevel; readonly write: (line: string) => void };
  /** Size at which the file is rotated (default 1 MiB). */
  readonly maxBytes?: number;
  /** Rotated files kept besides the live one: `acp-desk.1.log` (newest) … (default 3). */
  readonly maxFiles?: number;
  readonly fileName?: string;
}

export const LOG_FILE_NAME = 'acp-desk.log';
const MAX_STRING = 4000;
const TAIL_BYTES = 256 * 1024;

/** `ACP_DESK_LOG_LEVEL=debug` and friends; anything else is `undefined` (the default applies). */
export function logLevelFrom(value: string | undefined): LogLevel | undefined {
  const v = value?.trim().toLowerCase();
  return LOG_LEVELS.find((l) => l === v);
}

/** Where a host keeps its log: `<data dir>/logs`. */
export function logDirOf(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

let instances = 0;

export function createLogger(options: LoggerOptions): AppLog {
  const dir = path.resolve(options.dir);
  const file = path.join(dir, options.fileName ?? LOG_FILE_NAME);
  const maxFiles = Math.max(1, options.maxFiles ?? 3);
  fs.mkdirSync(dir, { recursive: true });
  let redactor = new Redactor();

  const inner = electronLog.create({ logId: `acp-desk-${++instances}` });
  const fileTransport = inner.transports.file;
  const fileLevel = options.level ?? 'info';
  fileTransport.level = fileLevel;
  fileTransport.maxSize = 0;
  fileTransport.resolvePathFn = () => file;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  let size = fileSize(file);
  // Our line is data[0]; the console's human line is data[1] (both already redacted).
  fileTransport.transforms = [({ data }) => data[0]];
  const consoleTransport = inner.transports.console;
  consoleTransport.level = options.echo?.level ?? false;
  consoleTransport.transforms = [({ data }) => [data[1]]];
  const echo = options.echo?.write;
  if (echo) consoleTransport.writeFn = ({ message }) => echo(String(message.data[0]));

  const write = (level: LogLevel, scope: string | undefined, message: string, fields: LogFields | undefined) => {
    const entry = redactEntry(redactor, {
      time: new Date().toISOString(),
      level,
      ...(scope ? { scope } : {}),
      msg: message,
      ...plainFields(fields),
    });
    const line = JSON.stringify(entry);
    const human = `${entry.time} ${level.toUpperCase()}${scope ? ` [${scope}]` : ''} ${entry.msg}`;
    if (LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(fileLevel)) {
      const bytes = Buffer.byteLength(line) + 1;
      if (size > 0 && size + bytes > maxBytes) {
        rotate(file, maxFiles);
        size = 0;
      }
      size += bytes;
    }
    inner[level](line, human);
  };

  const make = (scope: string | undefined): Logger => ({
    debug: (m, f) => write('debug', scope, m, f),
    info: (m, f) => write('info', scope, m, f),
    warn: (m, f) => write('warn', scope, m, f),
    error: (m, f) => write('error', scope, m, f),
    child: (s) => make(scope ? `${scope}.${s}` : s),
  });

  return {
    ...make(undefined),
    dir,
    file,
    setSecrets({ names = [], values = [] }) {
      redactor = new Redactor(names, values);
    },
    recent({ minLevel = 'warn', limit = 20 } = {}) {
      const worst = LOG_LEVELS.indexOf(minLevel);
      const keep = (e: LogEntry) => LOG_LEVELS.indexOf(e.level) <= worst;
      let found = readTail(file).filter(keep);
      if (found.length < limit) found = [...readTail(archiveName(file, 1)).filter(keep), ...found];
      // Redacted again: a secret saved after the line was written is masked now too.
      return found.slice(-limit).map((e) => redactEntry(redactor, e));
    },
  };
}

/** A logger that drops everything (tests, and callers that were given none). */
export const nullLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => nullLogger,
};

function archiveName(file: string, n: number): string {
  const p = path.parse(file);
  return path.join(p.dir, `${p.name}.${n}${p.ext}`);
}

/** `acp-desk.log` → `.1.log`, `.1` → `.2`, …; the oldest beyond `maxFiles` is deleted. */
function rotate(file: string, maxFiles: number): void {
  fs.rmSync(archiveName(file, maxFiles), { force: true });
  for (let n = maxFiles - 1; n >= 1; n--) renameIfPresent(archiveName(file, n), archiveName(file, n + 1));
  renameIfPresent(file, archiveName(file, 1));
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // no file yet: the first write creates it
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function readTail(file: string): LogEntry[] {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseLine(line: string): LogEntry | null {
  if (!line.startsWith('{')) return null; // the first line of a tail read is usually cut
  try {
    const v = JSON.parse(line) as Partial<LogEntry>;
    return typeof v.msg === 'string' && LOG_LEVELS.includes(v.level as LogLevel) ? (v as LogEntry) : null;
  } catch {
    return null; // a line cut by a crash mid-write, or the cut first line: not an entry
  }
}

/** Errors, bigints, long strings and cycles made into plain JSON. */
function plainFields(fields: LogFields | undefined): Record<string, unknown> {
  if (!fields) return {};
  const seen = new WeakSet<object>();
  const text = JSON.stringify(fields, (_key, value: unknown) => {
    if (value instanceof Error) return errorFields(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && value.length > MAX_STRING) return `${value.slice(0, MAX_STRING)}…`;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    return value;
  });
  return text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function errorFields(e: Error): Record<string, unknown> {
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    ...(code !== undefined ? { code } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
    ...(e.cause !== undefined ? { cause: e.cause instanceof Error ? errorFields(e.cause) : e.cause } : {}),
  };
}

/** Every string by value and shape, and a field named like a credential loses its value. */
function redactEntry(redactor: Redactor, entry: LogEntry): LogEntry {
  const masked = redactor.json(entry);
  const out: Record<string, unknown> = { ...masked };
  for (const [key, value] of Object.entries(masked)) {
    if (key === 'msg' || key === 'scope' || value === null || value === undefined) continue;
    if (redactor.isSecretName(key)) out[key] = REDACTED;
  }
  return out as LogEntry;
}
