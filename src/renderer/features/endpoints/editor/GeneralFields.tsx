import { useEffect, useId, useRef } from 'react';
import { checkEndpointUrl, TRANSPORT_PROFILES, type TransportProfile } from '../../../../shared/domain/endpoint';
import { Field, messageProps } from './Field';
import { urlWarning } from './form-model';
import type { EndpointFormApi } from './use-endpoint-form';

const TRANSPORT_LABEL: Readonly<Record<TransportProfile, string>> = {
  auto: 'Auto — Streamable HTTP, falling back to WebSocket',
  http: 'Streamable HTTP only',
  ws: 'WebSocket only',
};

/** Name, URL (checked as you type) and transport profile. */
export function GeneralFields({ api, autoFocus }: Readonly<{ api: EndpointFormApi; autoFocus: boolean }>) {
  const id = useId();
  const name = useRef<HTMLInputElement>(null);
  const { form, errors } = api;
  const warning = errors.url ? null : urlWarning(form.url);
  const checked = errors.url ? checkEndpointUrl(form.url) : null;
  const suggestion = checked && !checked.ok ? checked.suggestion : undefined;
  useEffect(() => {
    if (autoFocus) name.current?.focus();
  }, [autoFocus]);
  return (
    <>
      <Field id={`${id}-name`} label="Name" error={errors.name} errorTestId="endpoint-name-error">
        <input
          ref={name}
          id={`${id}-name`}
          className="input"
          data-testid="endpoint-name-input"
          value={form.name}
          maxLength={120}
          required
          placeholder="Team coding agent"
          autoComplete="off"
          onChange={(e) => api.set('name', e.target.value)}
          onBlur={() => api.touch('name')}
          {...messageProps(`${id}-name`, errors.name, null)}
        />
      </Field>
      <Field id={`${id}-url`} label="URL" error={errors.url} errorTestId="endpoint-url-error" warning={warning}>
        <input
          id={`${id}-url`}
          className="input mono"
          data-testid="endpoint-url-input"
          type="url"
          inputMode="url"
          value={form.url}
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="https://agent.example.com/acp"
          onChange={(e) => api.set('url', e.target.value)}
          onBlur={() => api.touch('url')}
          {...messageProps(`${id}-url`, errors.url, warning)}
        />
        {suggestion ? (
          <button
            type="button"
            className="btn btn-secondary btn-sm field-fix"
            data-testid="endpoint-url-fix"
            onClick={() => api.set('url', suggestion)}
          >
            Use {suggestion}
          </button>
        ) : null}
      </Field>
      <Field
        id={`${id}-transport`}
        label="Transport"
        error={errors.transport}
        hint="Auto tries the profile that worked last time first; ws:// and wss:// URLs always use WebSocket."
      >
        <select
          id={`${id}-transport`}
          className="input select"
          data-testid="endpoint-transport"
          value={form.transport}
          onChange={(e) => api.set('transport', e.target.value as TransportProfile)}
          {...messageProps(`${id}-transport`, errors.transport, 'hint')}
        >
          {TRANSPORT_PROFILES.map((t) => (
            <option key={t} value={t}>
              {TRANSPORT_LABEL[t]}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
