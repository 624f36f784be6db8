/**
 * "More actions for <name>" on an endpoint's sidebar row (issues 12 and 14): Diagnose (opens
 * the endpoint's page and runs it there), Edit, Retry now (only while offline), Log out (only
 * when the agent advertises `logout`; asks first) and Remove… (asks first; the same command as
 * the editor's Remove). A menu button with an accessible menu: arrow keys move, Esc closes
 * and puts focus back on the button.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { ErrorText } from '../../state/error-text';
import type { AppStore } from '../../state/store';
import { useEndpointOffers } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { ErrorNote } from '../../ui/Panel';
import { diagnoseEndpoint, editEndpoint, openEndpoint } from '../navigation/app-actions';
import { hasGrant } from './oauth/oauth-view';
import { useOAuthStatus } from './oauth/use-oauth';
import type { OAuthStore } from '../../state/oauth-store';
import type { OAuthStatusView } from '../../../shared/domain/endpoint-auth';
import { moveMenuFocus, useMenuDismiss } from '../../ui/menu';

type Mode = 'closed' | 'menu' | 'logout' | 'remove';
type Item = { readonly id: string; readonly label: string; readonly run: () => void };

export function EndpointMenu({ endpoint, offline }: Readonly<{ endpoint: SavedEndpoint; offline: boolean }>) {
  const store = useAppStore();
  const canLogout = useEndpointOffers(endpoint.id, 'logout');
  const oauth = useOAuthStatus(endpoint.id);
  const [mode, setMode] = useState<Mode>('closed');
  const closeMenu = useCallback(() => setMode('closed'), []);
  const [error, setError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useMenuDismiss(root, mode !== 'closed', closeMenu, mode === 'menu');

  const close = () => {
    setMode('closed');
    toggle.current?.focus();
  };
  const run = (action: () => void) => () => {
    setMode('closed');
    setError(null);
    action();
  };
  const confirmed = async (command: () => Promise<ErrorText | null>) => {
    setBusy(true);
    const failed = await command();
    setBusy(false);
    if (!failed) return close();
    setMode('closed');
    setError(failed);
  };
  const items = [
    ...oauthItems(store, oauth, endpoint, run),
    ...menuItems(store, endpoint, { offline, canLogout }, run, setMode),
  ];
  const onKeyDown = (e: KeyboardEvent) => {
    // The sidebar's own arrow-key navigation must not see keys meant for the menu.
    if (mode === 'closed') return;
    e.stopPropagation();
    if (e.key === 'Escape') close();
    else if (mode === 'menu') moveMenuFocus(root.current, e);
  };
  return (
    <div className="endpoint-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="icon-btn endpoint-new-session endpoint-more"
        data-nav-action=""
        tabIndex={-1}
        data-testid="endpoint-more"
        aria-label={`More actions for ${endpoint.name}`}
        aria-haspopup="menu"
        aria-expanded={mode === 'menu'}
        aria-controls={mode === 'menu' ? menuId : undefined}
        aria-busy={busy || undefined}
        title="More actions"
        onClick={() => setMode((m) => (m === 'menu' ? 'closed' : 'menu'))}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {mode === 'menu' && <MenuList id={menuId} name={endpoint.name} items={items} />}
      {(mode === 'logout' || mode === 'remove') && (
        <ConfirmStep
          mode={mode}
          endpoint={endpoint}
          busy={busy}
          onCancel={close}
          onConfirm={() =>
            void confirmed(() =>
              mode === 'logout' ? store.sessionOps.logout(endpoint.id) : store.commands.removeEndpoint(endpoint.id),
            )
          }
        />
      )}
      {error && (
        <div className="menu" data-testid="endpoint-menu-error" role="alert">
          <ErrorNote message={error.message} nextStep={error.nextStep} />
        </div>
      )}
    </div>
  );
}

function MenuList({ id, name, items }: Readonly<{ id: string; name: string; items: readonly Item[] }>) {
  return (
    <div className="menu" role="menu" id={id} aria-label={`Actions for ${name}`}>
      {items.map((i) => (
        <button
          key={i.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="menu-item"
          data-testid={`endpoint-menu-${i.id}`}
          onClick={i.run}
        >
          {i.label}
        </button>
      ))}
    </div>
  );
}

/** OAuth endpoints (issue 15): Sign in (on the endpoint's page, where the prompt shows) or Sign out. */
function oauthItems(
  store: AppStore,
  { store: oauth, status }: Readonly<{ store: OAuthStore; status: OAuthStatusView | undefined }>,
  endpoint: SavedEndpoint,
  run: (action: () => void) => () => void,
): Item[] {
  const signIn = endpoint.auth?.kind === 'oauth' ? (hasGrant(status) ? 'out' : 'in') : null;
  if (signIn === 'in')
    return [
      {
        id: 'sign-in',
        label: 'Sign in',
        run: run(() => {
          openEndpoint(store, endpoint.id);
          void oauth.signIn(endpoint.id);
        }),
      },
    ];
  if (signIn === 'out') return [{ id: 'sign-out', label: 'Sign out', run: run(() => void oauth.signOut(endpoint.id)) }];
  return [];
}

/** Diagnose, Edit, Retry now (offline), Log out… (advertised) and Remove…. */
function menuItems(
  store: AppStore,
  endpoint: SavedEndpoint,
  when: Readonly<{ offline: boolean; canLogout: boolean }>,
  run: (action: () => void) => () => void,
  setMode: (m: Mode) => void,
): Item[] {
  return [
    { id: 'diagnose', label: 'Diagnose', run: run(() => diagnoseEndpoint(store, endpoint.id)) },
    { id: 'edit', label: 'Edit', run: run(() => editEndpoint(store, endpoint.id)) },
    ...(when.offline
      ? [{ id: 'retry', label: 'Retry now', run: run(() => void store.commands.retryEndpoint(endpoint.id)) }]
      : []),
    ...(when.canLogout ? [{ id: 'logout', label: 'Log out…', run: () => setMode('logout') }] : []),
    { id: 'remove', label: 'Remove…', run: () => setMode('remove') },
  ];
}

function ConfirmStep({
  mode,
  endpoint,
  ...rest
}: Readonly<{
  mode: 'logout' | 'remove';
  endpoint: SavedEndpoint;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}>) {
  return mode === 'logout' ? (
    <Confirm label={`Log out of ${endpoint.name}`} action="Log out" {...rest}>
      Log out of <strong>{endpoint.name}</strong>? The agent forgets this sign-in; you may have to sign in again.
    </Confirm>
  ) : (
    <Confirm label={`Remove ${endpoint.name}`} action="Remove" {...rest}>
      Remove <strong>{endpoint.name}</strong>? Its sessions stay in the history, read-only.
    </Confirm>
  );
}

/** Asks before a step that cannot be undone; Cancel has focus, so Enter does nothing harmful. */
function Confirm({
  label,
  action,
  busy,
  onConfirm,
  onCancel,
  children,
}: Readonly<{
  label: string;
  action: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}>) {
  const cancel = useRef<HTMLButtonElement>(null);
  const describedBy = useId();
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="menu remove-confirm" role="alertdialog" aria-label={label} aria-describedby={describedBy}>
      <p id={describedBy}>{children}</p>
      <button
        type="button"
        className="btn btn-danger btn-sm"
        data-testid="endpoint-menu-confirm"
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={onConfirm}
      >
        {action}
      </button>
      <button ref={cancel} type="button" className="btn btn-secondary btn-sm" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
