import { useState } from 'react';
import { keepsStoredSecret, type HeaderRowState } from './form-model';
import { ShellIcon } from '../../app-shell/shell-icons';
import type { EndpointFormApi } from './use-endpoint-form';

/**
 * A secret's value cell. A stored value is never shown (the renderer never has it): only
 * "••• stored" and Replace. A typed secret goes into an uncontrolled password field, so the
 * value is not even mirrored into the DOM as an attribute.
 */
function SecretValue({
  header,
  label,
  api,
}: Readonly<{ header: HeaderRowState; label: string; api: EndpointFormApi }>) {
  const error = api.errors[`header.${header.key}.value`];
  if (keepsStoredSecret(header)) {
    return (
      <span className="secret-stored">
        <span data-testid="secret-stored" title="The value is encrypted in the host and never shown">
          <ShellIcon name="lock" />
          ••• stored
        </span>
        <button
          type="button"
          className="link-btn"
          aria-label={`Replace the value of ${label}`}
          onClick={() => api.updateHeader(header.key, { replacing: true, value: '' })}
        >
          Replace
        </button>
      </span>
    );
  }
  return <SecretInput header={header} label={label} error={error} api={api} />;
}

function SecretInput({
  header,
  label,
  error,
  api,
}: Readonly<{ header: HeaderRowState; label: string; error: string | undefined; api: EndpointFormApi }>) {
  // Only the value at mount (empty, or a value that was just typed in the clear) seeds the field.
  const [initial] = useState(header.value);
  return (
    <span className="secret-input">
      <input
        key="secret"
        type="password"
        className="input mono"
        data-testid="header-value-input"
        aria-label={`Secret value of ${label}`}
        aria-invalid={error ? true : undefined}
        autoComplete="new-password"
        spellCheck={false}
        defaultValue={initial}
        placeholder={header.replacing ? 'New value (empty keeps the stored one)' : 'Secret value'}
        onChange={(e) => api.updateHeader(header.key, { value: e.target.value })}
      />
      {header.replacing && (
        <button
          type="button"
          className="link-btn"
          onClick={() => api.updateHeader(header.key, { replacing: false, value: '' })}
        >
          Keep stored
        </button>
      )}
    </span>
  );
}

export function HeaderRow({
  header,
  index,
  api,
  onRemove,
}: Readonly<{ header: HeaderRowState; index: number; api: EndpointFormApi; onRemove: () => void }>) {
  const label = header.name.trim() ? `header ${header.name.trim()}` : `header ${index + 1}`;
  const nameError = api.errors[`header.${header.key}.name`];
  const valueError = api.errors[`header.${header.key}.value`];
  return (
    <tr className="header-edit-row" data-testid="header-row" data-header-key={header.key}>
      <td>
        <input
          className="input mono"
          data-testid="header-name-input"
          aria-label={`Name of ${label}`}
          aria-invalid={nameError ? true : undefined}
          value={header.name}
          spellCheck={false}
          autoComplete="off"
          placeholder="Authorization"
          onChange={(e) => api.updateHeader(header.key, { name: e.target.value })}
          onBlur={() => api.touch(`header.${header.key}.name`)}
        />
        {nameError && <p className="field-error">{nameError}</p>}
      </td>
      <td>
        {header.secret ? (
          <SecretValue header={header} label={label} api={api} />
        ) : (
          <input
            key="plain"
            className="input mono"
            data-testid="header-value-input"
            aria-label={`Value of ${label}`}
            aria-invalid={valueError ? true : undefined}
            value={header.value}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => api.updateHeader(header.key, { value: e.target.value })}
          />
        )}
        {valueError && <p className="field-error">{valueError}</p>}
      </td>
      <td className="header-secret-cell">
        <label className="check">
          <input
            type="checkbox"
            data-testid="header-secret-toggle"
            checked={header.secret}
            onChange={(e) => api.updateHeader(header.key, { secret: e.target.checked, replacing: false })}
          />
          <span>Secret</span>
        </label>
      </td>
      <td className="header-remove-cell">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Remove ${label}`}
          title="Remove header"
          onClick={onRemove}
        >
          <ShellIcon name="trash" />
        </button>
      </td>
    </tr>
  );
}
