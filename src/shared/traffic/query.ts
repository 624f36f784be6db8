/**
 * The traffic query language: Lucene-like syntax parsed by `liqe`, evaluated here against a
 * flat view of each record (see `QUERY_HELP` for the syntax). Parse once with
 * `parseTrafficQuery`, then call `match(record, ctx)` per record: field tests touch only the
 * cached flat view; the JSON text of a record is built (and cached) only when the query has
 * free text.
 */
import { parse, SyntaxError as LiqeSyntaxError, isSafeUnquotedExpression } from 'liqe';
import type { ExpressionToken, ParserAst, TagToken } from 'liqe';
import type { TrafficRecord } from '../domain/traffic';
import {
  containsText,
  FIELDS,
  QUERY_FIELDS,
  textOf,
  viewOf,
  type Matcher,
  type NumberUnit,
  type QueryContext,
  type ValueTest,
} from './query-fields';

export type { QueryContext } from './query-fields';

const NO_CONTEXT: QueryContext = {};
export { ACP_METHODS, QUERY_FIELDS, SESSION_UPDATE_KINDS } from './query-fields';
export { collectKnownValues, completions, QUERY_HELP, type Completion, type KnownValues } from './query-completion';

export interface TrafficQuery {
  readonly ok: true;
  match(record: TrafficRecord, ctx?: QueryContext): boolean;
  /** True when the query uses free text (each record's JSON text is searched). */
  readonly usesText: boolean;
  /** True for an empty query (matches everything). */
  readonly empty: boolean;
}

export type TrafficQueryResult =
  TrafficQuery | { readonly ok: false; readonly error: string; readonly position: number };

// ---- units and the pre-pass ---------------------------------------------------------------

const UNIT_FACTORS: Record<'ms' | 'bytes', Record<string, number>> = {
  ms: { '': 1, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000 },
  bytes: { '': 1, b: 1, kb: 1000, k: 1000, mb: 1_000_000, m: 1_000_000, kib: 1024, mib: 1_048_576 },
};

/** `500ms` → 500, `1.5s` → 1500, `10kb` → 10000; undefined when the unit is unknown. */
export function parseQuantity(text: string, unit: NumberUnit): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)([a-z]*)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2]!.toLowerCase();
  if (unit === 'plain') return suffix === '' ? n : undefined;
  const f = UNIT_FACTORS[unit][suffix];
  return f === undefined ? undefined : n * f;
}

interface Rewritten {
  readonly text: string;
  /** For each index of `text`, the index in the original query. */
  readonly map: readonly number[];
  /** Start offsets (in `text`) of values the pre-pass quoted: they keep wildcard meaning. */
  readonly autoQuoted: ReadonlySet<number>;
}

/** A range with units, `[100ms TO 1s]`: liqe takes plain numbers only. */
const RANGE = /^([[{])\s*([\d.]+[a-z]*)\s+TO\s+([\d.]+[a-z]*)\s*([\]}])/i;

const TAG_HEAD = /^(-?)([A-Za-z_][\w.]*)(:(?:>=|<=|>|<|=)?)/;

/**
 * liqe accepts neither `/` nor `:` in an unquoted value, nor `1.5kb`; our queries want
 * `method:session/update`, `lane:session:abc` and `size:>1.5kb`. This pass quotes such values
 * and turns unit quantities of numeric fields into plain numbers, keeping a map back to the
 * original offsets for error messages. It only rewrites `field:value` tokens; liqe does the parsing.
 */
/** The rewritten text with, for each of its characters, the original offset. */
class Rewriter {
  text = '';
  readonly map: number[] = [];
  readonly autoQuoted = new Set<number>();

  /** Appends `s`, every character mapped to original offset `at`. */
  emit(s: string, at: number): void {
    for (let k = 0; k < s.length; k++) this.map.push(at);
    this.text += s;
  }

  /** Appends `s` copied from original offset `at` on. */
  copy(s: string, at: number): void {
    for (let k = 0; k < s.length; k++) this.map.push(at + k);
    this.text += s;
  }

  /** Appends `value` (from offset `at`) in double quotes, escaped; remembered as auto-quoted. */
  quote(value: string, at: number): void {
    this.autoQuoted.add(this.text.length);
    this.emit('"', at);
    for (let k = 0; k < value.length; k++) {
      const ch = value[k]!;
      if (ch === '"' || ch === '\\') this.emit('\\', at + k);
      this.emit(ch, at + k);
    }
    this.emit('"', at + value.length - 1);
  }
}

