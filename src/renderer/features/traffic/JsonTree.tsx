/**
 * A JSON value as a collapsible tree. Each key is a button that selects its node; the
 * toolbar copies the selected node's value (as JSON) or its path (`params.update.content`).
 * Objects and arrays below the first two levels start collapsed; a long array or object
 * shows its first 200 members. The search box marks the keys and values that contain its
 * text, expands their ancestors, and steps through them ("2 of 5", next / previous), each
 * one selected in turn.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { copyText } from '../chat/markdown/clipboard';
import { findMatches, splitHits, type JsonPath } from './json-search';

const MAX_CHILDREN = 200;

export type { JsonPath };

/** `params.update["odd key"][3]`; the root is `$`. */
export function pathText(path: JsonPath): string {
  if (path.length === 0) return '$';
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(p)
          ? i === 0
            ? p
            : `.${p}`
          : `[${JSON.stringify(p)}]`,
    )
    .join('');
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : String(JSON.stringify(v));
}

/** What the search asks of every node: the text, the nodes that match, the ones to expand, the current one. */
interface SearchState {
  readonly needle: string;
  readonly hits: ReadonlySet<string>;
  readonly open: ReadonlySet<string>;
  readonly current: string | null;
}

const NO_SEARCH: SearchState = { needle: '', hits: new Set(), open: new Set(), current: null };

function Marked({ text, needle }: Readonly<{ text: string; needle: string }>): ReactNode {
  if (!needle.trim()) return text;
  return splitHits(text, needle).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="json-hit">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

interface NodeProps {
  readonly name: string | number | null;
  readonly value: unknown;
  readonly path: JsonPath;
  readonly depth: number;
  readonly selected: string;
  readonly onSelect: (path: JsonPath) => void;
  readonly search: SearchState;
}

function KeyButton({
  name,
  here,
  selected,
  onSelect,
  path,
  needle,
}: Readonly<{
  name: string | number | null;
  here: string;
  selected: string;
  onSelect: (path: JsonPath) => void;
  path: JsonPath;
  needle: string;
}>) {
  const text = name === null ? '$' : typeof name === 'number' ? String(name) : JSON.stringify(name);
  return (
    <button
      type="button"
      className="json-key"
      aria-pressed={selected === here}
      aria-label={`Select ${here}`}
      onClick={() => onSelect(path)}
    >
      {typeof name === 'string' ? <Marked text={text} needle={needle} /> : text}
    </button>
  );
}

/** Open state: the first two levels start open; the search opens the ancestors of its matches. */
function useOpen(depth: number, here: string, search: SearchState) {
  const [open, setOpen] = useState(depth < 2);
  const forced = search.open.has(here);
  useEffect(() => {
    if (forced) setOpen(true);
  }, [forced, search.needle]);
  return [open, setOpen] as const;
}

/** The current match scrolls into view. */
function useCurrent(current: boolean) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  return ref;
}

function JsonNode({ name, value, path, depth, selected, onSelect, search }: NodeProps) {
  const isContainer = value !== null && typeof value === 'object';
  const here = pathText(path);
  const [open, setOpen] = useOpen(depth, here, search);
  const isCurrent = search.current === here;
  const ref = useCurrent(isCurrent);
  const label = name === null ? 'root' : String(name);
  const className = `json-node${search.hits.has(here) ? ' is-hit' : ''}${isCurrent ? ' is-current' : ''}`;
  const key = <KeyButton {...{ name, here, selected, onSelect, path }} needle={search.needle} />;
  if (!isContainer)
    return (
      <li className={className} ref={ref} data-match={search.hits.has(here) || undefined}>
        {key}
        <span className="json-sep">: </span>
        <span className={`json-value json-${value === null ? 'null' : typeof value}`}>
          <Marked text={scalarText(value)} needle={search.needle} />
        </span>
      </li>
    );
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <li className={className} ref={ref} data-match={search.hits.has(here) || undefined}>
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {key}
      <span className="json-sep">: </span>
      <span className="json-summary">
        {brackets[0]}
        {open ? '' : ` ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${brackets[1]}`}
      </span>
      {open && (
        <ul className="json-children">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <JsonNode
              key={String(k)}
              name={k}
              value={v}
              path={[...path, k]}
              depth={depth + 1}
              selected={selected}
              onSelect={onSelect}
              search={search}
            />
          ))}
          {entries.length > MAX_CHILDREN && <li className="json-more muted">… {entries.length - MAX_CHILDREN} more</li>}
        </ul>
      )}
      {open && <span className="json-summary">{brackets[1]}</span>}
    </li>
  );
}

