import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useAppStore } from '../../../state/store-context';
import { Glyph } from '../icons';
import { downloadFile } from '../../../ui/download-file';
import { moveMenuFocus, useMenuDismiss } from '../../../ui/menu';

const FORMATS = [
  { format: 'markdown', label: 'Markdown (.md)', testId: 'export-markdown' },
  { format: 'json', label: 'JSON event log', testId: 'export-json' },
] as const;

/** "Export" button with a two-item menu; the file comes from the host and is downloaded. */
export function ExportMenu({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useMenuDismiss(root, open, close);

  const run = async (format: 'markdown' | 'json') => {
    setOpen(false);
    setBusy(true);
    const file = await store.sessions.exportSession(sessionId, format);
    setBusy(false);
    if (file) downloadFile(file);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('.export-toggle')?.focus();
    } else if (open) moveMenuFocus(root.current, e);
  };
  return (
    <div className="export" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="icon-btn export-toggle"
        data-testid="export-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy || undefined}
        title="Export this session"
        onClick={() => setOpen((o) => !o)}
      >
        <Glyph name="download" />
        <span className="icon-btn-label">Export</span>
      </button>
      {open && (
        <div className="menu" role="menu" id={menuId} aria-label="Export format">
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              role="menuitem"
              className="menu-item"
              data-testid={f.testId}
              onClick={() => void run(f.format)}
            >
              {f.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
