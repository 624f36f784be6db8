import { useLayoutEffect, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { END_THRESHOLD, INITIAL_RECT, OVERSCAN, ROW_ESTIMATE, measureRow, observeRect } from './virtual-config';

/**
 * The list's virtualizer, anchored to the end: appended rows and rows growing at the end are
 * followed while the view is at the end; once the person scrolls up, it stays put.
 */
export function useMessageVirtualizer(ids: readonly string[], scroller: RefObject<HTMLDivElement | null>) {
  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (i) => ids[i] ?? i,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    observeElementRect: observeRect,
    measureElement: measureRow,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD,
    paddingStart: 12,
    paddingEnd: 12,
  });
  // A session was opened: start at its latest message.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);
  // The list reserves a scrollbar gutter; the footer below pads by the same width so the
  // centred column of messages and the composer line up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const width = Math.max(el.offsetWidth - el.clientWidth, 0);
    el.closest<HTMLElement>('.chat-view')?.style.setProperty('--scrollbar-width', `${width}px`);
  }, [scroller]);
  return virtualizer;
}
