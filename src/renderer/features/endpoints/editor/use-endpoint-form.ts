import { useState } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import type { ErrorText } from '../../../state/error-text';
import { checkDraft } from '../../../state/field-errors';
import { useAppStore } from '../../../state/store-context';
import {
  blankHeader,
  draftFromForm,
  formFieldErrors,
  formFromEndpoint,
  liveErrors,
  blankMcpServer,
  type EndpointForm,
  type HeaderRowState,
  type McpKind,
  type McpServerRowState,
} from './form-model';
import type { AuthFormState } from './auth-form';
import { networkSaveErrors, type NetworkFormState } from './network-form';

type Scalar = Exclude<keyof EndpointForm, 'headers' | 'mcpServers' | 'mcpTouched' | 'network' | 'auth'>;
const FIELD_KEY: Readonly<Record<Scalar, string>> = {
  name: 'name',
  url: 'url',
  transport: 'transport',
  cwd: 'cwd',
  notes: 'notes',
  idleTimeout: 'idleTimeoutSec',
};

/** Form state fields and the draft path their errors are reported under. */
const NETWORK_FIELD: Readonly<Record<string, string>> = {
  proxyUrl: 'proxy.url',
  proxyPassword: 'proxy.password',
  caPem: 'tls.caPem',
  clientCertPem: 'tls.clientCertPem',
  clientKey: 'tls.clientKeyPem',
  pfx: 'tls.pfxBase64',
  passphrase: 'tls.passphrase',
};

function focusFirstInvalid(): void {
  setTimeout(() => document.querySelector<HTMLElement>('.endpoint-editor [aria-invalid="true"]')?.focus(), 0);
}

type SetForm = (change: (f: EndpointForm) => EndpointForm) => void;

/** Adding, editing and removing MCP servers and their entries; any change marks the list touched. */
function mcpActions(setForm: SetForm, forget: (key: string) => void) {
  const setMcp = (change: (rows: readonly McpServerRowState[]) => readonly McpServerRowState[]) =>
    setForm((f) => ({ ...f, mcpServers: change(f.mcpServers), mcpTouched: true }));
  return {
    add: (kind: McpKind) => {
      const row = blankMcpServer(kind);
      setMcp((rows) => [...rows, row]);
      return row.key;
    },
    update: (key: number, patch: Partial<Omit<McpServerRowState, 'key' | 'entries' | 'stored'>>) => {
      setMcp((rows) => rows.map((m) => (m.key === key ? { ...m, ...patch } : m)));
      for (const field of Object.keys(patch)) forget(`mcp.${key}.${field}`);
    },
    remove: (key: number) => setMcp((rows) => rows.filter((m) => m.key !== key)),
    addEntry: (key: number) => {
      const entry = blankHeader();
      setMcp((rows) => rows.map((m) => (m.key === key ? { ...m, entries: [...m.entries, entry] } : m)));
      return entry.key;
    },
    updateEntry: (key: number, entryKey: number, patch: Partial<HeaderRowState>) => {
      setMcp((rows) =>
        rows.map((m) =>
          m.key === key ? { ...m, entries: m.entries.map((x) => (x.key === entryKey ? { ...x, ...patch } : x)) } : m,
        ),
      );
      for (const field of Object.keys(patch)) forget(`mcp.${key}.entry.${entryKey}.${field}`);
    },
    removeEntry: (key: number, entryKey: number) =>
      setMcp((rows) =>
        rows.map((m) => (m.key === key ? { ...m, entries: m.entries.filter((x) => x.key !== entryKey) } : m)),
      ),
  };
}

/** The editor's state: values, which fields were touched, errors (live and from saving), saving. */
export function useEndpointForm(endpoint: SavedEndpoint | null) {
  const store = useAppStore();
  const [initial] = useState(() => formFromEndpoint(endpoint));
  const [form, setForm] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [saveErrors, setSaveErrors] = useState<Readonly<Record<string, string>>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [saving, setSaving] = useState(false);

  const forget = (key: string) =>
    setSaveErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set([...t, key])));
  const set = <K extends Scalar>(field: K, value: EndpointForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    forget(FIELD_KEY[field]);
  };
  const setHeaders = (change: (rows: readonly HeaderRowState[]) => readonly HeaderRowState[]) =>
    setForm((f) => ({ ...f, headers: change(f.headers) }));
  const updateHeader = (key: number, patch: Partial<HeaderRowState>) => {
    setHeaders((rows) => rows.map((h) => (h.key === key ? { ...h, ...patch } : h)));
    for (const field of Object.keys(patch)) forget(`header.${key}.${field}`);
  };
  const addHeader = () => {
    const row = blankHeader();
    setHeaders((rows) => [...rows, row]);
    return row.key;
  };
  const removeHeader = (key: number) => setHeaders((rows) => rows.filter((h) => h.key !== key));

  const mcp = mcpActions(setForm, forget);
  /** Any change to the Network section makes the draft carry `network`. */
  const setNetwork = (patch: Partial<NetworkFormState>) => {
    setForm((f) => ({ ...f, network: { ...f.network, ...patch, present: true } }));
    for (const field of Object.keys(patch)) forget(`network.${NETWORK_FIELD[field] ?? field}`);
  };

  /** Any change to the Sign-in section makes the draft carry `auth`. */
  const setAuth = (patch: Partial<AuthFormState>) => {
    setForm((f) => ({ ...f, auth: { ...f.auth, ...patch, touched: true } }));
    forget('auth');
  };

  const errors: Readonly<Record<string, string>> = { ...saveErrors, ...liveErrors(form, touched) };
  const dirty = JSON.stringify(draftFromForm(form).draft) !== JSON.stringify(draftFromForm(initial).draft);

  /** Checks and saves; returns the saved endpoint, or null with the errors shown. */
  const save = async (): Promise<SavedEndpoint | null> => {
    const { draft, headerKeys, mcpKeys } = draftFromForm(form);
    setFormError(null);
    const local = { ...networkSaveErrors(form.network), ...formFieldErrors(checkDraft(draft), headerKeys, mcpKeys) };
    if (Object.keys(local).length > 0) {
      setSaveErrors(local);
      setTouched(new Set(['name', 'url']));
      focusFirstInvalid();
      return null;
    }
    setSaving(true);
    const outcome = await store.commands.saveEndpoint(endpoint?.id, draft);
    setSaving(false);
    if (outcome.ok) return outcome.endpoint;
    const fields = formFieldErrors(outcome.fields, headerKeys, mcpKeys);
    setSaveErrors(fields);
    if (Object.keys(fields).length === 0) setFormError(outcome.error);
    else focusFirstInvalid();
    return null;
  };

  return {
    form,
    set,
    touch,
    updateHeader,
    addHeader,
    removeHeader,
    mcp,
    setNetwork,
    setAuth,
    errors,
    dirty,
    save,
    saving,
    formError,
  };
}

export type EndpointFormApi = ReturnType<typeof useEndpointForm>;
