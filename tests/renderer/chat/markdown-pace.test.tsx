/**
 * Pacing a costly reply's Markdown: a reply that renders cheaply follows every update; one
 * whose parse costs a lot is re-rendered at most every PACE_FACTOR × that cost, and its
 * latest text always lands.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown, MAX_PACE_MS, PACE_FACTOR, paceDelay } from '../../../src/renderer/features/chat/markdown/Markdown';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('paceDelay', () => {
  it('is 0 for cheap renders, cost × factor after the last one otherwise, capped', () => {
    expect(paceDelay(3, 1000, 1001)).toBe(0);
    expect(paceDelay(50, 1000, 1100)).toBe(1000 + 50 * PACE_FACTOR - 1100);
    expect(paceDelay(50, 1000, 5000)).toBe(0);
    expect(paceDelay(10_000, 1000, 1000)).toBe(MAX_PACE_MS);
  });
});

describe('Markdown pacing', () => {
  it('a cheap reply shows every update at once', () => {
    vi.spyOn(performance, 'now').mockReturnValue(0); // each render "costs" nothing
    const { rerender } = render(<Markdown text="one" />);
    rerender(<Markdown text="one two" />);
    expect(screen.getByText('one two')).toBeTruthy();
  });

  it('a costly reply waits for its turn, then shows the latest text', () => {
    vi.useFakeTimers();
    // Every render of the reply "costs" about 50 ms: the clock jumps each time it is read.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 50));
    const { rerender } = render(<Markdown text="first" />);
    rerender(<Markdown text="first second" />);
    rerender(<Markdown text="first second third" />);
    expect(screen.getByText('first')).toBeTruthy();
    expect(screen.queryByText(/third/)).toBeNull();
    act(() => vi.advanceTimersByTime(MAX_PACE_MS));
    expect(screen.getByText('first second third')).toBeTruthy();
  });
});
