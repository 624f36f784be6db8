/**
 * A JSON value as a collapsible tree. Each key is a button that selects its node; the
 * toolbar copies the selected node's value (as JSON) or its path (`params.update.content`).
 * Objects and arrays below the first two levels start collapsed; a long array or object
 * shows its first 200 members.
 */
import { useState } from 'react';
import { copyText } from '../chat/markdown/clipboard';

const MAX_CHILDREN = 200;

export type JsonPath = readonly (string | number)[];

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

interface NodeProps {
  readonly name: string | number | null;
  readonly value: unknown;
  readonly path: JsonPath;
  readonly depth: number;
  readonly selected: string;
  readonly onSelect: (path: JsonPath) => void;
}

function JsonNode({ name, value, path, depth, selected, onSelect }: NodeProps) {
  const isContainer = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  const here = pathText(path);
  const label = name === null ? 'root' : String(name);
  const key = (
    <button
      type="button"
      className="json-key"
      aria-pressed={selected === here}
      aria-label={`Select ${here}`}
      onClick={() => onSelect(path)}
    >
      {name === null ? '$' : typeof name === 'number' ? name : JSON.stringify(name)}
    </button>
  );
  if (!isContainer)
    return (
      <li className="json-node">
        {key}
        <span className="json-sep">: </span>
        <span className={`json-value json-${value === null ? 'null' : typeof value}`}>{scalarText(value)}</span>
      </li>
    );
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <li className="json-node">
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
            />
          ))}
          {entries.length > MAX_CHILDREN && <li className="json-more muted">… {entries.length - MAX_CHILDREN} more</li>}
        </ul>
      )}
      {open && <span className="json-summary">{brackets[1]}</span>}
    </li>
  );
}

export function JsonTree({ value, label }: Readonly<{ value: unknown; label: string }>) {
  const [path, setPath] = useState<JsonPath>([]);
  const [copied, setCopied] = useState<string | null>(null);
  const here = pathText(path);
  const copy = async (what: 'value' | 'path') => {
    const text = what === 'path' ? here : JSON.stringify(valueAt(value, path), null, 2);
    const done = await copyText(text ?? 'undefined');
    setCopied(done ? `Copied the ${what} of ${here}.` : 'Copying failed.');
  };
  return (
    <div className="json-tree" data-testid="traffic-json">
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
        <JsonNode name={null} value={value} path={[]} depth={0} selected={here} onSelect={setPath} />
      </ul>
    </div>
  );
}
