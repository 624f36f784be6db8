import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fold, renderChat, u } from './chat-harness';

afterEach(cleanup);

const ESC = '\u001b[';

describe('tool output', () => {
  it('renders ANSI colours of command output as spans', () => {
    const output = `${ESC}1m> test${ESC}22m\n ${ESC}32m✓${ESC}39m passed ${ESC}2m(3)${ESC}22m\n`;
    renderChat(
      fold(
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-run',
          title: 'npm test',
          kind: 'execute',
          status: 'completed',
          content: [{ type: 'content', content: { type: 'text', text: output } }],
          rawOutput: { exitCode: 0 },
        }),
      ),
    );
    const term = screen.getByTestId('terminal-output');
    expect(term.textContent).toBe('> test\n ✓ passed (3)\n');
    expect(term.textContent).not.toContain('\u001b');
    expect(term.querySelector('.ansi-fg-green')?.textContent).toBe('✓');
    expect(term.querySelector('.ansi-bold')?.textContent).toBe('> test');
    expect(term.querySelector('.ansi-dim')?.textContent).toBe('(3)');
  });

  it('shows a terminal reference and text with escapes from other tools as terminal output', () => {
    renderChat(
      fold(
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-term',
          title: 'Build',
          kind: 'other',
          status: 'in_progress',
          content: [
            { type: 'terminal', terminalId: 'term-7' },
            { type: 'content', content: { type: 'text', text: `${ESC}31merror${ESC}39m` } },
          ],
        }),
      ),
    );
    const [ref, colored] = screen.getAllByTestId('terminal-output');
    expect(ref!.dataset.terminalId).toBe('term-7');
    expect(colored!.querySelector('.ansi-fg-red')?.textContent).toBe('error');
  });
});
