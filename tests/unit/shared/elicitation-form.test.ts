/**
 * Form-mode elicitation (issue 14), one row per field type: what the requested schema becomes
 * (control kind, label, options, initial value), what validation says in plain sentences, and
 * the typed content sent on accept. Hostile requests are refused whole, with a reason.
 */
import { describe, expect, it } from 'vitest';
import { parseElicitation } from '../../../src/core/session/elicitation';
import {
  formFields,
  initialValues,
  validateForm,
  type FieldValue,
  type FormField,
} from '../../../src/shared/elicitation/form';
import {
  ELICITATION_LIMITS,
  elicitationAnswerSchema,
  elicitationSchemaSchema,
  type ElicitationForm,
} from '../../../src/shared/elicitation/schema';

/** A requested schema as the agent sends it, through the trust boundary. */
function form(properties: Record<string, unknown>, required: string[] = []): ElicitationForm {
  return elicitationSchemaSchema.parse({ type: 'object', properties, required });
}

function only(prop: Record<string, unknown>, required = false): FormField {
  const [f] = formFields(form({ x: prop }, required ? ['x'] : []));
  return f!;
}

function answer(prop: Record<string, unknown>, value: FieldValue, required = false) {
  const f = only(prop, required);
  return validateForm([f], { x: value });
}

const OPTIONS_ONEOF = [
  { const: 'main', title: 'Main branch', description: 'The default' },
  { const: 'dev', title: 'Development' },
];

describe('formFields: the control each field type becomes', () => {
  it.each([
    ['plain string', { type: 'string' }, 'text', ''],
    ['email', { type: 'string', format: 'email' }, 'email', ''],
    ['uri', { type: 'string', format: 'uri' }, 'uri', ''],
    ['date', { type: 'string', format: 'date' }, 'date', ''],
    ['date-time', { type: 'string', format: 'date-time' }, 'date-time', ''],
    ['number', { type: 'number' }, 'number', ''],
    ['integer with bounds', { type: 'integer', minimum: 1, maximum: 10 }, 'integer', ''],
    ['boolean', { type: 'boolean' }, 'boolean', false],
    ['enum', { type: 'string', enum: ['a', 'b'] }, 'select', ''],
    ['oneOf with titles', { type: 'string', oneOf: OPTIONS_ONEOF }, 'select', ''],
    ['multi-select enum', { type: 'array', items: { type: 'string', enum: ['a', 'b'] } }, 'multi', []],
    ['multi-select anyOf', { type: 'array', items: { anyOf: OPTIONS_ONEOF } }, 'multi', []],
    ['string with default', { type: 'string', default: 'hello' }, 'text', 'hello'],
    ['number with default', { type: 'number', default: 2.5 }, 'number', '2.5'],
    ['integer with default', { type: 'integer', default: 0 }, 'integer', '0'],
    ['boolean with default', { type: 'boolean', default: true }, 'boolean', true],
    ['enum with default', { type: 'string', enum: ['a', 'b'], default: 'b' }, 'select', 'b'],
    [
      'multi with default',
      { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, default: ['b'] },
      'multi',
      ['b'],
    ],
  ])('%s → %s control, initial %j', (_name, prop, kind, initial) => {
    const f = only(prop);
    expect(f.kind).toBe(kind);
    expect(initialValues([f])).toEqual({ x: initial });
  });

  it('labels by title (else the property name), keeps descriptions, marks required ones', () => {
    const fields = formFields(
      form(
        {
          name: { type: 'string', title: 'Your name', description: 'As on your badge' },
          age: { type: 'integer' },
        },
        ['name'],
      ),
    );
    expect(fields.map((f) => [f.name, f.label, f.description, f.required])).toEqual([
      ['name', 'Your name', 'As on your badge', true],
      ['age', 'age', undefined, false],
    ]);
  });

  it('gives options their titles and descriptions (oneOf / anyOf) or the bare values (enum)', () => {
    expect(only({ type: 'string', oneOf: OPTIONS_ONEOF }).options).toEqual([
      { value: 'main', label: 'Main branch', description: 'The default' },
      { value: 'dev', label: 'Development' },
    ]);
    expect(only({ type: 'array', items: { anyOf: OPTIONS_ONEOF } }).options.map((o) => o.label)).toEqual([
      'Main branch',
      'Development',
    ]);
    expect(only({ type: 'string', enum: ['x', 'y'] }).options).toEqual([
      { value: 'x', label: 'x' },
      { value: 'y', label: 'y' },
    ]);
  });
});

