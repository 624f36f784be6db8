import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AnsiText } from '../../../src/renderer/features/chat/tool/AnsiText';

afterEach(cleanup);

describe('windowed tool output', () => {
  it('renders only the last lines of a huge log and reveals more on demand', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    render(<AnsiText text={text} />);
    const pre = screen.getByTestId('terminal-output');
    expect(pre.textContent).toContain('line 4999');
    expect(pre.textContent).not.toContain('line 0\n');
    expect(screen.getByTestId('more-lines').textContent).toContain('4,600 earlier lines hidden');
    fireEvent.click(screen.getByText('Show all'));
    expect(screen.getByTestId('terminal-output').textContent).toContain('line 0\n');
    expect(screen.queryByTestId('more-lines')).toBeNull();
  });
});
