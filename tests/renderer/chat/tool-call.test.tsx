import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { T0, fold, renderChat, u } from './chat-harness';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const OLD = 'export function greet(name) {\n  return "Hi " + name;\n}\n';
const NEW = '/** Greets. */\nexport function greet(name) {\n  return `Hello, ${name}!`;\n}\n';

function editCall(status: 'pending' | 'completed' = 'completed') {
  return u({
    sessionUpdate: 'tool_call',
    toolCallId: 'c-edit',
    title: 'Edit src/greet.ts',
    kind: 'edit',
    status,
    locations: [{ path: '/work/demo/src/greet.ts', line: 2 }],
    content: [{ type: 'diff', path: '/work/demo/src/greet.ts', oldText: OLD, newText: NEW }],
    rawInput: { path: '/work/demo/src/greet.ts' },
  });
}

describe('tool call card', () => {
  it('shows the kind, title, status and location (relative to the session cwd)', () => {
    renderChat(fold(editCall()));
    const card = screen.getByTestId('tool-call');
    expect(card.dataset.kind).toBe('edit');
    expect(card.dataset.status).toBe('completed');
    expect(within(card).getByText('Edit src/greet.ts')).toBeTruthy();
    expect(within(card).getByText('src/greet.ts:2').getAttribute('title')).toBe('/work/demo/src/greet.ts:2');
    expect(within(card).getByTestId('tool-status').textContent).toContain('Done');
  });

  it('renders a unified diff with old and new line numbers and added/removed lines', () => {
    renderChat(fold(editCall()));
    const diff = screen.getByTestId('diff-view');
    expect(diff.querySelector('.diff-path')?.textContent).toBe('src/greet.ts');
    const rows = [...diff.querySelectorAll('.diff-line')].map((r) => [
      r.classList.contains('diff-add') ? '+' : r.classList.contains('diff-del') ? '-' : ' ',
      ...[...r.querySelectorAll('.diff-no')].map((n) => n.textContent),
      r.querySelector('.diff-text')?.textContent,
    ]);
    expect(rows).toEqual([
      ['+', '', '1', '/** Greets. */'],
      [' ', '1', '2', 'export function greet(name) {'],
      ['-', '2', '', '  return "Hi " + name;'],
      ['+', '', '3', '  return `Hello, ${name}!`;'],
      [' ', '3', '4', '}'],
    ]);
    expect(diff.querySelector('.diff-stats')?.textContent).toBe('+2 −1');
  });

  it('marks a diff without old text as a new file', () => {
    renderChat(
      fold(
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-new',
          title: 'Create a.txt',
          kind: 'edit',
          status: 'completed',
          content: [{ type: 'diff', path: '/work/demo/a.txt', oldText: null, newText: 'one\ntwo\n' }],
        }),
      ),
    );
    const diff = screen.getByTestId('diff-view');
    expect(diff.dataset.newFile).toBe('true');
    expect(within(diff).getByText('new file')).toBeTruthy();
    expect(diff.querySelectorAll('.diff-add')).toHaveLength(2);
  });

  it('discloses the raw input and output as JSON', () => {
    renderChat(fold(editCall()));
    const toggle = screen.getByRole('button', { name: 'Raw input/output' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(screen.getByText(/"path": "\/work\/demo\/src\/greet.ts"/)).toBeTruthy();
  });

  it('ticks the elapsed time while running; lookups start folded, failures open', () => {
    // The call started at T0 + 200.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: T0 + 3_250 });
    const { push } = renderChat(
      fold(
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-search',
          title: 'Search for greet',
          kind: 'search',
          status: 'in_progress',
          content: [{ type: 'content', content: { type: 'text', text: 'file **body**' } }],
        }),
      ),
    );
    const card = screen.getByTestId('tool-call');
    expect(within(card).getByTestId('tool-status').textContent).toBe('Running · 3 s');
    act(() => vi.advanceTimersByTime(2_000));
    expect(within(card).getByTestId('tool-status').textContent).toBe('Running · 5 s');
    expect(card.querySelector('.md strong')).toBeNull(); // a lookup starts folded
    push(u({ sessionUpdate: 'tool_call_update', toolCallId: 'c-search', status: 'failed' }));
    expect(screen.getByTestId('tool-call').dataset.status).toBe('failed');
    expect(screen.getByTestId('tool-call').querySelector('.md strong')?.textContent).toBe('body');
  });

  it('shows what a read returned as highlighted code, folded until opened', () => {
    renderChat(
      fold(
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-read',
          title: 'Read greet.ts',
          kind: 'read',
          status: 'completed',
          locations: [{ path: '/work/demo/src/greet.ts', line: 1 }],
          content: [{ type: 'content', content: { type: 'text', text: OLD } }],
        }),
      ),
    );
    const toggle = screen.getByRole('button', { name: /Read greet.ts/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const code = screen.getByTestId('tool-call').querySelector('pre code')!;
    expect(code.className).toContain('language-ts');
    expect(code.textContent).toBe(OLD);
  });
});