/** Rewrites the value of a `field:` term starting at `i`; returns the offset after it. */
function rewriteValue(q: string, i: number, fieldName: string, out: Rewriter): number {
  const first = q[i];
  const field = FIELDS[fieldName.toLowerCase()];
  if ((first === '[' || first === '{') && field?.type === 'number') {
    const range = RANGE.exec(q.slice(i));
    const lo = range ? parseQuantity(range[2]!, field.unit) : undefined;
    const hi = range ? parseQuantity(range[3]!, field.unit) : undefined;
    if (range && lo !== undefined && hi !== undefined) {
      out.emit(`${range[1]}${lo} TO ${hi}${range[4]}`, i);
      return i + range[0].length;
    }
  }
  if (first === undefined || first === '"' || first === "'" || first === '[' || first === '{' || first === '/')
    return i;
  let end = i;
  while (end < q.length && !/[\s()]/.test(q[end]!)) end++;
  const value = q.slice(i, end);
  if (value === '') return i;
  const quantity = field?.type === 'number' ? parseQuantity(value, field.unit) : undefined;
  if (quantity !== undefined) out.emit(String(quantity), i);
  else if (isSafeUnquotedExpression(value) || /^-?\d+(\.\d+)?$/.test(value)) out.copy(value, i);
  else out.quote(value, i);
  return end;
}

