import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fold, renderChat, text, u } from './chat-harness';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const ANSWER = [
  '## Result',
  '',
  '| Step | Tool | Result |',
  '| --- | --- | --- |',
  '| 1 | read | ok |',
  '| 2 | edit | ~~skipped~~ applied |',
  '',
  '- [x] read the file',
  '- [ ] run the tests',
  '',
  '```ts',
  'export const answer: number = 42;',
  '```',
  '',
  'See [the docs](https://example.com/docs) and <b>raw html</b>.',
].join('\n');

function renderAnswer() {
  return renderChat(fold(u({ sessionUpdate: 'agent_message_chunk', content: text(ANSWER) })));
}

describe('agent Markdown', () => {
  it('renders a GFM table, strikethrough and a task list', () => {
    renderAnswer();
    const entry = screen.getByTestId('entry-agent');
    const table = within(entry).getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Step', 'Tool', 'Result']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(entry.querySelector('del')?.textContent).toBe('skipped');
    const boxes = entry.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    expect([...boxes].map((b) => b.checked)).toEqual([true, false]);
  });

  it('highlights a fenced code block and labels its language', async () => {
    renderAnswer();
    const code = () => screen.getByTestId('entry-agent').querySelector('pre code')!;
    await waitFor(() => expect(code().querySelector('.hljs-keyword')?.textContent).toBe('export'));
    expect(code().className).toContain('language-ts');
    expect(code().textContent).toBe('export const answer: number = 42;\n');
    expect(screen.getByText('ts', { selector: '.code-lang' })).toBeTruthy();
  });

  it('shows a fence as plain text until its language (here by alias) has loaded, then highlights it', async () => {
    const { push } = renderChat(
      fold(u({ sessionUpdate: 'agent_message_chunk', content: text('```py\ndef f():\n'), messageId: 'm' })),
    );
    const code = () => screen.getByTestId('entry-agent').querySelector('pre code')!;
    expect(code().querySelector('span')).toBeNull(); // the grammar is a chunk still on its way
    expect(code().textContent).toBe('def f():\n');
    await waitFor(() => expect(code().querySelector('.hljs-keyword')?.textContent).toBe('def'));
    expect(code().className).toContain('language-py');
    push(u({ sessionUpdate: 'agent_message_chunk', content: text('    return None\n```'), messageId: 'm' }));
    expect(code().textContent).toBe('def f():\n    return None\n'); // a growing block stays highlighted
    expect([...code().querySelectorAll('.hljs-keyword')].map((k) => k.textContent)).toEqual(['def', 'return']);
  });

  it('copies the code with the Clipboard API', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderAnswer();
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('export const answer: number = 42;\n'));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('falls back to execCommand when the Clipboard API refuses', async () => {
    const writeText = vi.fn().mockRejectedValue(new Error('denied'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const exec = vi.fn().mockReturnValue(true);
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    renderAnswer();
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    await waitFor(() => expect(exec).toHaveBeenCalledWith('copy'));
    expect(document.querySelector('.clipboard-helper')).toBeNull();
  });

  it('opens links in a new window without a referrer and never renders raw HTML', () => {
    renderAnswer();
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noreferrer');
    expect(screen.getByTestId('entry-agent').querySelector('b')).toBeNull();
  });

  it('re-parses only the entry whose text changed', () => {
    const { push } = renderChat(
      fold(
        u({ sessionUpdate: 'agent_message_chunk', content: text('first **answer**'), messageId: 'm1' }),
        u({ sessionUpdate: 'agent_message_chunk', content: text('second'), messageId: 'm2' }),
      ),
    );
    const [first] = screen.getAllByTestId('entry-agent');
    const strong = first!.querySelector('strong');
    push(u({ sessionUpdate: 'agent_message_chunk', content: text(' grows'), messageId: 'm2' }));
    expect(screen.getAllByTestId('entry-agent')[1]!.textContent).toBe('second grows');
    expect(screen.getAllByTestId('entry-agent')[0]!.querySelector('strong')).toBe(strong);
  });

  it('shows code in a language it cannot highlight as plain text', () => {
    renderChat(fold(u({ sessionUpdate: 'agent_message_chunk', content: text('```nosuchlang\nkeep <me>\n```') })));
    const code = screen.getByTestId('entry-agent').querySelector('pre code')!;
    expect(code.textContent).toBe('keep <me>\n');
    expect(screen.getByText('nosuchlang', { selector: '.code-lang' })).toBeTruthy();
  });
});
