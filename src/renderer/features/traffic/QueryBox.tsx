/**
 * The query box: a combobox completing field names and values (`completions` of the query
 * language), with the parser's sentence shown inline when the text cannot be read. The
 * panel debounces `onChange` and asks the core to run the query.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { completions, QUERY_HELP, type Completion, type KnownValues } from '../../../shared/traffic/query';

export interface QueryBoxProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** Run now (Enter without a completion open). */
  readonly onSubmit: () => void;
  readonly error: string | null;
  readonly known: KnownValues;
}

function CompletionList({
  id,
  options,
  active,
  expanded,
  onPick,
}: Readonly<{
  id: string;
  options: readonly Completion[];
  active: number;
  expanded: boolean;
  onPick: (i: number) => void;
}>) {
  return (
    <ul
      id={`${id}-list`}
      role="listbox"
      aria-label="Query completions"
      className="traffic-completions"
      hidden={!expanded}
    >
      {options.map((c, i) => (
        <li
          key={c.label}
          id={`${id}-opt-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'is-active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(i);
          }}
        >
          <span className="traffic-completion-label">{c.label}</span>
          {c.detail && <span className="traffic-completion-detail">{c.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

function QueryHelp() {
  return (
    <details className="traffic-help">
      <summary>Query syntax</summary>
      <pre className="traffic-help-text">{QUERY_HELP}</pre>
    </details>
  );
}

/** The completion menu's state: which options show, the active one, and its keyboard. */
function useCompletionMenu({ value, onChange, onSubmit, known }: Omit<QueryBoxProps, 'error'>) {
  const input = useRef<HTMLInputElement | null>(null);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Completions follow a word being typed (or ArrowDown / Ctrl+Space asks for them).
  const [forced, setForced] = useState(false);
  const prefix = value.slice(0, caret);
  const typing = /[^\s()-]$/.test(prefix);
  const options = useMemo(
    () => (open && (typing || forced) ? completions(prefix, known).slice(0, 12) : []),
    [open, typing, forced, prefix, known],
  );
  const expanded = options.length > 0;

  const accept = (i: number) => {
    const c = options[i];
    if (!c) return;
    const at = c.from + c.insert.length;
    onChange(value.slice(0, c.from) + c.insert + value.slice(caret));
    setCaret(at);
    setActive(0);
    setOpen(c.insert.endsWith(':'));
    requestAnimationFrame(() => input.current?.setSelectionRange(at, at));
  };
  const close = () => {
    setOpen(false);
    setForced(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!expanded && (e.key === 'ArrowDown' || (e.key === ' ' && e.ctrlKey))) {
      setOpen(true);
      setForced(true);
    } else if (expanded && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + options.length) % options.length);
    } else if (expanded && (e.key === 'Enter' || e.key === 'Tab')) accept(active);
    else if (expanded && e.key === 'Escape') close();
    else if (e.key === 'Enter') {
      close();
      onSubmit();
    } else return;
    e.preventDefault();
  };
  const onTyped = (text: string, at: number | null) => {
    onChange(text);
    setCaret(at ?? text.length);
    setActive(0);
    setOpen(true);
    setForced(false);
  };
  return { input, options, expanded, active, accept, onKeyDown, onTyped, close };
}

export function QueryBox({ value, onChange, onSubmit, error, known }: QueryBoxProps) {
  const id = useId();
  const { input, options, expanded, active, accept, onKeyDown, onTyped, close } = useCompletionMenu({
    value,
    onChange,
    onSubmit,
    known,
  });
  return (
    <div className="traffic-query">
      <label htmlFor={`${id}-input`} className="traffic-query-label">
        Query
      </label>
      <div className="traffic-query-box">
        <input
          ref={input}
          id={`${id}-input`}
          type="search"
          role="combobox"
          className="input traffic-query-input"
          data-testid="traffic-query"
          placeholder="method:session/prompt dir:out has:error"
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onTyped(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <CompletionList id={id} options={options} active={active} expanded={expanded} onPick={accept} />
      </div>
      {error && (
        <p id={`${id}-error`} className="traffic-query-error" data-testid="traffic-query-error">
          {error}
        </p>
      )}
      <QueryHelp />
    </div>
  );
}