describe('validateForm: accepted values and their typed content', () => {
  it.each([
    ['text as typed', { type: 'string' }, '  two words ', '  two words '],
    ['email, trimmed', { type: 'string', format: 'email' }, ' ada@example.com ', 'ada@example.com'],
    ['uri', { type: 'string', format: 'uri' }, 'https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['date', { type: 'string', format: 'date' }, '2024-02-29', '2024-02-29'],
    ['date-time', { type: 'string', format: 'date-time' }, '2026-01-31T09:30', '2026-01-31T09:30'],
    ['date-time with zone', { type: 'string', format: 'date-time' }, '2026-01-31T09:30:05Z', '2026-01-31T09:30:05Z'],
    ['number as a number', { type: 'number' }, '2.5', 2.5],
    ['negative number', { type: 'number' }, '-0.5', -0.5],
    ['integer as a number', { type: 'integer', minimum: 1, maximum: 10 }, '10', 10],
    ['integer at its minimum', { type: 'integer', minimum: 1, maximum: 10 }, '1', 1],
    ['boolean checked', { type: 'boolean' }, true, true],
    ['boolean unchecked is still sent', { type: 'boolean' }, false, false],
    ['enum value', { type: 'string', enum: ['a', 'b'] }, 'b', 'b'],
    ['oneOf value (not its title)', { type: 'string', oneOf: OPTIONS_ONEOF }, 'dev', 'dev'],
    [
      'multi values',
      { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, minItems: 1, maxItems: 2 },
      ['a', 'c'],
      ['a', 'c'],
    ],
    ['string within lengths', { type: 'string', minLength: 2, maxLength: 3 }, 'abc', 'abc'],
    ['string matching its pattern', { type: 'string', pattern: '^[A-Z]{3}$' }, 'ABC', 'ABC'],
  ])('%s', (_name, prop, value, sent) => {
    const r = answer(prop, value as FieldValue);
    expect(r).toEqual({ ok: true, answer: { action: 'accept', content: { x: sent } } });
    // What the renderer sends passes the IPC boundary unchanged.
    if (r.ok) expect(elicitationAnswerSchema.parse(r.answer)).toEqual(r.answer);
  });

  it.each([
    ['text', { type: 'string' }, ''],
    ['number', { type: 'number' }, ''],
    ['select', { type: 'string', enum: ['a'] }, ''],
    ['multi', { type: 'array', items: { type: 'string', enum: ['a'] }, minItems: 1 }, []],
  ])('leaves an empty optional %s out of the content', (_name, prop, value) => {
    expect(answer(prop, value as FieldValue)).toEqual({ ok: true, answer: { action: 'accept', content: {} } });
  });

  it('sends the defaults when nothing is changed', () => {
    const fields = formFields(
      form({
        name: { type: 'string', default: 'Ada' },
        n: { type: 'integer', default: 3 },
        ok: { type: 'boolean', default: true },
        pick: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, default: ['a'] },
      }),
    );
    expect(validateForm(fields, initialValues(fields))).toEqual({
      ok: true,
      answer: { action: 'accept', content: { name: 'Ada', n: 3, ok: true, pick: ['a'] } },
    });
  });
});

