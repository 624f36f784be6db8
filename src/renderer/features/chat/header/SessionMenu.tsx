/**
 * The chat header's session actions (issue 14): Fork, Rename…, Archive and Delete…, each
 * present only when the agent advertises it (`sessionOps`), so an agent without them shows
 * no menu at all. Rename asks for the title in place; Delete asks first, offering to keep the
 * local transcript read-only or delete it too.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { sessionOps } from '../../../../shared/session/ops';
import type { ErrorText } from '../../../state/error-text';
import { useAppStore } from '../../../state/store-context';
import { ErrorNote } from '../../../ui/Panel';
import { Glyph } from '../icons';
import { useAgentCapabilities, useReadOnlyReason, useSessionSummary, useSessionValue } from '../../../state/selectors';
import { onSessionActionRequest } from './session-menu-requests';
import { moveMenuFocus, useMenuDismiss } from '../../../ui/menu';

type Mode = 'closed' | 'menu' | 'rename' | 'delete';

export function SessionMenu({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useAppStore();
  const locked = useReadOnlyReason(sessionId) !== null;
  const summary = useSessionSummary(sessionId);
  const title = useSessionValue(sessionId, (s) => s.title) ?? summary?.title ?? '';
  const [mode, setMode] = useState<Mode>('closed');
  const closeMenu = useCallback(() => setMode('closed'), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useMenuDismiss(root, mode !== 'closed', closeMenu, mode === 'menu');

  const items = menuItems(
    sessionOps(useAgentCapabilities(sessionId)),
    { locked, archived: summary?.archived === true },
    {
      op: (op) => void act(() => store.sessionOps[op](sessionId)),
      ask: setMode,
    },
  );
  useActionRequests(sessionId, items);
  if (!items.length) return null;

  async function act(run: () => Promise<ErrorText | null>): Promise<void> {
    setMode('closed');
    setBusy(true);
    setError(null);
    const failed = await run();
    setBusy(false);
    setError(failed);
  }
  const close = () => {
    setMode('closed');
    toggle.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
    else if (mode === 'menu') moveMenuFocus(root.current, e);
  };
  return (
    <div className="export session-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="icon-btn"
        data-testid="session-menu"
        aria-haspopup="menu"
        aria-expanded={mode === 'menu'}
        aria-controls={mode === 'menu' ? menuId : undefined}
        aria-busy={busy || undefined}
        title="Session actions"
        onClick={() => setMode((m) => (m === 'menu' ? 'closed' : 'menu'))}
      >
        <Glyph name="branch" />
        <span className="icon-btn-label">Session</span>
      </button>
      {mode === 'menu' && <MenuItems id={menuId} items={items} />}
      {mode === 'rename' && (
        <RenameForm
          initial={title}
          onCancel={close}
          onSave={(t) => void act(() => store.sessionOps.rename(sessionId, t))}
        />
      )}
      {mode === 'delete' && (
        <DeleteConfirm
          onCancel={close}
          onDelete={(keepTranscript) => void act(() => store.sessionOps.deleteSession(sessionId, keepTranscript))}
        />
      )}
      {error && (
        <div className="menu" data-testid="session-op-error">
          <ErrorNote message={error.message} nextStep={error.nextStep} />
        </div>
      )}
    </div>
  );
}

type Item = { id: string; label: string; run: () => void };

/**
 * The advertised actions that apply now. Forking and archiving need the session on the agent;
 * renaming and deleting work on saved ones too; an archived one can only be unarchived.
 */
function menuItems(
  ops: ReturnType<typeof sessionOps>,
  { locked, archived }: { locked: boolean; archived: boolean },
  run: { op: (op: 'fork' | 'archive' | 'unarchive') => void; ask: (mode: Mode) => void },
): Item[] {
  return [
    ops.fork && !locked && { id: 'fork', label: 'Fork session', run: () => run.op('fork') },
    ops.rename && { id: 'rename', label: 'Rename…', run: () => run.ask('rename') },
    ops.archive && !locked && { id: 'archive', label: 'Archive', run: () => run.op('archive') },
    ops.archive && archived && { id: 'unarchive', label: 'Unarchive', run: () => run.op('unarchive') },
    ops.delete && { id: 'delete', label: 'Delete…', run: () => run.ask('delete') },
  ].filter((i): i is Item => Boolean(i));
}

function MenuItems({ id, items }: Readonly<{ id: string; items: readonly Item[] }>) {
  return (
    <div className="menu" role="menu" id={id} aria-label="Session actions">
      {items.map((i) => (
        <button
          key={i.id}
          type="button"
          role="menuitem"
          className="menu-item"
          data-testid={`session-${i.id}`}
          onClick={i.run}
        >
          {i.label}
        </button>
      ))}
    </div>
  );
}

/** The palette's session actions run this menu's items, so they ask and report here too. */
function useActionRequests(sessionId: string, items: readonly Item[]): void {
  const latest = useRef(items);
  useEffect(() => {
    latest.current = items;
  });
  useEffect(
    () =>
      onSessionActionRequest((id, action) => {
        const item = id === sessionId ? latest.current.find((i) => i.id === action) : undefined;
        item?.run();
        return item !== undefined;
      }),
    [sessionId],
  );
}

function RenameForm({
  initial,
  onSave,
  onCancel,
}: Readonly<{ initial: string; onSave: (title: string) => void; onCancel: () => void }>) {
  const [value, setValue] = useState(initial);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onSave(value.trim());
  };
  return (
    <form className="menu" role="dialog" aria-label="Rename session" onSubmit={submit}>
      <label htmlFor={inputId}>Session title</label>
      <input
        ref={input}
        id={inputId}
        data-testid="session-rename-input"
        value={value}
        maxLength={1000}
        required
        onChange={(e) => setValue(e.target.value)}
      />
      <button
        type="submit"
        className="btn btn-primary btn-sm"
        data-testid="session-rename-save"
        disabled={!value.trim()}
      >
        Rename
      </button>
      <button type="button" className="btn btn-secondary btn-sm" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function DeleteConfirm({
  onDelete,
  onCancel,
}: Readonly<{ onDelete: (keepTranscript: boolean) => void; onCancel: () => void }>) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const describedBy = useId();
  return (
    <div className="menu remove-confirm" role="alertdialog" aria-label="Delete session" aria-describedby={describedBy}>
      <p id={describedBy}>
        Delete this session on the agent? This cannot be undone. The transcript here can stay, read-only.
      </p>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="session-delete-keep"
        onClick={() => onDelete(true)}
      >
        Delete, keep the transcript
      </button>
      <button
        type="button"
        className="btn btn-danger btn-sm"
        data-testid="session-delete-all"
        onClick={() => onDelete(false)}
      >
        Delete with the transcript
      </button>
      <button ref={cancel} type="button" className="btn btn-secondary btn-sm" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