/** The search over `value`: matches in tree order, the current one, next / previous. */
function useJsonSearch(value: unknown, onCurrent: (path: JsonPath) => void) {
  const [needle, setNeedle] = useState('');
  const [index, setIndex] = useState(0);
  const matches = useMemo(() => findMatches(value, needle, MAX_CHILDREN), [value, needle]);
  const state = useMemo<SearchState>(() => {
    if (matches.length === 0) return { ...NO_SEARCH, needle };
    const open = new Set<string>();
    for (const m of matches) for (let i = 0; i < m.length; i++) open.add(pathText(m.slice(0, i)));
    const current = matches[Math.min(index, matches.length - 1)]!;
    return { needle, hits: new Set(matches.map(pathText)), open, current: pathText(current) };
  }, [matches, index, needle]);
  const go = (step: number) => {
    if (matches.length === 0) return;
    const next = (Math.min(index, matches.length - 1) + step + matches.length) % matches.length;
    setIndex(next);
    onCurrent(matches[next]!);
  };
  const change = (text: string) => {
    setNeedle(text);
    setIndex(0);
    const first = findMatches(value, text, MAX_CHILDREN)[0];
    if (first) onCurrent(first);
  };
  return { needle, change, go, state, count: matches.length, position: Math.min(index, matches.length - 1) + 1 };
}

function SearchBox({ search }: Readonly<{ search: ReturnType<typeof useJsonSearch> }>) {
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    search.go(e.shiftKey ? -1 : 1);
  };
  const status = !search.needle.trim()
    ? ''
    : search.count === 0
      ? 'No match'
      : `${search.position} of ${search.count}${search.count >= 1000 ? '+' : ''}`;
  return (
    <div className="json-search" role="search">
      <input
        type="search"
        className="input json-search-input"
        aria-label="Search the message"
        placeholder="Search keys and values"
        value={search.needle}
        onChange={(e) => search.change(e.target.value)}
        onKeyDown={onKey}
        data-testid="json-search"
      />
      <span className="json-search-count" role="status" data-testid="json-search-count">
        {status}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={search.count === 0}
        onClick={() => search.go(-1)}
      >
        Previous match
      </button>
      <button type="button" className="btn btn-ghost btn-sm" disabled={search.count === 0} onClick={() => search.go(1)}>
        Next match
      </button>
    </div>
  );
}

export function JsonTree({ value, label }: Readonly<{ value: unknown; label: string }>) {
  const [path, setPath] = useState<JsonPath>([]);
  const [copied, setCopied] = useState<string | null>(null);
  const search = useJsonSearch(value, setPath);
  const here = pathText(path);
  const copy = async (what: 'value' | 'path') => {
    const text = what === 'path' ? here : JSON.stringify(valueAt(value, path), null, 2);
    const done = await copyText(text ?? 'undefined');
    setCopied(done ? `Copied the ${what} of ${here}.` : 'Copying failed.');
  };
  return (
    <div className="json-tree" data-testid="traffic-json">
      <SearchBox search={search} />
      <div className="json-toolbar">
        <span className="json-path" data-testid="traffic-json-path">
          {here}
        </span>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void copy('value')}>
          Copy value
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void copy('path')}>
          Copy path
        </button>
        <span className="visually-hidden" role="status">
          {copied ?? ''}
        </span>
      </div>
      <ul className="json-root" aria-label={label}>
        <JsonNode
          name={null}
          value={value}
          path={[]}
          depth={0}
          selected={here}
          onSelect={setPath}
          search={search.state}
        />
      </ul>
    </div>
  );
}
