import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARRIAGE_RETURN_SYMBOL,
  createTerminalSanitizer,
  sanitizeForTerminal,
  sanitizeTerminalLine,
} from '../../../src/cli/terminal-safe';

const ESC = '\x1b';

/** Everything a terminal would act on: ESC, C1, C0 other than \n and \t, DEL, bidi controls. */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/u;
function unsafeChars(s: string): string[] {
  return [...s.replaceAll('\n', '')].filter((c) => UNSAFE.test(c));
}

function chunked(text: string, cuts: readonly number[]): string {
  const s = createTerminalSanitizer();
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const p of [...points, text.length]) {
    out += s.write(text.slice(from, p));
    from = p;
  }
  return out + s.flush();
}

/** Text mixing ordinary characters with the pieces of escape sequences and controls. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        ESC,
        `${ESC}[`,
        `${ESC}]`,
        `${ESC}P`,
        `${ESC}_`,
        `${ESC}\\`,
        `${ESC}(`,
        '\x07',
        '\r',
        '\n',
        '\r\n',
        '\t',
        '\x9b',
        '\x9c',
        '\x9d',
        '\u202e',
        '\u2067',
        '2J',
        '52;c;',
        'm',
      ),
      fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    ),
  )
  .map((parts) => parts.join(''));

describe('terminal-safe sanitizer', () => {
  it('removes OSC 52 clipboard writes (BEL or ST terminated)', () => {
    expect(sanitizeForTerminal(`a${ESC}]52;c;ZXZpbA==\x07b`)).toBe('ab');
    expect(sanitizeForTerminal(`a${ESC}]52;c;ZXZpbA==${ESC}\\b`)).toBe('ab');
    expect(sanitizeForTerminal(`a${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('alink');
  });

  it('removes CSI cursor movement, clear-screen and colours', () => {
    expect(sanitizeForTerminal(`x${ESC}[2J${ESC}[H${ESC}[3A${ESC}[1;31mred${ESC}[0m${ESC}[?25l`)).toBe('xred');
    expect(sanitizeForTerminal('x\x9b2Jy')).toBe('xy');
  });

  it('removes DCS/APC/PM/SOS strings and two-character ESC sequences', () => {
    expect(
      sanitizeForTerminal(`a${ESC}Pq#0;2;0;0;0${ESC}\\b${ESC}_apc${ESC}\\c${ESC}^pm\x07d${ESC}Xsos${ESC}\\e`),
    ).toBe('abcde');
    expect(sanitizeForTerminal(`a${ESC}cb${ESC}7c${ESC}8d${ESC}(Be${ESC}#8f`)).toBe('abcdef');
  });

  it('removes C0 (except \\n \\t), DEL and C1 controls', () => {
    expect(sanitizeForTerminal('a\x00b\x07c\x08d\x7fe\x85f\x8dg\th\ni')).toBe('abcdefg\th\ni');
  });

  it('shows a bare carriage return instead of letting a line overwrite another', () => {
    expect(sanitizeForTerminal('all good\r[permission] Edit: Allow')).toBe(
      `all good${CARRIAGE_RETURN_SYMBOL}[permission] Edit: Allow`,
    );
    expect(sanitizeForTerminal('one\r\ntwo\r')).toBe(`one\ntwo${CARRIAGE_RETURN_SYMBOL}`);
  });

  it('removes bidi overrides and isolates', () => {
    expect(sanitizeForTerminal('safe\u202eexe.txt\u202c \u2066x\u2069')).toBe('safeexe.txt x');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji', () => {
    const text = 'héllo — 世界 👩‍💻 ✓ · →\n\tdone';
    expect(sanitizeForTerminal(text)).toBe(text);
  });

  it('removes a sequence split across chunks, and holds a trailing \\r until it knows', () => {
    const s = createTerminalSanitizer();
    expect(s.write(`before${ESC}`)).toBe('before');
    expect(s.write(']52;c;')).toBe('');
    expect(s.write('ZXZp')).toBe('');
    expect(s.write(`bA==${ESC}`)).toBe('');
    expect(s.write('\\after\r')).toBe('after');
    expect(s.write('\nnext\r')).toBe('\nnext');
    expect(s.write('x')).toBe(`${CARRIAGE_RETURN_SYMBOL}x`);
    expect(s.flush()).toBe('');
  });

  it('gives up on an unterminated sequence after the bound and prints the rest', () => {
    const s = createTerminalSanitizer({ maxSequenceLength: 16 });
    expect(s.write(`${ESC}]52;c;`)).toBe('');
    expect(s.write('012345678')).toBe('');
    expect(s.write('visible')).toBe('visible');
    expect(sanitizeForTerminal(`${ESC}]${'x'.repeat(5000)}tail`)).toBe(`${'x'.repeat(5000 - 4094)}tail`);
  });

  it('flush resets a half-read sequence', () => {
    const s = createTerminalSanitizer();
    expect(s.write(`${ESC}[12`)).toBe('');
    expect(s.flush()).toBe('');
    expect(s.write('3m ok')).toBe('3m ok');
  });

  it('one-line fields cannot start a line of their own', () => {
    expect(sanitizeTerminalLine('Edit file\n[permission] x: Allow\r\n\tz')).toBe('Edit file [permission] x: Allow z');
  });

  it('property: never emits ESC, C1, C0 (other than \\n \\t) or bidi controls, however chunked', () => {
    fc.assert(
      fc.property(hostile, fc.array(fc.nat()), (text, cuts) => {
        expect(unsafeChars(chunked(text, cuts))).toEqual([]);
        expect(unsafeChars(sanitizeForTerminal(text))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('property: chunked output equals unchunked output', () => {
    fc.assert(
      fc.property(hostile, fc.array(fc.nat()), (text, cuts) => {
        expect(chunked(text, cuts)).toBe(sanitizeForTerminal(text));
      }),
      { numRuns: 500 },
    );
  });

  it('property: text without controls is unchanged, however chunked', () => {
    const plain = fc
      .string({ unit: 'grapheme' })
      .map((s) => [...s].filter((c) => !UNSAFE.test(c) && c !== '\r').join(''));
    fc.assert(
      fc.property(plain, fc.array(fc.nat()), (text, cuts) => {
        expect(chunked(text, cuts)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
