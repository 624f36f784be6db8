import { describe, expect, it } from 'vitest';
import { ansiSegments, hasAnsi, paletteColor } from '../../../src/renderer/features/chat/tool/ansi';
import { diffLines, foldUnchanged, splitLines } from '../../../src/shared/util/line-diff';
import { displayPath } from '../../../src/renderer/features/chat/tool/tool-view';
import { commandQuery, matchCommands } from '../../../src/renderer/features/chat/composer/command-match';
import { classifyFile } from '../../../src/renderer/features/chat/composer/attachments';
import { moveFocus, defaultOption } from '../../../src/renderer/features/chat/permission/permission-view';
import { formatDuration, formatTokens } from '../../../src/renderer/features/chat/format';

describe('line diff', () => {
  it('splits lines without a phantom last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
  });

  it('aligns changes between a common prefix and suffix', () => {
    const lines = diffLines('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n');
    expect(lines.map((l) => (l.type === 'fold' ? 'fold' : `${l.type}:${l.text}`))).toEqual([
      'same:a',
      'del:b',
      'add:B',
      'same:c',
      'same:d',
      'add:e',
    ]);
  });

  it('folds long unchanged runs to three lines of context', () => {
    const old = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const next = old.replace('line 15', 'LINE 15');
    const folded = foldUnchanged(diffLines(old, next));
    expect(folded.filter((l) => l.type === 'fold').map((l) => l.type === 'fold' && l.count)).toEqual([12, 11]);
    expect(folded.filter((l) => l.type === 'same')).toHaveLength(6);
  });
});

describe('ANSI', () => {
  it('detects escapes and maps colours to classes and CSS colours', () => {
    expect(hasAnsi('plain')).toBe(false);
    const segs = ansiSegments('\u001b[31mred\u001b[0m \u001b[38;5;208mor\u001b[0m \u001b[38;2;1;2;3mtc\u001b[0m');
    expect(segs.find((s) => s.text === 'red')?.className).toBe('ansi-fg-red');
    expect(segs.find((s) => s.text === 'or')?.color).toBe(paletteColor(208));
    expect(segs.find((s) => s.text === 'tc')?.color).toBe('rgb(1, 2, 3)');
  });
});

describe('small helpers', () => {
  it('shows paths relative to the working directory', () => {
    expect(displayPath('/work/demo/src/a.ts', '/work/demo')).toBe('src/a.ts');
    expect(displayPath('/elsewhere/a.ts', '/work/demo')).toBe('/elsewhere/a.ts');
  });

  it('opens command completion only for a leading slash word', () => {
    expect(commandQuery('/')).toBe('');
    expect(commandQuery('/he')).toBe('he');
    expect(commandQuery('/help me')).toBeNull();
    expect(commandQuery('say /help')).toBeNull();
    const cmds = [
      { name: 'echo', description: '' },
      { name: 'help', description: '' },
      { name: 'shell', description: '' },
    ];
    expect(matchCommands(cmds, 'he').map((c) => c.name)).toEqual(['help', 'shell']);
  });

  it('refuses files the agent cannot take, with a reason', () => {
    const png = { name: 'shot.png', type: 'image/png', size: 10 };
    const md = { name: 'notes.md', type: '', size: 10 };
    expect(classifyFile(png, { image: true })).toEqual({ ok: true, kind: 'image' });
    expect(classifyFile(png, {})).toMatchObject({ ok: false, reason: expect.stringMatching(/does not accept images/) });
    expect(classifyFile(md, { embeddedContext: true })).toEqual({ ok: true, kind: 'file' });
    expect(classifyFile(md, { image: true })).toMatchObject({ reason: expect.stringMatching(/attached files/) });
    expect(classifyFile({ name: 'a.zip', type: 'application/zip', size: 1 }, { embeddedContext: true })).toMatchObject({
      ok: false,
    });
  });

  it('moves focus between permission buttons and picks the default option', () => {
    expect(moveFocus('ArrowRight', 2, 3)).toBe(0);
    expect(moveFocus('ArrowLeft', 0, 3)).toBe(2);
    expect(moveFocus('End', 0, 3)).toBe(2);
    expect(moveFocus('a', 0, 3)).toBeNull();
    expect(
      defaultOption([
        { optionId: 'r', name: 'Reject', kind: 'reject_once' },
        { optionId: 'a', name: 'Always', kind: 'allow_always' },
      ])?.optionId,
    ).toBe('a');
  });

  it('formats durations and token counts', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2300)).toBe('2.3 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(200_000)).toBe('200k');
  });
});
