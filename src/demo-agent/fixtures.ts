/**
 * The canned content of the demo agent's script: the file it pretends to read and edit,
 * the coloured test-run output, and the Markdown answers. Realistic on purpose, so a
 * client's diff view, ANSI rendering, code highlighting and tables all get exercised.
 */
import { DEMO_COMMANDS } from './session-config';
import { blockquote } from './text';

/** The file the default scenario reads and edits, relative to the session cwd. */
export const DEMO_FILE = 'src/greeting.ts';

export const DEMO_FILE_OLD = [
  'export function greet(name: string): string {',
  "  return 'Hello, ' + name;",
  '}',
  '',
].join('\n');

export const DEMO_FILE_NEW = [
  '/** Greets someone by name; falls back to "world" for an empty name. */',
  'export function greet(name: string): string {',
  "  const who = name.trim() || 'world';",
  '  return `Hello, ${who}!`;',
  '}',
  '',
].join('\n');

const ESC = '\u001b[';
const bold = (s: string): string => `${ESC}1m${s}${ESC}22m`;
const dim = (s: string): string => `${ESC}2m${s}${ESC}22m`;
const green = (s: string): string => `${ESC}32m${s}${ESC}39m`;
const yellow = (s: string): string => `${ESC}33m${s}${ESC}39m`;

/** First part of the fake `npm test` run, shown while the tool is in progress. */
export const TEST_OUTPUT_START = [
  bold('> demo@1.0.0 test'),
  dim('> vitest run'),
  '',
  ` ${bold('RUN')}  ${dim('v4.1.12 /tmp/demo')}`,
  '',
].join('\n');

/** The complete fake `npm test` output, with ANSI colours. */
export const TEST_OUTPUT_FULL = [
  TEST_OUTPUT_START,
  ` ${green('✓')} src/greeting.test.ts ${dim('(3 tests)')} ${yellow('4ms')}`,
  `   ${green('✓')} greets by name`,
  `   ${green('✓')} falls back to world`,
  `   ${green('✓')} trims whitespace`,
  '',
  ` ${dim('Test Files')}  ${bold(green('1 passed'))} ${dim('(1)')}`,
  `      ${dim('Tests')}  ${bold(green('3 passed'))} ${dim('(3)')}`,
  `   ${dim('Duration')}  212ms`,
  '',
].join('\n');

export const THOUGHTS = [
  'The user wants a change to the greeting helper. ',
  'I should read the file first, then make a small, safe edit, ',
  'and run the tests to be sure nothing broke.',
];

/** The Markdown answer of the default scenario. */
export function defaultAnswer(prompt: string, editApplied: boolean, attachments: readonly string[]): string {
  const editLine = editApplied ? `Updated \`${DEMO_FILE}\`` : `Left \`${DEMO_FILE}\` unchanged (edit rejected)`;
  const attached = attachments.length ? `\n\nYou also attached ${attachments.join(', ')}.` : '';
  return [
    '## Done',
    '',
    `You asked:\n\n${blockquote(prompt)}${attached}`,
    '',
    'This is the **scripted demo agent**: nothing on your disk was touched. Here is what it pretended to do:',
    '',
    `1. Read \`${DEMO_FILE}\``,
    `2. ${editLine}`,
    '3. Ran `npm test`: all 3 tests passed',
    '',
    '```ts',
    DEMO_FILE_NEW.trimEnd(),
    '```',
    '',
    '| Step | Tool | Result |',
    '| --- | --- | --- |',
    `| 1 | read | ${DEMO_FILE} (3 lines) |`,
    `| 2 | edit | ${editApplied ? 'applied' : 'rejected'} |`,
    '| 3 | execute | 3 passed |',
    '',
  ].join('\n');
}

/** `/help`: the command list in Markdown. */
export function helpText(): string {
  const rows = DEMO_COMMANDS.map((c) => `| \`/${c.name}${c.input ? ` ${c.input.hint}` : ''}\` | ${c.description} |`);
  return [
    '### Demo agent commands',
    '',
    '| Command | What it does |',
    '| --- | --- |',
    ...rows,
    '',
    'Any other prompt runs the full demo turn: a thought, a plan, a `read`, an `edit` that asks',
    'for permission, an `execute` with coloured output, and a Markdown answer.',
    '',
  ].join('\n');
}

const LONG_TOPICS = [
  'Connections',
  'Sessions',
  'Prompt turns',
  'Tool calls',
  'Permissions',
  'Plans',
  'Modes',
  'Config options',
  'Cancellation',
  'Reconnecting',
  'Replay',
  'Limits',
];

/** `/long`: a long Markdown document (well over 100 chunks when streamed). */
export function longText(): string {
  const sections = LONG_TOPICS.map((topic, i) =>
    [
      `### ${i + 1}. ${topic}`,
      '',
      `${topic} are one of the moving parts a client for remote agents has to get right. This paragraph`,
      `is deliberately long so the stream stays busy for a while: the client should keep scrolling,`,
      `keep rendering Markdown incrementally and stay responsive while chunk after chunk arrives.`,
      '',
      `- first point about ${topic.toLowerCase()}`,
      `- second point, with \`inline code\` and **bold** text`,
      '',
    ].join('\n'),
  );
  return ['## A long answer', '', ...sections, '_End of the long answer._', ''].join('\n');
}
