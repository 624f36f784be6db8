/**
 * Reads a file as lines in fixed-size chunks, so no file is ever held in memory whole (a 600 MB
 * transcript once made `readFile` fail with `Invalid string length`) and no single line is
 * either: a line longer than `maxLineBytes` is dropped as it streams by and reported as
 * oversized (its length only). Reading stops after `maxBytes`; a line cut by that limit is not
 * reported as a line (the caller reports the limit instead).
 */
import type { FileHandle } from 'node:fs/promises';

export interface LineLimits {
  /** Longest line (bytes, newline excluded) that is decoded; longer ones arrive as `text: null`. */
  readonly maxLineBytes: number;
  /** Bytes read from the start of the file at most. */
  readonly maxBytes: number;
}

/** One line: `text` null when it was longer than the cap (then only `bytes` is known). */
export interface RawLine {
  /** 1-based. */
  readonly lineNo: number;
  readonly text: string | null;
  readonly bytes: number;
  /** False for a last line without its newline (torn by a crash, or being written right now). */
  readonly terminated: boolean;
}

export interface LineScan {
  readonly bytesRead: number;
  /** True when reading stopped at `maxBytes` with more of the file left. */
  readonly limited: boolean;
}

const CHUNK = 64 * 1024;

/**
 * Calls (and awaits) `onLine` for every line from the start of the file, in order; it may return
 * false to stop early. Only I/O errors reject; content never does.
 */
export async function scanLines(
  handle: FileHandle,
  limits: LineLimits,
  onLine: (line: RawLine) => boolean | void | Promise<boolean | void>,
  chunkSize = CHUNK,
): Promise<LineScan> {
  const buf = Buffer.allocUnsafe(chunkSize);
  let parts: Buffer[] = [];
  let lineBytes = 0;
  let oversized = false;
  let lineNo = 1;
  let pos = 0;
  const emit = async (terminated: boolean): Promise<boolean> => {
    const text = oversized ? null : Buffer.concat(parts, lineBytes).toString('utf8');
    const go = await onLine({ lineNo, text, bytes: lineBytes, terminated });
    parts = [];
    lineBytes = 0;
    oversized = false;
    lineNo += 1;
    return go !== false;
  };
  for (;;) {
    if (pos >= limits.maxBytes) {
      // At the byte limit: is there more? (a line cut here is the limit's fault, not a tear)
      const probe = await handle.read(Buffer.alloc(1), 0, 1, pos);
      if (probe.bytesRead > 0) return { bytesRead: pos, limited: true };
      break;
    }
    const { bytesRead } = await handle.read(buf, 0, Math.min(chunkSize, limits.maxBytes - pos), pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const view = buf.subarray(0, bytesRead);
    let start = 0;
    while (start < bytesRead) {
      const nl = view.indexOf(0x0a, start);
      const end = nl === -1 ? bytesRead : nl;
      const len = end - start;
      if (!oversized && lineBytes + len > limits.maxLineBytes) {
        oversized = true;
        parts = [];
      }
      if (!oversized && len > 0) parts.push(Buffer.from(view.subarray(start, end)));
      lineBytes += len;
      if (nl === -1) break;
      if (!(await emit(true))) return { bytesRead: pos, limited: false };
      start = nl + 1;
    }
  }
  if (lineBytes > 0 || oversized) await emit(false);
  return { bytesRead: pos, limited: false };
}