describe('validateForm: errors in plain sentences', () => {
  it.each([
    ['required text left empty', { type: 'string' }, '', true, 'Fill in this field.'],
    ['required text of spaces only', { type: 'string' }, '   ', true, 'Fill in this field.'],
    ['required number left empty', { type: 'number' }, '', true, 'Fill in this field.'],
    ['required select left empty', { type: 'string', enum: ['a'] }, '', true, 'Choose one of the options.'],
    [
      'required multi left empty',
      { type: 'array', items: { type: 'string', enum: ['a'] } },
      [],
      true,
      'Choose at least one option.',
    ],
    ['too short', { type: 'string', minLength: 3 }, 'ab', false, 'Enter at least 3 characters.'],
    ['too long', { type: 'string', maxLength: 2 }, 'abc', false, 'Enter at most 2 characters.'],
    [
      'pattern mismatch',
      { type: 'string', pattern: '^[A-Z]+$' },
      'abc',
      false,
      'This does not have the expected form.',
    ],
    ['bad email', { type: 'string', format: 'email' }, 'ada@', false, 'Enter an email address, like name@example.com.'],
    [
      'bad uri',
      { type: 'string', format: 'uri' },
      'example.com',
      false,
      'Enter a full address, like https://example.com.',
    ],
    ['bad date', { type: 'string', format: 'date' }, '31/01/2026', false, 'Enter a date as YYYY-MM-DD.'],
    ['day that does not exist', { type: 'string', format: 'date' }, '2026-02-31', false, 'Enter a date as YYYY-MM-DD.'],
    ['no leap day that year', { type: 'string', format: 'date' }, '2026-02-29', false, 'Enter a date as YYYY-MM-DD.'],
    [
      'bad date-time',
      { type: 'string', format: 'date-time' },
      '2026-01-31 9am',
      false,
      'Enter a date and time, like 2026-01-31T09:30.',
    ],
    [
      'hour that does not exist',
      { type: 'string', format: 'date-time' },
      '2026-01-31T25:00',
      false,
      'Enter a date and time, like 2026-01-31T09:30.',
    ],
    ['not a number', { type: 'number' }, 'many', false, 'Enter a number.'],
    ['hex is not a number here', { type: 'number' }, '0x10', false, 'Enter a number.'],
    ['infinity is not a number here', { type: 'number' }, 'Infinity', false, 'Enter a number.'],
    ['fraction for an integer', { type: 'integer' }, '1.5', false, 'Enter a whole number.'],
    [
      'integer below its minimum',
      { type: 'integer', minimum: 1, maximum: 10 },
      '0',
      false,
      'Enter a whole number of at least 1.',
    ],
    [
      'integer above its maximum',
      { type: 'integer', minimum: 1, maximum: 10 },
      '11',
      false,
      'Enter a whole number of at most 10.',
    ],
    ['number below its minimum', { type: 'number', minimum: 0.5 }, '0.1', false, 'Enter a number of at least 0.5.'],
    ['value not among the options', { type: 'string', enum: ['a'] }, 'z', false, 'Choose one of the options.'],
    [
      'too few chosen',
      { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 2 },
      ['a'],
      false,
      'Choose at least 2 options.',
    ],
    [
      'too many chosen',
      { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 1 },
      ['a', 'b'],
      false,
      'Choose at most one option.',
    ],
    [
      'chosen value not offered',
      { type: 'array', items: { type: 'string', enum: ['a'] } },
      ['zz'],
      false,
      'Choose only from the options shown.',
    ],
  ])('%s', (_name, prop, value, required, message) => {
    const r = answer(prop, value as FieldValue, required);
    expect(r).toEqual({ ok: false, errors: { x: message } });
    // A sentence: capital first, full stop last.
    expect(message).toMatch(/^[A-Z].*\.$/);
  });

  it('reports every failing field at once and sends nothing', () => {
    const fields = formFields(
      form({ a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'string' } }, ['a', 'b']),
    );
    expect(validateForm(fields, { a: '', b: 'x', c: 'fine' })).toEqual({
      ok: false,
      errors: { a: 'Fill in this field.', b: 'Enter a number.' },
    });
  });

  it('ignores a pattern the agent got wrong rather than refusing every value', () => {
    expect(answer({ type: 'string', pattern: '([' }, 'anything').ok).toBe(true);
  });

  it('keeps field names like toString or constructor apart from the object prototype', () => {
    const fields = formFields(form({ toString: { type: 'string' }, constructor: { type: 'number' } }, ['toString']));
    expect(validateForm(fields, initialValues(fields))).toEqual({
      ok: false,
      errors: { toString: 'Fill in this field.' },
    });
    expect(validateForm(fields, { toString: 'a', constructor: '1' })).toEqual({
      ok: true,
      answer: { action: 'accept', content: { toString: 'a', constructor: 1 } },
    });
  });
});

