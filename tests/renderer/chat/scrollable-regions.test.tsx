/**
 * Regions of the chat that scroll sideways (a code block's long lines, a diff) take keyboard
 * focus and have a name, so they can be scrolled without a mouse (axe: scrollable-region-focusable).
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fold, renderChat, u } from './chat-harness';

afterEach(cleanup);

describe('scrollable regions in the chat', () => {
  it('a code block and a diff are focusable and named', async () => {
    renderChat(
      fold(
        u({
          sessionUpdate: 'agent_message_chunk',
          content: { type: 'text', text: '```ts\nconst long = "' + 'x'.repeat(300) + '";\n```\n' },
        }),
        u({
          sessionUpdate: 'tool_call',
          toolCallId: 'c-1',
          title: 'Edit a.ts',
          kind: 'edit',
          status: 'completed',
          content: [{ type: 'diff', path: '/w/a.ts', oldText: 'a\n', newText: 'b\n' }],
        }),
      ),
    );
    const code = (await screen.findByLabelText('Code in ts')) as HTMLElement;
    expect(code.tagName).toBe('PRE');
    expect(code.tabIndex).toBe(0);
    const diff = screen.getByRole('table', { name: 'Changes to /w/a.ts' });
    expect(diff.tabIndex).toBe(0);
  });
});
