import { Button } from '../../../ui/Button';
import { ShellIcon } from '../../app-shell/shell-icons';
import { HeaderRow } from './HeaderRow';
import type { EndpointFormApi } from './use-endpoint-form';

const focusLater = (selector: string) => setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);

/** Request headers: name, value, and a "secret" flag that makes the value write-only. */
export function HeadersTable({ api }: Readonly<{ api: EndpointFormApi }>) {
  const rows = api.form.headers;
  const add = () => {
    const key = api.addHeader();
    focusLater(`[data-header-key="${key}"] [data-testid="header-name-input"]`);
  };
  return (
    <div className="headers-editor">
      {rows.length > 0 ? (
        <table className="headers-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h, i) => (
              <HeaderRow
                key={h.key}
                header={h}
                index={i}
                api={api}
                onRemove={() => {
                  api.removeHeader(h.key);
                  focusLater('[data-testid="add-header"]');
                }}
              />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted headers-empty">No headers. Add one for an API token or a routing header.</p>
      )}
      <Button size="sm" variant="ghost" icon={<ShellIcon name="plus" />} data-testid="add-header" onClick={add}>
        Add header
      </Button>
    </div>
  );
}
