/**
 * One field of a form elicitation as a labelled native control (issue 14): text inputs by
 * format, number inputs, a checkbox, a select for single choice and a group of checkboxes for
 * multiple choice. Descriptions and errors are tied to the control with aria-describedby.
 */
import type { FieldValue, FormField } from '../../../../shared/elicitation/form';

interface Props {
  readonly id: string;
  readonly field: FormField;
  readonly value: FieldValue;
  readonly error: string | undefined;
  readonly disabled: boolean;
  readonly onChange: (value: FieldValue) => void;
}

const INPUT_TYPE: Partial<Record<FormField['kind'], string>> = {
  text: 'text',
  email: 'email',
  uri: 'url',
  date: 'date',
  'date-time': 'datetime-local',
  number: 'number',
  integer: 'number',
};

function describedBy(id: string, field: FormField, error: string | undefined): string | undefined {
  const ids = [field.description ? `${id}-desc` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ field }: Readonly<{ field: FormField }>) {
  return (
    <>
      {field.label}
      {field.required ? (
        <span className="elicit-required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : (
        <span className="elicit-optional"> (optional)</span>
      )}
    </>
  );
}

function Notes({ id, field, error }: Readonly<{ id: string; field: FormField; error: string | undefined }>) {
  return (
    <>
      {field.description && (
        <p className="field-hint" id={`${id}-desc`}>
          {field.description}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid="elicitation-field-error">
          {error}
        </p>
      )}
    </>
  );
}

function bounds(field: FormField): { min?: number; max?: number } {
  const s = field.schema;
  if (s.type !== 'number' && s.type !== 'integer') return {};
  return { ...(s.minimum != null ? { min: s.minimum } : {}), ...(s.maximum != null ? { max: s.maximum } : {}) };
}

function lengths(field: FormField): { minLength?: number; maxLength?: number } {
  const s = field.schema;
  if (s.type !== 'string') return {};
  return {
    ...(s.minLength != null ? { minLength: s.minLength } : {}),
    ...(s.maxLength != null ? { maxLength: s.maxLength } : {}),
  };
}

function MultiControl({ id, field, value, error, disabled, onChange }: Props) {
  const chosen = Array.isArray(value) ? (value as readonly string[]) : [];
  const toggle = (v: string, on: boolean) => onChange(on ? [...chosen, v] : chosen.filter((x) => x !== v));
  return (
    <fieldset
      className="field elicit-choices"
      aria-describedby={describedBy(id, field, error)}
      aria-invalid={error ? true : undefined}
      data-testid="elicitation-field"
      data-kind={field.kind}
    >
      <legend className="field-label">
        <Label field={field} />
      </legend>
      <div className="field-control">
        {field.options.map((o, i) => (
          <label className="check" key={o.value} title={o.description}>
            <input
              type="checkbox"
              id={`${id}-${i}`}
              checked={chosen.includes(o.value)}
              disabled={disabled}
              onChange={(e) => toggle(o.value, e.currentTarget.checked)}
            />
            {o.label}
          </label>
        ))}
        <Notes id={id} field={field} error={error} />
      </div>
    </fieldset>
  );
}

function BooleanControl({ id, field, value, error, disabled, onChange }: Props) {
  return (
    <div className="field elicit-boolean" data-testid="elicitation-field" data-kind={field.kind}>
      <div className="field-control">
        <label className="check" htmlFor={id}>
          <input
            type="checkbox"
            id={id}
            checked={value === true}
            disabled={disabled}
            aria-describedby={describedBy(id, field, error)}
            onChange={(e) => onChange(e.currentTarget.checked)}
          />
          {field.label}
        </label>
        <Notes id={id} field={field} error={error} />
      </div>
    </div>
  );
}

function SelectControl({ id, field, value, error, disabled, onChange }: Props) {
  const current = typeof value === 'string' ? value : '';
  return (
    <select
      id={id}
      className="select"
      value={current}
      disabled={disabled}
      required={field.required}
      aria-required={field.required || undefined}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, field, error)}
      onChange={(e) => onChange(e.currentTarget.value)}
    >
      {(current === '' || !field.required) && <option value="">{field.required ? 'Choose…' : '(none)'}</option>}
      {field.options.map((o) => (
        <option key={o.value} value={o.value} title={o.description}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function FieldControl(props: Props) {
  const { id, field, value, error, disabled, onChange } = props;
  if (field.kind === 'multi') return <MultiControl {...props} />;
  if (field.kind === 'boolean') return <BooleanControl {...props} />;
  const control =
    field.kind === 'select' ? (
      <SelectControl {...props} />
    ) : (
      <input
        id={id}
        className="input"
        type={INPUT_TYPE[field.kind] ?? 'text'}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        required={field.required}
        aria-required={field.required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, field, error)}
        {...(field.kind === 'integer' ? { step: 1, inputMode: 'numeric' as const } : {})}
        {...(field.kind === 'number' ? { step: 'any', inputMode: 'decimal' as const } : {})}
        {...(field.kind === 'email' ? { autoComplete: 'email' } : {})}
        {...bounds(field)}
        {...lengths(field)}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  return (
    <div className="field" data-testid="elicitation-field" data-kind={field.kind}>
      <label className="field-label" htmlFor={id}>
        <Label field={field} />
      </label>
      <div className="field-control">
        {control}
        <Notes id={id} field={field} error={error} />
      </div>
    </div>
  );
}
