import { useId } from 'react';
import { Field, messageProps } from './Field';
import type { EndpointFormApi } from './use-endpoint-form';

/** Working directory, idle timeout and notes. */
export function SessionFields({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const { form, errors } = api;
  return (
    <>
      <Field
        id={`${id}-cwd`}
        label="Working directory"
        error={errors.cwd}
        hint="Sent with session/new. Empty: the agent picks its default."
      >
        <input
          id={`${id}-cwd`}
          className="input mono"
          data-testid="endpoint-cwd-input"
          value={form.cwd}
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/me/project"
          onChange={(e) => api.set('cwd', e.target.value)}
          {...messageProps(`${id}-cwd`, errors.cwd, 'hint')}
        />
      </Field>
      <Field
        id={`${id}-idle`}
        label="Idle timeout"
        error={errors.idleTimeoutSec}
        hint="Seconds a stream may stay silent before ACP Desk reconnects it. Empty: the default."
      >
        <div className="input-suffix">
          <input
            id={`${id}-idle`}
            className="input input-number"
            data-testid="endpoint-idle-input"
            inputMode="numeric"
            value={form.idleTimeout}
            placeholder="Default"
            onChange={(e) => api.set('idleTimeout', e.target.value)}
            {...messageProps(`${id}-idle`, errors.idleTimeoutSec, 'hint')}
          />
          <span className="input-suffix-text" aria-hidden="true">
            s
          </span>
        </div>
      </Field>
      <Field id={`${id}-notes`} label="Notes" error={errors.notes}>
        <textarea
          id={`${id}-notes`}
          className="input textarea"
          data-testid="endpoint-notes-input"
          value={form.notes}
          rows={3}
          placeholder="Who runs this agent, what it is for…"
          onChange={(e) => api.set('notes', e.target.value)}
          {...messageProps(`${id}-notes`, errors.notes, null)}
        />
      </Field>
    </>
  );
}
