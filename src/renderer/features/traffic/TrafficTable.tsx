/**
 * The virtualized traffic table: an ARIA grid whose focus stays on the grid itself while
 * `aria-activedescendant` names the selected row (arrow keys, Home/End, Page keys move it;
 * Enter opens the detail; → / ← expand and collapse a folded chunk run). Rows have one
 * fixed height, so only the visible ones (plus overscan) are in the DOM.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { observeRect } from '../chat/list/virtual-config';
import type { Columns, DisplayRow } from './traffic-rows';

export const ROW_HEIGHT = 24;

export const COLUMNS: readonly { key: keyof Columns; label: string }[] = [
  { key: 'time', label: 'Time' },
  { key: 'rel', label: 'Since turn' },
  { key: 'dir', label: 'Direction' },
  { key: 'lane', label: 'Lane' },
  { key: 'kind', label: 'Kind' },
  { key: 'what', label: 'Method' },
  { key: 'id', label: 'Id' },
  { key: 'session', label: 'Session' },
  { key: 'update', label: 'Update' },
  { key: 'size', label: 'Size' },
  { key: 'latency', label: 'Latency' },
  { key: 'status', label: 'Status' },
];

export interface TrafficTableProps {
  readonly rows: readonly DisplayRow[];
  readonly selectedKey: string | null;
  readonly expanded: ReadonlySet<string>;
  /** Keep the newest row in view as rows arrive (live tail, not paused). */
  readonly follow: boolean;
  readonly onSelect: (key: string) => void;
  readonly onOpen: (key: string) => void;
  readonly onToggleFold: (key: string, open: boolean) => void;
  readonly onCloseDetail: () => void;
  readonly label: string;
  readonly idPrefix: string;
  /** Every row shown is a frame of the chat item the inspector was opened for: highlight them. */
  readonly linked?: boolean;
}

export const rowDomId = (prefix: string, key: string) => `${prefix}-row-${key.replace(/[^\w-]/g, '_')}`;

function moveKey(e: KeyboardEvent, index: number, count: number, page: number): number | undefined {
  switch (e.key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
      return Math.max(0, index < 0 ? count - 1 : index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return Math.min(count - 1, index + page);
    case 'PageUp':
      return Math.max(0, index - page);
    default:
      return undefined;
  }
}

function Row({
  row,
  start,
  index,
  selected,
  expanded,
  linked,
  id,
  onClick,
  onToggle,
}: Readonly<{
  row: DisplayRow;
  start: number;
  index: number;
  selected: boolean;
  expanded: boolean;
  linked: boolean;
  id: string;
  onClick: () => void;
  onToggle: () => void;
}>) {
  const classes = [
    'traffic-row',
    `traffic-row-${row.type}`,
    row.error ? 'is-error' : '',
    selected ? 'is-selected' : '',
    linked ? 'is-linked' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="row"
      id={id}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-expanded={row.type === 'fold' ? expanded : undefined}
      className={classes}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="traffic-row"
      data-key={row.key}
      data-row-type={row.type}
      data-linked={linked || undefined}
      onClick={onClick}
    >
      {COLUMNS.map((c) => (
        <div role="gridcell" key={c.key} className={`traffic-cell traffic-col-${c.key}`} title={row.cols[c.key]}>
          {c.key === 'what' && row.type === 'fold' ? (
            <button
              type="button"
              tabIndex={-1}
              className="traffic-fold-toggle"
              aria-label={expanded ? 'Collapse chunks' : 'Expand chunks'}
              onClick={(e) => {
                e.stopPropagation();
                onToggle();
              }}
            >
              {expanded ? '▾' : '▸'}
            </button>
          ) : null}
          {row.cols[c.key]}
        </div>
      ))}
    </div>
  );
}

function HeaderRow() {
  return (
    <div role="rowgroup" className="traffic-head">
      <div role="row" aria-rowindex={1} className="traffic-row traffic-head-row">
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c.key} className={`traffic-cell traffic-col-${c.key}`}>
            {c.label}
          </div>
        ))}
      </div>
    </div>
  );
}

function useRowVirtualizer(rows: readonly DisplayRow[], scroller: RefObject<HTMLDivElement | null>) {
  return useVirtualizer<HTMLDivElement, Element>({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 12,
    initialRect: { width: 900, height: 320 },
    observeElementRect: observeRect,
    paddingStart: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
  });
}

export function TrafficTable(props: TrafficTableProps) {
  const { rows, selectedKey, follow } = props;
  const scroller = useRef<HTMLDivElement | null>(null);
  const atEnd = useRef(true);
  const virtualizer = useRowVirtualizer(rows, scroller);
  const index = selectedKey === null ? -1 : rows.findIndex((r) => r.key === selectedKey);

  useLayoutEffect(() => {
    if (follow && atEnd.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, virtualizer]);

  // A selection made elsewhere (a jump to the paired response) scrolls into view.
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only a new selection scrolls: rows arriving (index moving) must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const row = rows[index];
    if (e.key === 'Enter' && row) props.onOpen(row.key);
    else if (e.key === 'Escape') props.onCloseDetail();
    else if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && row?.type === 'fold')
      props.onToggleFold(row.key, e.key === 'ArrowRight');
    else {
      const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
      const next = moveKey(e, index, rows.length, page);
      if (next === undefined) return;
      props.onSelect(rows[next]!.key);
    }
    e.preventDefault();
  };

  const active = index >= 0 ? rowDomId(props.idPrefix, rows[index]!.key) : undefined;
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={active}
      aria-multiselectable={false}
      tabIndex={0}
      className="traffic-grid"
      data-testid="traffic-table"
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
      }}
    >
      <HeaderRow />
      {rows.length > 0 && (
        <div role="rowgroup" className="traffic-body" style={{ height: virtualizer.getTotalSize() - ROW_HEIGHT }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <Row
                key={row.key}
                row={row}
                index={item.index}
                start={item.start - ROW_HEIGHT}
                selected={row.key === selectedKey}
                expanded={props.expanded.has(row.key)}
                linked={props.linked === true}
                id={rowDomId(props.idPrefix, row.key)}
                onClick={() => props.onOpen(row.key)}
                onToggle={() => props.onToggleFold(row.key, !props.expanded.has(row.key))}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
