import { useId, useState } from 'react';
import { ShellIcon } from '../../app-shell/shell-icons';
import { Field, messageProps } from './Field';
import type { SecretState } from './network-form';

/**
 * A write-only secret of the Network section. A stored value is never shown (the renderer
 * never has it): "••• stored" with Replace and Remove. What is typed goes into an uncontrolled
 * field, so it is not mirrored into the DOM as an attribute; an empty field keeps the stored value.
 */
export function SecretField({
  label,
  testId,
  state,
  onChange,
  error,
  hint,
  multiline = false,
}: Readonly<{
  label: string;
  testId: string;
  state: SecretState;
  onChange: (next: SecretState) => void;
  error?: string | undefined;
  hint?: string;
  multiline?: boolean;
}>) {
  const id = useId();
  const [replacing, setReplacing] = useState(false);
  if (state.stored && !replacing)
    return (
      <StoredSecret
        label={label}
        testId={testId}
        state={state}
        onChange={onChange}
        onReplace={() => setReplacing(true)}
      />
    );
  const common = {
    id,
    className: multiline ? 'input textarea mono' : 'input mono',
    'data-testid': testId,
    spellCheck: false,
    defaultValue: '',
    placeholder: state.stored ? 'New value (empty keeps the stored one)' : undefined,
    onChange: (e: { target: { value: string } }) => onChange({ ...state, value: e.target.value, remove: false }),
    ...messageProps(id, error, hint),
  };
  return (
    <Field id={id} label={label} error={error} errorTestId={`${testId}-error`} hint={hint}>
      {multiline ? (
        <textarea {...common} rows={4} autoComplete="off" />
      ) : (
        <input {...common} type="password" autoComplete="new-password" />
      )}
      {state.stored && (
        <button
          type="button"
          className="link-btn"
          onClick={() => {
            setReplacing(false);
            onChange({ ...state, value: '', remove: false });
          }}
        >
          Keep stored
        </button>
      )}
    </Field>
  );
}

/** A stored secret: never its value, only that it is there, with Replace and Remove (or Keep it, once removed). */
function StoredSecret({
  label,
  testId,
  state,
  onChange,
  onReplace,
}: Readonly<{
  label: string;
  testId: string;
  state: SecretState;
  onChange: (next: SecretState) => void;
  onReplace: () => void;
}>) {
  const id = useId();
  const lower = label.toLowerCase();
  return (
    <div className="field">
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="field-control">
        <span className="secret-stored" role="group" aria-labelledby={`${id}-label`}>
          {state.remove ? (
            <span data-testid={`${testId}-removed`}>Removed when you save</span>
          ) : (
            <span data-testid={`${testId}-stored`} title="The value is encrypted in the host and never shown">
              <ShellIcon name="lock" />
              ••• stored
            </span>
          )}
          {state.remove ? (
            <button type="button" className="link-btn" onClick={() => onChange({ ...state, remove: false })}>
              Keep it
            </button>
          ) : (
            <>
              <button type="button" className="link-btn" aria-label={`Replace the stored ${lower}`} onClick={onReplace}>
                Replace
              </button>
              <button
                type="button"
                className="link-btn"
                aria-label={`Remove the stored ${lower}`}
                data-testid={`${testId}-remove`}
                onClick={() => onChange({ ...state, value: '', remove: true })}
              >
                Remove
              </button>
            </>
          )}
        </span>
      </div>
    </div>
  );
}
