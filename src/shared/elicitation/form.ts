/**
 * The form model of a form-mode elicitation (issue 14), pure so the renderer, the CLI and the
 * tests share it: requested schema → fields with their control kind, initial values from the
 * defaults, and validation of what the user entered into the content sent back on accept.
 */
import type { ElicitationAnswer, ElicitationField, ElicitationForm } from './schema';

export type FieldKind =
  'text' | 'email' | 'uri' | 'date' | 'date-time' | 'number' | 'integer' | 'boolean' | 'select' | 'multi';

export interface FieldOption {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly kind: FieldKind;
  readonly options: readonly FieldOption[];
  readonly schema: ElicitationField;
}

/** What a control holds: text for text/number inputs, a flag, or the chosen values. */
export type FieldValue = string | boolean | readonly string[];
export type FormValues = Readonly<Record<string, FieldValue>>;

function kindOf(p: ElicitationField): FieldKind {
  switch (p.type) {
    case 'string':
      if (p.enum?.length || p.oneOf?.length) return 'select';
      return p.format ?? 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'multi';
  }
}

function optionsOf(p: ElicitationField): FieldOption[] {
  const titled = (o: { const: string; title: string; description?: string | null }): FieldOption => ({
    value: o.const,
    label: o.title,
    ...(o.description ? { description: o.description } : {}),
  });
  if (p.type === 'string') {
    if (p.oneOf?.length) return p.oneOf.map(titled);
    return (p.enum ?? []).map((v) => ({ value: v, label: v }));
  }
  if (p.type === 'array') {
    if ('anyOf' in p.items) return p.items.anyOf.map(titled);
    return p.items.enum.map((v) => ({ value: v, label: v }));
  }
  return [];
}

export function formFields(form: ElicitationForm): FormField[] {
  const required = new Set(form.required ?? []);
  return Object.entries(form.properties ?? {}).map(([name, p]) => ({
    name,
    label: p.title || name,
    ...(p.description ? { description: p.description } : {}),
    required: required.has(name),
    kind: kindOf(p),
    options: optionsOf(p),
    schema: p,
  }));
}

export function initialValues(fields: readonly FormField[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of fields) {
    const d = f.schema.default;
    if (f.kind === 'boolean') out[f.name] = typeof d === 'boolean' ? d : false;
    else if (f.kind === 'multi') out[f.name] = Array.isArray(d) ? d : [];
    else out[f.name] = d === null || d === undefined || typeof d === 'boolean' || Array.isArray(d) ? '' : String(d);
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
// What a number input can hold (no hex, no "Infinity"): Number() alone takes "0x10" as 16.
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A real calendar day: Date.parse takes "2026-02-31" and quietly means March 3rd. */
function realDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function realDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !realDate(m[1]!)) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && (m[5] === undefined || Number(m[5]) <= 59);
}

function validUri(s: string): boolean {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}

function checkText(f: FormField, s: string): string | undefined {
  const p = f.schema;
  if (p.type !== 'string') return undefined;
  if (p.minLength != null && s.length < p.minLength) return `Enter at least ${p.minLength} characters.`;
  if (p.maxLength != null && s.length > p.maxLength) return `Enter at most ${p.maxLength} characters.`;
  if (p.pattern) {
    try {
      if (!new RegExp(p.pattern, 'u').test(s)) return 'This does not have the expected form.';
    } catch {
      // An invalid pattern from the agent constrains nothing.
    }
  }
  if (f.kind === 'email' && !EMAIL.test(s)) return 'Enter an email address, like name@example.com.';
  if (f.kind === 'uri' && !validUri(s)) return 'Enter a full address, like https://example.com.';
  if (f.kind === 'date' && !realDate(s)) return 'Enter a date as YYYY-MM-DD.';
  if (f.kind === 'date-time' && !realDateTime(s)) return 'Enter a date and time, like 2026-01-31T09:30.';
  if (f.kind === 'select' && !f.options.some((o) => o.value === s)) return 'Choose one of the options.';
  return undefined;
}

function checkNumber(f: FormField, s: string): { value?: number; error?: string } {
  const n = DECIMAL.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n)) return { error: 'Enter a number.' };
  if (f.kind === 'integer' && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
  const p = f.schema;
  if (p.type === 'number' || p.type === 'integer') {
    if (p.minimum != null && n < p.minimum)
      return { error: `Enter ${f.kind === 'integer' ? 'a whole number' : 'a number'} of at least ${p.minimum}.` };
    if (p.maximum != null && n > p.maximum)
      return { error: `Enter ${f.kind === 'integer' ? 'a whole number' : 'a number'} of at most ${p.maximum}.` };
  }
  return { value: n };
}

const options = (n: number) => (n === 1 ? 'one option' : `${n} options`);

function checkMulti(f: FormField, v: readonly string[]): string | undefined {
  const p = f.schema;
  if (v.some((x) => !f.options.some((o) => o.value === x))) return 'Choose only from the options shown.';
  if (p.type !== 'array') return undefined;
  if (p.minItems != null && v.length < p.minItems) return `Choose at least ${options(p.minItems)}.`;
  if (p.maxItems != null && v.length > p.maxItems) return `Choose at most ${options(p.maxItems)}.`;
  return undefined;
}

export type FormResult =
  | { readonly ok: true; readonly answer: Extract<ElicitationAnswer, { action: 'accept' }> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** Validates every field; an empty optional field is left out of the content. */
export function validateForm(fields: readonly FormField[], values: FormValues): FormResult {
  const content: Record<string, string | number | boolean | string[]> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'boolean') {
      content[f.name] = v === true;
      continue;
    }
    if (f.kind === 'multi') {
      const list = Array.isArray(v) ? [...(v as readonly string[])] : [];
      if (list.length === 0 && !f.required) continue;
      const e = list.length === 0 ? 'Choose at least one option.' : checkMulti(f, list);
      if (e) errors[f.name] = e;
      else content[f.name] = list;
      continue;
    }
    // Free text is sent as typed, but spaces alone do not fill a required field.
    const s = typeof v === 'string' ? (f.kind === 'text' && v.trim() !== '' ? v : v.trim()) : '';
    if (s === '') {
      if (f.required) errors[f.name] = f.kind === 'select' ? 'Choose one of the options.' : 'Fill in this field.';
      continue;
    }
    if (f.kind === 'number' || f.kind === 'integer') {
      const r = checkNumber(f, s);
      if (r.error) errors[f.name] = r.error;
      else content[f.name] = r.value!;
      continue;
    }
    const e = checkText(f, s);
    if (e) errors[f.name] = e;
    else content[f.name] = s;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answer: { action: 'accept', content } };
}
