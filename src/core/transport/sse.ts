/**
 * Reads one SSE response body with eventsource-parser (CRLF/CR/LF, BOM, multi-line data,
 * comments, `id:`), adding what a long-lived ACP stream needs on top:
 * - a liveness signal on every chunk (keep-alive comments included), for the idle timeout;
 * - a size limit per event: an event that grows past it is skipped up to the next blank
 *   line and reported with its first bytes (so a too-large response can still be matched
 *   to its request), and the stream goes on. Only a blank line ends the count: comment lines
 *   (`: ka`) between data lines of one event do not, or a server could grow one event without bound.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseHandlers {
  onEvent(event: EventSourceMessage): void;
  /** Any bytes arrived (data or keep-alive). */
  onActivity(bytes: number): void;
  onOversized(excerpt: string, approxChars: number): void;
}

const BOUNDARY = /(?:\r\n|\n|\r(?!\n))(?:\r\n|\n|\r)/;
const BOUNDARIES = new RegExp(BOUNDARY.source, 'g');

/**
 * Where the text after the last blank line of `scan` starts (the next event), or -1 when
 * `scan` has no blank line: then the event in progress goes on, whatever else the text holds
 * (comment lines included; they must not reset the size count).
 */
function afterLastBoundary(scan: string): number {
  let at = -1;
  BOUNDARIES.lastIndex = 0;
  for (let m = BOUNDARIES.exec(scan); m; m = BOUNDARIES.exec(scan)) at = m.index + m[0].length;
  return at;
}

export class SseDecoder {
  readonly #decoder = new TextDecoder();
  readonly #parser;
  #sinceEvent = 0;
  #head = '';
  #skipping = false;
  /** The last characters fed, so a blank line split across chunks ends the count too. */
  #feedTail = '';
  #lastEventId: string | undefined;
  /** The last chunk ended with CR, fed as CRLF: drop an LF that starts the next chunk. */
  #pendingLf = false;
  /** The last characters seen while skipping, so a blank line split across chunks is found. */
  #skipTail = '';

  constructor(
    private readonly handlers: SseHandlers,
    private readonly maxEventChars: number,
  ) {
    this.#parser = createParser({
      onEvent: (e) => {
        if (e.id !== undefined) this.#lastEventId = e.id;
        // An event that arrives whole within one chunk never trips the running count below:
        // check its size here too, or a too-large message would be delivered after all.
        if (e.data.length > this.maxEventChars) return this.handlers.onOversized(e.data.slice(0, 512), e.data.length);
        this.handlers.onEvent(e);
      },
    });
  }

  /** The last `id:` the server sent on this stream (for `Last-Event-ID`). */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  push(bytes: Uint8Array): void {
    this.handlers.onActivity(bytes.byteLength);
    this.#feedText(this.#decoder.decode(bytes, { stream: true }));
  }

  end(): void {
    const rest = this.#decoder.decode();
    if (rest) this.#feedText(rest);
    // A final event without its blank line still counts (servers that end abruptly).
    if (!this.#skipping) this.#parser.feed('\n\n');
  }

  #feedText(text: string): void {
    // eventsource-parser holds back a trailing CR until the next byte shows whether it is a
    // CRLF, so with bare-CR framing the last event would wait for the next chunk (possibly a
    // keep-alive 15 s later). End the line now and drop the LF of a CRLF split here.
    if (this.#pendingLf && text.startsWith('\n')) text = text.slice(1);
    this.#pendingLf = text.endsWith('\r');
    if (this.#pendingLf) text += '\n';
    if (this.#skipping) {
      // Search from the tail of the previous chunk: the blank line may be split across chunks.
      const scan = this.#skipTail + text;
      const m = BOUNDARY.exec(scan);
      if (!m) {
        this.#skipTail = scan.slice(-2);
        return;
      }
      this.#skipping = false;
      this.#skipTail = '';
      this.#feedTail = '';
      this.#parser.reset({ consume: false });
      text = scan.slice(m.index + m[0].length);
      this.#sinceEvent = 0;
      this.#head = '';
      if (!text) return;
    }
    this.#parser.feed(text);
    const scan = this.#feedTail + text;
    const at = afterLastBoundary(scan);
    this.#feedTail = scan.slice(-2);
    if (at >= 0) {
      // What follows the last blank line is the start of the next event: count it already.
      const tail = scan.slice(at);
      this.#sinceEvent = tail.length;
      this.#head = tail.slice(0, 512);
    } else {
      this.#sinceEvent += text.length;
      if (this.#head.length < 512) this.#head += text.slice(0, 512 - this.#head.length);
    }
    if (this.#sinceEvent > this.maxEventChars) {
      this.handlers.onOversized(this.#head, this.#sinceEvent);
      this.#parser.reset({ consume: false });
      this.#feedTail = '';
      this.#skipping = true;
    }
  }
}
