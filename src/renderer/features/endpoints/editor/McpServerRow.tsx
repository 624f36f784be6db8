import { useId, useState } from 'react';
import { ShellIcon } from '../../app-shell/shell-icons';
import { Button } from '../../../ui/Button';
import { Field, messageProps } from './Field';
import { keepsStoredMcpSecret, type HeaderRowState, type McpServerRowState } from './form-model';
import type { EndpointFormApi } from './use-endpoint-form';

const KIND_LABEL = { stdio: 'stdio', http: 'HTTP', sse: 'SSE' } as const;
const focusLater = (selector: string) => setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);

/**
 * A secret entry's value. A stored value is never shown (the renderer never has it): the field
 * stays empty and says so; whatever is typed replaces it. Uncontrolled, so a typed value is not
 * mirrored into the DOM as an attribute either.
 */
function SecretEntryValue({
  server,
  entry,
  label,
  error,
  api,
}: Readonly<{
  server: McpServerRowState;
  entry: HeaderRowState;
  label: string;
  error: string | undefined;
  api: EndpointFormApi;
}>) {
  const [initial] = useState(entry.value);
  const stored = keepsStoredMcpSecret(server, entry);
  return (
    <span className="secret-input mcp-secret">
      <input
        type="password"
        className="input mono"
        data-testid="mcp-entry-value-input"
        aria-label={`Secret value of ${label}`}
        aria-invalid={error ? true : undefined}
        autoComplete="new-password"
        spellCheck={false}
        defaultValue={initial}
        placeholder={entry.storedName !== null ? 'New value' : 'Secret value'}
        onChange={(e) => api.mcp.updateEntry(server.key, entry.key, { value: e.target.value })}
      />
      {stored && (
        <span className="mcp-secret-stored" data-testid="mcp-secret-stored">
          <ShellIcon name="lock" />
          stored — enter a new value to replace it
        </span>
      )}
    </span>
  );
}

function EntryRow({
  server,
  entry,
  index,
  noun,
  api,
}: Readonly<{ server: McpServerRowState; entry: HeaderRowState; index: number; noun: string; api: EndpointFormApi }>) {
  const label = `${noun} ${entry.name.trim() || index + 1} of ${server.name.trim() || 'the MCP server'}`;
  const base = `mcp.${server.key}.entry.${entry.key}`;
  const nameError = api.errors[`${base}.name`];
  const valueError = api.errors[`${base}.value`];
  const update = (patch: Partial<HeaderRowState>) => api.mcp.updateEntry(server.key, entry.key, patch);
  return (
    <tr className="header-edit-row" data-testid="mcp-entry-row" data-entry-key={entry.key}>
      <td>
        <input
          className="input mono"
          data-testid="mcp-entry-name-input"
          aria-label={`Name of ${label}`}
          aria-invalid={nameError ? true : undefined}
          value={entry.name}
          spellCheck={false}
          autoComplete="off"
          placeholder={noun === 'variable' ? 'API_KEY' : 'Authorization'}
          onChange={(e) => update({ name: e.target.value })}
        />
        {nameError && <p className="field-error">{nameError}</p>}
      </td>
      <td>
        {entry.secret ? (
          <SecretEntryValue server={server} entry={entry} label={label} error={valueError} api={api} />
        ) : (
          <input
            className="input mono"
            data-testid="mcp-entry-value-input"
            aria-label={`Value of ${label}`}
            aria-invalid={valueError ? true : undefined}
            value={entry.value}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => update({ value: e.target.value })}
          />
        )}
        {valueError && <p className="field-error">{valueError}</p>}
      </td>
      <td className="header-secret-cell">
        <label className="check">
          <input
            type="checkbox"
            data-testid="mcp-entry-secret-toggle"
            checked={entry.secret}
            onChange={(e) => update({ secret: e.target.checked, value: '', storedName: null })}
          />
          <span>Secret</span>
        </label>
      </td>
      <td className="header-remove-cell">
        <button
          type="button"
          className="icon-btn"
          aria-label={`Remove ${label}`}
          title={`Remove ${noun}`}
          onClick={() => api.mcp.removeEntry(server.key, entry.key)}
        >
          <ShellIcon name="trash" />
        </button>
      </td>
    </tr>
  );
}

