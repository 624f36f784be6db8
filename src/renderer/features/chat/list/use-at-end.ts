import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * Whether the scroller shows its end (within `threshold` px), from the DOM: re-read on every
 * scroll and after every render, since following the stream moves the view without a render.
 * When the viewport itself shrinks (the composer grew) while at the end, it stays at the end
 * through `toEnd`.
 */
export function useAtEnd(scroller: RefObject<HTMLElement | null>, threshold: number, toEnd: () => void): boolean {
  const [atEnd, setAtEnd] = useState(true);
  const last = useRef(true);
  const check = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    last.current = el.scrollHeight - el.scrollTop - el.clientHeight <= threshold;
    setAtEnd(last.current);
  }, [scroller, threshold]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.addEventListener('scroll', check, { passive: true });
    const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => last.current && toEnd()) : null;
    resized?.observe(el);
    return () => {
      el.removeEventListener('scroll', check);
      resized?.disconnect();
    };
  }, [scroller, check, toEnd]);
  useLayoutEffect(check);
  return atEnd;
}
