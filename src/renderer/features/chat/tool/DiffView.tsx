import { memo, useMemo } from 'react';
import type { Diff } from '@agentclientprotocol/sdk';
import { diffLines, diffStats, foldUnchanged } from '../../../../shared/util/line-diff';
import { displayPath } from './tool-view';
import { MoreLines, useLineWindow } from './line-window';

/** Unified diff of one file: path header with +/− counts, old/new line numbers, colouring. */
export const DiffView = memo(function DiffView({ diff, cwd }: Readonly<{ diff: Diff; cwd?: string | null }>) {
  const isNew = diff.oldText == null;
  const lines = useMemo(() => diffLines(diff.oldText, diff.newText), [diff.oldText, diff.newText]);
  const shown = useMemo(() => foldUnchanged(lines), [lines]);
  const stats = diffStats(lines);
  const window = useLineWindow(shown.length, 600);
  return (
    <figure className="diff" data-testid="diff-view" data-new-file={isNew || undefined}>
      <figcaption className="diff-header">
        <span className="diff-path" title={diff.path}>
          {displayPath(diff.path, cwd)}
        </span>
        {isNew && <span className="diff-tag">new file</span>}
        <span className="diff-stats">
          <span className="diff-added">+{stats.added}</span> <span className="diff-removed">−{stats.removed}</span>
        </span>
      </figcaption>
      {/* Focusable, like every region that scrolls, so the keyboard can scroll it. */}
      <div className="diff-body" role="table" aria-label={`Changes to ${diff.path}`} tabIndex={0}>
        {shown.slice(0, window.limit).map((l, k) =>
          l.type === 'fold' ? (
            <div key={k} className="diff-line diff-fold" role="row">
              <span role="cell" className="diff-fold-text">
                ⋯ {l.count} unchanged {l.count === 1 ? 'line' : 'lines'}
              </span>
            </div>
          ) : (
            <div key={k} className={`diff-line diff-${l.type}`} role="row">
              <span role="cell" className="diff-no" aria-label={l.oldNo ? `old line ${l.oldNo}` : undefined}>
                {l.oldNo ?? ''}
              </span>
              <span role="cell" className="diff-no" aria-label={l.newNo ? `new line ${l.newNo}` : undefined}>
                {l.newNo ?? ''}
              </span>
              <span role="cell" className="diff-sign" aria-label={SIGN_LABEL[l.type]}>
                {SIGN[l.type]}
              </span>
              <span role="cell" className="diff-text">
                {l.text || ' '}
              </span>
            </div>
          ),
        )}
      </div>
      <MoreLines hidden={window.hidden} more={window.more} all={window.all} what="diff lines" />
    </figure>
  );
});

const SIGN = { same: ' ', del: '−', add: '+' } as const;
const SIGN_LABEL = { same: undefined, del: 'removed', add: 'added' } as const;