/** Command and arguments (stdio) or the URL (http, sse). */
function KindFields({ server, id, api }: Readonly<{ server: McpServerRowState; id: string; api: EndpointFormApi }>) {
  const err = (field: string) => api.errors[`mcp.${server.key}.${field}`];
  return (
    <>
      {server.kind === 'stdio' ? (
        <>
          <Field id={`${id}-command`} label="Command" error={err('command')}>
            <input
              id={`${id}-command`}
              className="input mono"
              data-testid="mcp-command-input"
              value={server.command}
              autoComplete="off"
              spellCheck={false}
              placeholder="/usr/local/bin/github-mcp"
              onChange={(e) => api.mcp.update(server.key, { command: e.target.value })}
              {...messageProps(`${id}-command`, err('command'), null)}
            />
          </Field>
          <Field id={`${id}-args`} label="Arguments" error={err('args')} hint="One argument per line.">
            <textarea
              id={`${id}-args`}
              className="input mono mcp-args"
              data-testid="mcp-args-input"
              rows={2}
              value={server.args}
              spellCheck={false}
              onChange={(e) => api.mcp.update(server.key, { args: e.target.value })}
              {...messageProps(`${id}-args`, err('args'), 'One argument per line.')}
            />
          </Field>
        </>
      ) : (
        <Field id={`${id}-url`} label="URL" error={err('url')}>
          <input
            id={`${id}-url`}
            className="input mono"
            data-testid="mcp-url-input"
            type="url"
            inputMode="url"
            value={server.url}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://mcp.example.com/mcp"
            onChange={(e) => api.mcp.update(server.key, { url: e.target.value })}
            {...messageProps(`${id}-url`, err('url'), null)}
          />
        </Field>
      )}
    </>
  );
}

/** The env variables (stdio) or headers (http, sse), each with the secret toggle. */
function EntriesTable({
  server,
  title,
  api,
}: Readonly<{ server: McpServerRowState; title: string; api: EndpointFormApi }>) {
  const noun = server.kind === 'stdio' ? 'variable' : 'header';
  const addEntry = () => {
    const key = api.mcp.addEntry(server.key);
    focusLater(`[data-entry-key="${key}"] [data-testid="mcp-entry-name-input"]`);
  };
  return (
    <div className="headers-editor mcp-entries">
      {server.entries.length > 0 && (
        <table className="headers-table">
          <caption className="visually-hidden">
            {server.kind === 'stdio' ? 'Environment' : 'Headers'} of {title}
          </caption>
          <thead>
            <tr>
              <th scope="col">{server.kind === 'stdio' ? 'Variable' : 'Header'}</th>
              <th scope="col">Value</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {server.entries.map((x, i) => (
              <EntryRow key={x.key} server={server} entry={x} index={i} noun={noun} api={api} />
            ))}
          </tbody>
        </table>
      )}
      <Button size="sm" variant="ghost" icon={<ShellIcon name="plus" />} data-testid="add-mcp-entry" onClick={addEntry}>
        {server.kind === 'stdio' ? 'Add environment variable' : 'Add header'}
      </Button>
    </div>
  );
}

/** One MCP server: name, then command/args/env (stdio) or URL/headers (http, sse). */
export function McpServerRow({
  server,
  index,
  api,
  onRemove,
}: Readonly<{ server: McpServerRowState; index: number; api: EndpointFormApi; onRemove: () => void }>) {
  const id = useId();
  const title = server.name.trim() || `MCP server ${index + 1}`;
  const err = (field: string) => api.errors[`mcp.${server.key}.${field}`];
  return (
    <fieldset className="mcp-server" data-testid="mcp-server" data-mcp-key={server.key} data-mcp-kind={server.kind}>
      <legend className="mcp-server-legend">
        <span className="mcp-kind" data-testid="mcp-kind">
          {KIND_LABEL[server.kind]}
        </span>
        {title}
      </legend>
      <button type="button" className="icon-btn mcp-server-remove" aria-label={`Remove ${title}`} onClick={onRemove}>
        <ShellIcon name="trash" />
      </button>
      <Field id={`${id}-name`} label="Name" error={err('name')}>
        <input
          id={`${id}-name`}
          className="input"
          data-testid="mcp-name-input"
          value={server.name}
          autoComplete="off"
          spellCheck={false}
          placeholder="github"
          onChange={(e) => api.mcp.update(server.key, { name: e.target.value })}
          {...messageProps(`${id}-name`, err('name'), null)}
        />
      </Field>
      <KindFields server={server} id={id} api={api} />
      <EntriesTable server={server} title={title} api={api} />
    </fieldset>
  );
}
