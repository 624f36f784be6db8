import { Fragment, useEffect, useId, useRef } from 'react';
import { usePaletteOpen } from '../../state/selectors';
import { shortcutLabels } from '../navigation/shortcuts';
import type { PaletteAction } from './palette-actions';
import { SupportNotice } from './SupportNotice';
import { usePalette } from './use-palette';

function Option({
  action,
  id,
  active,
  showGroup,
  onHover,
  onRun,
}: Readonly<{
  action: PaletteAction;
  id: string;
  active: boolean;
  showGroup: boolean;
  onHover: () => void;
  onRun: () => void;
}>) {
  const keys = action.shortcut ? shortcutLabels(action.shortcut) : [];
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className="palette-item"
      data-testid="palette-item"
      data-action-id={action.id}
      onMouseMove={active ? undefined : onHover}
      onClick={onRun}
    >
      <span className="palette-item-title">{action.title}</span>
      {action.detail && <span className="palette-item-detail">{action.detail}</span>}
      {showGroup && <span className="palette-item-group">{action.group}</span>}
      {keys.length > 0 && (
        <span className="palette-keys" aria-label={`Shortcut: ${keys.join(' or ')}`}>
          <kbd>{keys[0]}</kbd>
        </span>
      )}
    </li>
  );
}

function PaletteDialog() {
  const p = usePalette();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;
  /** Without a query the actions show under group headings; filtered, each says its group. */
  const grouped = !p.query.trim();
  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => {
    // Effects must return nothing: Chromium's scrollIntoView now returns a promise.
    void document.getElementById(`${listId}-o${p.active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [listId, p.active]);
  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && p.close()}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onKeyDown={p.onKeyDown}
      >
        <input
          ref={input}
          className="palette-input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={p.items.length ? optionId(p.active) : undefined}
          aria-label="Search commands and sessions"
          placeholder="Type a command or a session title…"
          spellCheck={false}
          autoComplete="off"
          value={p.query}
          onChange={(e) => p.changeQuery(e.target.value)}
        />
        <ul className="palette-list" id={listId} role="listbox" aria-label="Commands">
          {p.items.map((action, i) => (
            <Fragment key={action.id}>
              {grouped && action.group !== p.items[i - 1]?.group && (
                <li role="presentation" className="palette-group">
                  {action.group}
                </li>
              )}
              <Option
                action={action}
                id={optionId(i)}
                active={i === p.active}
                showGroup={!grouped}
                onHover={() => p.setActive(i)}
                onRun={() => p.run(action)}
              />
            </Fragment>
          ))}
        </ul>
        {p.items.length === 0 && (
          <p className="palette-empty" role="status">
            Nothing matches “{p.query}”.
          </p>
        )}
        <footer className="palette-footer" aria-hidden="true">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> to move
          </span>
          <span>
            <kbd>Enter</kbd> to run
          </span>
          <span>
            <kbd>Esc</kbd> to close
          </span>
        </footer>
      </div>
    </div>
  );
}

/** Ctrl/⌘+K: every action, filtered as you type (a modal dialog that keeps focus inside). */
export function CommandPalette() {
  const open = usePaletteOpen();
  return (
    <>
      {open && <PaletteDialog />}
      <SupportNotice />
    </>
  );
}
