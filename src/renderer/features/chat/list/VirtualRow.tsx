import { useCallback, type ReactNode } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';

/**
 * One positioned row of the virtual list. It is measured as soon as it mounts, also while
 * the list is following the stream (the virtualizer itself defers that to its
 * ResizeObserver, which can leave a frame painted at the estimated height); later size
 * changes come from the ResizeObserver.
 */
export function VirtualRow({
  virtualizer,
  index,
  start,
  children,
  focused = false,
}: Readonly<{
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  index: number;
  start: number;
  children: ReactNode;
  /** The entry a search hit asked to show: marked until another is asked for. */
  focused?: boolean;
}>) {
  const ref = useCallback(
    (node: HTMLDivElement | null) => {
      virtualizer.measureElement(node);
      if (!node?.isConnected) return;
      const height = node.getBoundingClientRect().height;
      if (height > 0) virtualizer.resizeItem(index, Math.round(height));
    },
    [virtualizer, index],
  );
  return (
    <div
      ref={ref}
      data-index={index}
      className={focused ? 'row row-focused' : 'row'}
      data-focused={focused || undefined}
      style={{ transform: `translateY(${start}px)` }}
    >
      {children}
    </div>
  );
}