describe('hostile requests are refused whole, with a reason', () => {
  const request = (requestedSchema: unknown, extra: Record<string, unknown> = {}) =>
    parseElicitation({ sessionId: 's', mode: 'form', message: 'Tell me', requestedSchema, ...extra });
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string' }]));
  const deep = (depth: number) => {
    const root: Record<string, unknown> = {};
    let at = root;
    for (let i = 0; i < depth; i++) at = (at.a = {}) as Record<string, unknown>;
    return root;
  };

  it('accepts a well-formed one at the limits', () => {
    const r = request({ properties: many(ELICITATION_LIMITS.fields) });
    expect(r.ok).toBe(true);
  });

  it.each([
    ['too many fields', { properties: many(ELICITATION_LIMITS.fields + 1) }, {}],
    [
      'too many options',
      { properties: { x: { type: 'string', enum: Array.from({ length: 101 }, (_, i) => `o${i}`) } } },
      {},
    ],
    ['a huge label', { properties: { x: { type: 'string', title: 'x'.repeat(ELICITATION_LIMITS.label + 1) } } }, {}],
    [
      'a huge description',
      { properties: { x: { type: 'string', description: 'd'.repeat(ELICITATION_LIMITS.text + 1) } } },
      {},
    ],
    ['a huge message', { properties: {} }, { message: 'm'.repeat(ELICITATION_LIMITS.text + 1) }],
    ['a nested object field', { properties: { x: { type: 'object', properties: { y: { type: 'object' } } } } }, {}],
    ['an unknown type', { properties: { x: { type: 'file' } } }, {}],
    ['no type at all', { properties: { x: { title: 'X' } } }, {}],
    ['an unknown string format', { properties: { x: { type: 'string', format: 'password' } } }, {}],
    ['a multi-select of free text', { properties: { x: { type: 'array', items: { type: 'string' } } } }, {}],
    ['an infinite bound', { properties: { x: { type: 'number', minimum: '-Infinity' } } }, {}],
    ['a deeply nested _meta', { properties: {}, _meta: deep(20_000) }, {}],
    ['a huge _meta on a field', { properties: { x: { type: 'string', _meta: { blob: 'b'.repeat(20_000) } } } }, {}],
    ['not an object', 'a string', {}],
  ])('%s', (_name, schema, extra) => {
    const r = request(schema, extra);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.why).toMatch(/\S+: \S+/);
  });

  it('refuses an unknown mode and a request with neither session nor request id', () => {
    expect(parseElicitation({ sessionId: 's', mode: 'voice', message: 'Speak' }).ok).toBe(false);
    expect(parseElicitation({ mode: 'form', message: 'Tell me', requestedSchema: {} }).ok).toBe(false);
  });

  it('drops a __proto__ property instead of letting it reach the prototype', () => {
    const r = request(JSON.parse('{"properties":{"__proto__":{"type":"string"},"ok":{"type":"string"}}}'));
    expect(r.ok).toBe(true);
    if (r.ok && r.request.mode === 'form') {
      const fields = formFields(r.request.requestedSchema);
      expect(fields.map((f) => f.name)).toEqual(['ok']);
      expect(Object.getPrototypeOf(r.request.requestedSchema.properties)).toBe(Object.prototype);
    }
  });
});
