/**
 * Virtualizer settings for the message list. Rows are measured after render (dynamic
 * heights); before that they are estimated. Where there is no layout at all (a headless DOM,
 * a hidden panel) the viewport and rows read 0 px: the estimates stand in, so a sensible
 * window of rows still renders instead of none (or all of them).
 */
import {
  measureElement as measureDefault,
  observeElementRect as observeDefault,
  type Rect,
  type Virtualizer,
} from '@tanstack/react-virtual';

export const ROW_ESTIMATE = 96;
export const INITIAL_RECT: Rect = { width: 800, height: 900 };
export const OVERSCAN = 6;
/** Within this many px of the end counts as "at the latest message". */
export const END_THRESHOLD = 48;

export function observeRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeDefault(instance, (rect) => cb(rect.height > 0 ? rect : INITIAL_RECT));
}

export function measureRow(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>,
): number {
  const size = measureDefault(element, entry, instance);
  return size > 0 ? size : ROW_ESTIMATE;
}
