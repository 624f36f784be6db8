/**
 * Switches one of the agent's model providers (`providers/set`, issue 14): the API type (one
 * the provider supports), the base URL and optional extra headers. Header values are secrets
 * (API keys): the inputs are write-only, start empty and are never filled from anything the
 * app knows; they go to the host once, with Save, and are dropped from the form afterwards.
 */
import { useId, useState, type FormEvent } from 'react';
import type { ProviderInfo } from '@agentclientprotocol/sdk/unstable';
import { messageProps } from './editor/Field';

/** The protocols the SDK names; a provider that lists none may take any of them. */
const KNOWN_API_TYPES = ['anthropic', 'openai', 'azure', 'vertex', 'bedrock'];

export interface ProviderDraft {
  readonly apiType: string;
  readonly baseUrl: string;
  readonly headers?: Record<string, string>;
}

type HeaderRowDraft = { readonly key: number; name: string; value: string };

function urlError(value: string): string | undefined {
  if (!value.trim()) return 'Enter the base URL.';
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Use an http:// or https:// URL.';
  } catch {
    return 'This is not a URL; it looks like https://api.example.com/v1.';
  }
  return undefined;
}

function headersError(rows: readonly HeaderRowDraft[]): string | undefined {
  const named = rows.filter((r) => r.name.trim() || r.value);
  if (named.some((r) => !r.name.trim())) return 'Each header needs a name.';
  if (named.some((r) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(r.name.trim())))
    return 'A header name is letters, digits and - only.';
  const names = named.map((r) => r.name.trim().toLowerCase());
  if (new Set(names).size !== names.length) return 'Each header name once.';
  return undefined;
}

/** What `providers/set` gets: headers only when some row has a name. */
function draftOf(apiType: string, baseUrl: string, rows: readonly HeaderRowDraft[]): ProviderDraft {
  const filled = rows.filter((r) => r.name.trim());
  const headers = Object.fromEntries(filled.map((r) => [r.name.trim(), r.value]));
  return { apiType, baseUrl: baseUrl.trim(), ...(filled.length ? { headers } : {}) };
}

export function ProviderForm({
  provider,
  busy,
  onSave,
  onCancel,
}: Readonly<{
  provider: ProviderInfo;
  busy: boolean;
  onSave: (draft: ProviderDraft) => void;
  onCancel: () => void;
}>) {
  const id = useId();
  const types = provider.supported.length ? provider.supported : KNOWN_API_TYPES;
  const [apiType, setApiType] = useState(provider.current?.apiType ?? types[0] ?? '');
  const [baseUrl, setBaseUrl] = useState(provider.current?.baseUrl ?? '');
  const [rows, setRows] = useState<HeaderRowDraft[]>([]);
  const [tried, setTried] = useState(false);
  const errors = { url: urlError(baseUrl), headers: headersError(rows) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (errors.url || errors.headers) return;
    onSave(draftOf(apiType, baseUrl, rows));
  };
  const urlMessage = tried ? errors.url : undefined;
  return (
    <form
      className="provider-form"
      aria-label={`Switch provider ${provider.providerId}`}
      data-testid="provider-form"
      onSubmit={submit}
      noValidate
    >
      <label htmlFor={`${id}-type`}>API type</label>
      <select
        id={`${id}-type`}
        data-testid="provider-api-type"
        value={apiType}
        onChange={(e) => setApiType(e.target.value)}
      >
        {types.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-url`}>Base URL</label>
      <input
        id={`${id}-url`}
        data-testid="provider-base-url"
        type="url"
        value={baseUrl}
        placeholder="https://api.example.com/v1"
        spellCheck={false}
        onChange={(e) => setBaseUrl(e.target.value)}
        {...messageProps(`${id}-url`, urlMessage, null)}
      />
      {urlMessage && (
        <p className="field-error" id={`${id}-url-error`} data-testid="provider-url-error">
          {urlMessage}
        </p>
      )}
      <HeaderRows rows={rows} setRows={setRows} error={tried ? errors.headers : undefined} />
      <div className="provider-form-actions">
        <button
          type="submit"
          className="btn btn-primary btn-sm"
          data-testid="provider-save"
          disabled={busy}
          aria-busy={busy || undefined}
        >
          Switch
        </button>
        <button type="button" className="btn btn-secondary btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Name/value rows; the values are password inputs that start empty (write-only secrets). */
function HeaderRows({
  rows,
  setRows,
  error,
}: Readonly<{
  rows: readonly HeaderRowDraft[];
  setRows: (update: (rows: HeaderRowDraft[]) => HeaderRowDraft[]) => void;
  error: string | undefined;
}>) {
  const edit = (key: number, patch: Partial<HeaderRowDraft>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="provider-headers">
      <legend>Headers (optional; values are write-only and never shown again)</legend>
      {rows.map((r, i) => (
        <div key={r.key} className="provider-header-row" data-testid="provider-header-row">
          <input
            aria-label={`Header ${i + 1} name`}
            value={r.name}
            spellCheck={false}
            onChange={(e) => edit(r.key, { name: e.target.value })}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            type="password"
            autoComplete="off"
            value={r.value}
            onChange={(e) => edit(r.key, { value: e.target.value })}
          />
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
          >
            Remove
          </button>
        </div>
      ))}
      {error && (
        <p className="field-error" data-testid="provider-headers-error">
          {error}
        </p>
      )}
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        onClick={() => setRows((rs) => [...rs, { key: (rs.at(-1)?.key ?? 0) + 1, name: '', value: '' }])}
      >
        Add header
      </button>
    </fieldset>
  );
}
