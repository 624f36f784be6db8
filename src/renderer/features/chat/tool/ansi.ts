/**
 * ANSI SGR → styled segments, via anser. The 16 standard colours become classes (themed in
 * chat.css for light and dark); 256-colour and true-colour values become CSSOM colours.
 * Pure.
 */
import Anser from 'anser';

export interface AnsiSegment {
  readonly text: string;
  readonly className: string;
  readonly color?: string;
  readonly background?: string;
}

const ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/;

export function hasAnsi(text: string): boolean {
  return ESCAPE.test(text);
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** The xterm 256-colour palette entry as `rgb(…)` (0–15 map to the themed classes instead). */
export function paletteColor(n: number): string | undefined {
  if (n < 16 || n > 255) return undefined;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  return `rgb(${CUBE[Math.floor(i / 36)]}, ${CUBE[Math.floor(i / 6) % 6]}, ${CUBE[i % 6]})`;
}

const STANDARD = new Set([
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'bright-black',
  'bright-red',
  'bright-green',
  'bright-yellow',
  'bright-blue',
  'bright-magenta',
  'bright-cyan',
  'bright-white',
]);

function colorOf(cls: string | null, truecolor: string | null, layer: 'fg' | 'bg'): { cls?: string; css?: string } {
  if (!cls) return {};
  const name = cls.replace(/^ansi-/, '');
  if (STANDARD.has(name)) return { cls: `ansi-${layer}-${name}` };
  if (name === 'truecolor' && truecolor) return { css: `rgb(${truecolor})` };
  const palette = /^palette-(\d+)$/.exec(name);
  if (palette) {
    const n = Number(palette[1]);
    return n < 16 ? { cls: `ansi-${layer}-${[...STANDARD][n]}` } : { css: paletteColor(n) ?? '' };
  }
  return {};
}

export function ansiSegments(text: string): AnsiSegment[] {
  const entries = Anser.ansiToJson(text, { use_classes: true, remove_empty: true });
  return entries.map((e) => {
    const fg = colorOf(e.fg, e.fg_truecolor, 'fg');
    const bg = colorOf(e.bg, e.bg_truecolor, 'bg');
    const classes = [fg.cls, bg.cls, ...e.decorations.map((d) => `ansi-${d}`)].filter(Boolean);
    return {
      text: e.content,
      className: classes.join(' '),
      ...(fg.css ? { color: fg.css } : {}),
      ...(bg.css ? { background: bg.css } : {}),
    };
  });
}