function rewrite(q: string): Rewritten {
  const out = new Rewriter();
  let i = 0;
  let quote: string | undefined;
  while (i < q.length) {
    const c = q[i]!;
    if (quote) {
      const escaped = c === '\\' && i + 1 < q.length;
      if (!escaped && c === quote) quote = undefined;
      out.copy(q.slice(i, escaped ? i + 2 : i + 1), i);
      i += escaped ? 2 : 1;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    const atTokenStart = i === 0 || /[\s(]/.test(q[i - 1]!);
    const head = !quote && atTokenStart ? TAG_HEAD.exec(q.slice(i)) : null;
    if (!head) {
      out.copy(c, i);
      i++;
      continue;
    }
    out.copy(head[0], i);
    i = rewriteValue(q, i + head[0].length, head[2]!, out);
  }
  return { text: out.text, map: out.map, autoQuoted: out.autoQuoted };
}

// ---- compiling liqe's AST -----------------------------------------------------------------

class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function column(position: number): string {
  return `column ${position + 1}`;
}

function wildcardRegex(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

function parseRegexLiteral(raw: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(raw);
  const flags = m?.[2] ?? '';
  return new RegExp(m ? m[1]! : raw, flags.includes('i') ? flags : `${flags}i`);
}

interface Compiler {
  readonly rw: Rewritten;
  usesText: boolean;
}

function orig(c: Compiler, offset: number | undefined): number {
  if (offset === undefined) return 0;
  return c.rw.map[offset] ?? c.rw.map[c.rw.map.length - 1] ?? 0;
}

function compile(node: ParserAst, c: Compiler): Matcher {
  switch (node.type) {
    case 'EmptyExpression':
      return () => true;
    case 'ParenthesizedExpression':
      return compile(node.expression, c);
    case 'UnaryOperator': {
      const inner = compile(node.operand, c);
      return (r, v, ctx) => !inner(r, v, ctx);
    }
    case 'LogicalExpression': {
      const left = compile(node.left, c);
      const right = compile(node.right, c);
      return node.operator.operator === 'OR'
        ? (r, v, ctx) => left(r, v, ctx) || right(r, v, ctx)
        : (r, v, ctx) => left(r, v, ctx) && right(r, v, ctx);
    }
    case 'Tag':
      return compileTag(node, c);
  }
}

function literalText(e: ExpressionToken): string | undefined {
  if (e.type !== 'LiteralExpression') return undefined;
  return e.value === null ? 'null' : String(e.value);
}

function compileTag(tag: TagToken, c: Compiler): Matcher {
  const e = tag.expression;
  if (tag.field.type === 'ImplicitField') {
    const needle = e.type === 'RegexExpression' ? undefined : literalText(e)?.toLowerCase();
    c.usesText = true;
    if (e.type === 'RegexExpression') {
      const re = parseRegexLiteral(e.value);
      return (r) => re.test(textOf(r));
    }
    if (needle === undefined)
      throw new QueryError(`Unexpected value at ${column(orig(c, e.location.start))}.`, orig(c, e.location.start));
    return containsText(needle);
  }
  const name = tag.field.name.toLowerCase();
  const at = orig(c, tag.field.location.start);
  const field = FIELDS[name];
  if (!field)
    throw new QueryError(
      `Unknown field "${tag.field.name}" at ${column(at)}; known fields: ${QUERY_FIELDS.join(', ')}.`,
      at,
    );
  const op = tag.operator.operator;
  const valueAt = e.type === 'EmptyExpression' ? orig(c, tag.operator.location.end - 1) + 1 : orig(c, e.location.start);
  if (e.type === 'EmptyExpression') throw new QueryError(`"${name}:" needs a value at ${column(valueAt)}.`, valueAt);
  if (field.type === 'string') {
    if (op !== ':' && op !== ':=')
      throw new QueryError(`"${name}" is not a number and takes no "${op.slice(1)}" comparison (${column(at)}).`, at);
    if (e.type === 'RangeExpression') throw new QueryError(`"${name}" takes no range (${column(valueAt)}).`, valueAt);
    if (field.closed && e.type === 'LiteralExpression') {
      const v = String(e.value).toLowerCase();
      if (!/[*?]/.test(v) && !field.values.includes(v))
        throw new QueryError(
          `"${name}:${String(e.value)}" is not known (${column(valueAt)}); use one of: ${field.values.join(', ')}.`,
          valueAt,
        );
    }
    return field.test(stringTest(name, e, c));
  }
  const get = field.get;
  if (e.type === 'RangeExpression') {
    const { min, max, minInclusive, maxInclusive } = e.range;
    return (r, v, ctx) => {
      const n = get(r, v, ctx);
      return n !== undefined && (minInclusive ? n >= min : n > min) && (maxInclusive ? n <= max : n < max);
    };
  }
  const raw = e.type === 'LiteralExpression' ? String(e.value) : e.value;
  const target = parseQuantity(raw, field.unit);
  if (target === undefined) {
    const units =
      field.unit === 'ms' ? ' (units: ms, s, m)' : field.unit === 'bytes' ? ' (units: b, kb, mb, kib, mib)' : '';
    throw new QueryError(`"${name}" expects a number${units}, not "${raw}" (${column(valueAt)}).`, valueAt);
  }
  const cmp: (n: number) => boolean =
    op === ':>'
      ? (n) => n > target
      : op === ':>='
        ? (n) => n >= target
        : op === ':<'
          ? (n) => n < target
          : op === ':<='
            ? (n) => n <= target
            : (n) => n === target;
  return (r, v, ctx) => {
    const n = get(r, v, ctx);
    return n !== undefined && cmp(n);
  };
}

function stringTest(name: string, e: ExpressionToken, c: Compiler): ValueTest {
  if (e.type === 'RegexExpression') {
    const re = parseRegexLiteral(e.value);
    return (s) => s !== undefined && re.test(s);
  }
  const value = (literalText(e) ?? '').toLowerCase();
  const quoted = e.type === 'LiteralExpression' && e.quoted && !c.rw.autoQuoted.has(e.location.start);
  const prefix = name === 'session' || (name === 'lane' && value.startsWith('session:'));
  if (!quoted && /[*?]/.test(value)) {
    const re = wildcardRegex(prefix ? `${value}*` : value);
    return (s) => s !== undefined && re.test(s);
  }
  if (prefix) return (s) => s !== undefined && s.startsWith(value);
  return (s) => s === value;
}

/**
 * Parses a query. Errors are one sentence naming the column (1-based) of the problem;
 * `position` is the 0-based offset in `q`.
 */
export function parseTrafficQuery(q: string): TrafficQueryResult {
  const rw = rewrite(q);
  let ast: ParserAst;
  try {
    ast = parse(rw.text);
  } catch (e) {
    if (e instanceof LiqeSyntaxError) {
      const position = orig({ rw, usesText: false }, e.offset);
      const near = q.slice(position, position + 12);
      return {
        ok: false,
        position,
        error: `The query cannot be read at ${column(position)}${near ? ` (near "${near}")` : ''}; check quotes, parentheses and "field:value" pairs.`,
      };
    }
    return {
      ok: false,
      position: q.length,
      error: `The query ends too early at ${column(q.length)}; is a parenthesis, quote or value missing?`,
    };
  }
  const c: Compiler = { rw, usesText: false };
  let matcher: Matcher;
  try {
    matcher = compile(ast, c);
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, position: e.position, error: e.message };
    return { ok: false, position: 0, error: `The query is not valid (${e instanceof Error ? e.message : String(e)}).` };
  }
  const empty = ast.type === 'EmptyExpression';
  return {
    ok: true,
    usesText: c.usesText,
    empty,
    match: empty ? () => true : (record, ctx = NO_CONTEXT) => matcher(record, viewOf(record), ctx),
  };
}

/**
 * Derives and caches the flat view a query evaluates (no JSON text), so a log can pay that
 * cost at ingest rather than on the first query over 100k records.
 */
export function prepareRecord(record: TrafficRecord): void {
  viewOf(record);
}

/** Records of `records` matching `query` (a parsed query), in order. */
export function filterRecords(
  records: readonly TrafficRecord[],
  query: TrafficQuery,
  ctx: QueryContext = {},
): TrafficRecord[] {
  if (query.empty) return [...records];
  return records.filter((r) => query.match(r, ctx));
}
