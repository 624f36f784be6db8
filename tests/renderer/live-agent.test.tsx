import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderShell, STATUSES } from './shell-harness';

afterEach(cleanup);

const details = () => screen.getByTestId('endpoint-details');
const statusLine = () => details().querySelector<HTMLElement>('.details-status')!;

describe('endpoint page agrees with the live connection (issue 13)', () => {
  it('a connected endpoint shows its agent from the connection, not "Not tested yet" (as after a reload)', async () => {
    renderShell({
      statuses: [
        {
          ...STATUSES[0]!,
          agentCapabilities: { loadSession: true },
          authMethods: [{ id: 'token', name: 'API token' }],
        },
      ],
    });
    const live = await screen.findByTestId('live-agent');
    expect(within(details()).queryByText('Not tested yet')).toBeNull();
    expect(live.textContent).toContain('ACP Desk demo agent');
    expect(live.textContent).toContain('acp-desk-demo 0.1.0');
    expect(live.textContent).toContain('From the live connection');
    expect(within(live).getByText('Streamable HTTP')).toBeTruthy();
    expect(within(live).getByText('Load session').closest('li')?.className).toContain('chip-on');
    expect(within(live).getByText('API token')).toBeTruthy();
    expect(statusLine().textContent).toContain('Connected');
  });

  it('without a connection it is "Not tested yet"; after a successful test the status says Reachable, not "Not connected"', async () => {
    renderShell({ statuses: [] });
    await waitFor(() => expect(within(details()).getByText('Not tested yet')).toBeTruthy());
    expect(statusLine().textContent).toContain('Not connected');

    fireEvent.click(screen.getByTestId('test-connection'));
    await screen.findByTestId('probe-result');
    await waitFor(() => expect(statusLine().textContent).toContain('Reachable'));
    expect(statusLine().textContent).not.toContain('Not connected');
    const sidebarItem = screen
      .getAllByTestId('endpoint-item')
      .find((el) => el.dataset.endpointName === 'Local demo agent')!;
    expect(sidebarItem.textContent).toContain('Reachable');
  });
});
