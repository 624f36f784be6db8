import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useAppStore } from '../../../state/store-context';
import { Glyph } from '../icons';
import { downloadFile } from '../../../ui/download-file';

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
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  useEffect(() => {
    if (open) root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open]);

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
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
      e.preventDefault();
    }
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
