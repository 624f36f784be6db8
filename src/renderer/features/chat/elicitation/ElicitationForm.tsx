/**
 * A form-mode elicitation waiting for the person (issue 14): the requested schema as a form,
 * checked with the shared validateForm before anything is sent; Accept sends the content,
 * Decline and Cancel send no content at all.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ElicitationAnswer, ElicitationRequest } from '../../../../shared/elicitation/schema';
import { formFields, initialValues, validateForm, type FieldValue } from '../../../../shared/elicitation/form';
import { FieldControl } from './FieldControl';
import { withZones } from './elicitation-view';

type FormRequest = Extract<ElicitationRequest, { mode: 'form' }>;

/** Someone is typing a message: do not steal their focus. */
function userIsTyping(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLTextAreaElement && el.value.trim().length > 0;
}

export function ElicitationForm({
  request,
  sent,
  answer,
}: Readonly<{ request: FormRequest; sent: boolean; answer: (a: ElicitationAnswer) => void }>) {
  const fields = useMemo(() => formFields(request.requestedSchema), [request.requestedSchema]);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => initialValues(fields));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const form = useRef<HTMLFormElement>(null);
  const base = useId();
  const idOf = (i: number) => `${base}-f${i}`;

  useEffect(() => {
    if (userIsTyping()) return;
    form.current?.querySelector<HTMLElement>('input, select')?.focus({ preventScroll: true });
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = withZones(fields, validateForm(fields, values));
    if (!result.ok) {
      setErrors(result.errors);
      const first = fields.findIndex((f) => Object.hasOwn(result.errors, f.name));
      const rows = form.current?.querySelectorAll('[data-testid="elicitation-field"]');
      rows?.[first]?.querySelector<HTMLElement>('input, select')?.focus();
      return;
    }
    setErrors({});
    answer(result.answer);
  };
  const title = request.requestedSchema.title;
  return (
    <form className="elicit-form" ref={form} noValidate onSubmit={submit} aria-label={`Agent asks: ${request.message}`}>
      {title && <p className="elicit-title">{title}</p>}
      {request.requestedSchema.description && <p className="field-hint">{request.requestedSchema.description}</p>}
      {fields.map((f, i) => (
        <FieldControl
          key={f.name}
          id={idOf(i)}
          field={f}
          value={values[f.name] ?? ''}
          // Own keys only: a field named "toString" must not find Object.prototype's.
          error={Object.hasOwn(errors, f.name) ? errors[f.name] : undefined}
          disabled={sent}
          onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))}
        />
      ))}
      {Object.keys(errors).length > 0 && (
        <p className="visually-hidden" role="alert">
          {`${Object.keys(errors).length === 1 ? 'One field needs' : `${Object.keys(errors).length} fields need`} attention.`}
        </p>
      )}
      <div className="perm-actions">
        <button
          type="submit"
          className="btn btn-primary btn-sm perm-option"
          disabled={sent}
          data-testid="elicitation-accept"
        >
          Accept
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-sm perm-option"
          disabled={sent}
          data-testid="elicitation-decline"
          onClick={() => answer({ action: 'decline' })}
        >
          Decline
        </button>
        <button
          type="button"
          className="link-btn perm-cancel"
          disabled={sent}
          data-testid="elicitation-cancel"
          onClick={() => answer({ action: 'cancel' })}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
