/**
 * Makes agent-controlled text safe to print on a terminal. An agent's text is data, but a
 * terminal executes some of it: ESC sequences (CSI cursor movement and screen clears, OSC 52
 * clipboard writes, OSC 8 links, DCS/APC/PM/SOS strings), 8-bit C1 controls, C0 controls, a
 * bare carriage return that lets a later line overwrite an earlier one (e.g. a fake
 * "[permission]" line), and bidi overrides that reorder what is shown.
 *
 * The sanitizer is a small state machine over UTF-16 code units, so it works on a stream of
 * chunks: a sequence split across chunks is removed exactly as if it came in one piece, and
 * the chunked output always equals the unchunked output. It never buffers sequence content
 * (a removed sequence is simply skipped); the only carried state is where it is inside a
 * sequence, how long that sequence has run, and a pending "\r". A sequence that runs longer
 * than `maxSequenceLength` (4 KiB by default) is given up on: what was skipped stays
 * dropped and the text after it is printed again (sanitized), so an unterminated OSC cannot
 * swallow the rest of a conversation.
 *
 * Rules: "\n" and "\t" pass; "\r\n" becomes "\n"; a bare "\r" becomes "␍"; every other C0
 * control, DEL and every C1 control (U+0080–U+009F, 8-bit CSI U+009B included) is removed;
 * bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069) are removed.
 */

export interface TerminalSanitizer {
  /** Sanitizes the next chunk; may hold back a trailing "\r" until the next call. */
  write(chunk: string): string;
  /** Ends the stream: emits what was held back (a bare "\r" as "␍") and resets the state. */
  flush(): string;
}

export interface TerminalSanitizerOptions {
  /** Longest escape sequence or control string skipped before giving up on it (code units). */
  readonly maxSequenceLength?: number;
}

export const DEFAULT_MAX_SEQUENCE_LENGTH = 4096;

/** Visible stand-in for a bare carriage return. */
export const CARRIAGE_RETURN_SYMBOL = '\u240d';

const ESC = 0x1b;
const BEL = 0x07;
const ST_8BIT = 0x9c;

const enum State {
  Ground,
  /** After ESC. */
  Escape,
  /** After ESC and one or more intermediate bytes (0x20–0x2F), e.g. `ESC ( B`. */
  EscapeIntermediate,
  /** Inside `ESC [` parameters/intermediates, waiting for the final byte. */
  Csi,
  /** Inside an OSC/DCS/SOS/PM/APC string, waiting for BEL or ST. */
  ControlString,
  /** ESC seen inside a control string: `\` ends it, anything else starts a new sequence. */
  ControlStringEscape,
}

function isBidiControl(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** Where `c` leads from inside a sequence: the next state, and whether `c` was consumed. */
function step(state: State, c: number): [State, boolean] {
  switch (state) {
    case State.Escape:
      if (c === 0x5b) return [State.Csi, true];
      if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) return [State.ControlString, true];
      if (c >= 0x20 && c <= 0x2f) return [State.EscapeIntermediate, true];
      if (c >= 0x30 && c <= 0x7e) return [State.Ground, true];
      return [State.Ground, false];
    case State.EscapeIntermediate:
      if (c >= 0x20 && c <= 0x2f) return [state, true];
      return [State.Ground, c >= 0x30 && c <= 0x7e];
    case State.Csi:
      if (c >= 0x20 && c <= 0x3f) return [state, true];
      return [State.Ground, c >= 0x40 && c <= 0x7e];
    case State.ControlString:
      if (c === BEL || c === ST_8BIT) return [State.Ground, true];
      return [c === ESC ? State.ControlStringEscape : state, true];
    case State.ControlStringEscape:
      // ESC followed by anything but `\` ends the string and starts a new sequence.
      return c === 0x5c ? [State.Ground, true] : step(State.Escape, c);
    case State.Ground:
      return [state, false];
  }
}

class Sanitizer implements TerminalSanitizer {
  #state = State.Ground;
  #length = 0;
  #pendingCr = false;

  constructor(private readonly max: number) {}

  write(chunk: string): string {
    const out: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.#state !== State.Ground && this.#inSequence(c)) continue;
      this.#ground(chunk[i]!, c, out);
    }
    return out.join('');
  }

  flush(): string {
    const rest = this.#pendingCr ? CARRIAGE_RETURN_SYMBOL : '';
    this.#pendingCr = false;
    this.#state = State.Ground;
    this.#length = 0;
    return rest;
  }

  #enter(state: State): void {
    this.#state = state;
    this.#length = 1;
  }

  /** Handles `c` inside a sequence; false when `c` must be read again as ordinary text. */
  #inSequence(c: number): boolean {
    if (++this.#length > this.max) {
      this.#state = State.Ground;
      return false;
    }
    if (c === ESC && this.#state === State.Escape) {
      this.#length = 1;
      return true;
    }
    const from = this.#state;
    const [next, consumed] = step(from, c);
    // ESC inside a control string, then not `\`: a new sequence began at that ESC.
    if (from === State.ControlStringEscape && c !== 0x5c) this.#length = 2;
    this.#state = next;
    return consumed;
  }

  #ground(ch: string, c: number, out: string[]): void {
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (c === 0x0a) {
        out.push('\n');
        return;
      }
      out.push(CARRIAGE_RETURN_SYMBOL);
    }
    if (c === 0x0a || c === 0x09) out.push(ch);
    else if (c === 0x0d) this.#pendingCr = true;
    else if (c === ESC) this.#enter(State.Escape);
    else if (c >= 0x80 && c <= 0x9f) {
      // 8-bit introducers start the same strings as their ESC forms; other C1s are dropped.
      if (c === 0x9b) this.#enter(State.Csi);
      else if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) this.#enter(State.ControlString);
    } else if (c >= 0x20 && c !== 0x7f && !isBidiControl(c)) out.push(ch);
  }
}

export function createTerminalSanitizer(options: TerminalSanitizerOptions = {}): TerminalSanitizer {
  return new Sanitizer(options.maxSequenceLength ?? DEFAULT_MAX_SEQUENCE_LENGTH);
}

/** Sanitizes one complete string (see the module comment for the rules). */
export function sanitizeForTerminal(text: string, options?: TerminalSanitizerOptions): string {
  const s = createTerminalSanitizer(options);
  return s.write(text) + s.flush();
}

/**
 * Sanitizes a field shown inside one line of output (a tool title, a reason): as
 * `sanitizeForTerminal`, and line breaks and tabs become spaces, so the field cannot start a
 * line of its own.
 */
export function sanitizeTerminalLine(text: string, options?: TerminalSanitizerOptions): string {
  return sanitizeForTerminal(text, options).replace(/[\n\t]+/g, ' ');
}
