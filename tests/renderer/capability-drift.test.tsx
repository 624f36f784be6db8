import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('capability drift on the endpoint page', () => {
  it('says what the agent changed since the previous connect, and nothing when it did not', async () => {
    const { bridge } = renderApp({ selectedId: 'staging' });
    await screen.findByTestId('endpoint-details');
    act(() =>
      bridge.fake.emit('endpoints:statusChanged', { endpointId: 'staging', state: 'connected', agentCapabilities: {} }),
    );
    expect(screen.queryByTestId('capability-drift')).toBeNull();
    act(() =>
      bridge.fake.emit('endpoints:statusChanged', {
        endpointId: 'staging',
        state: 'connected',
        agentCapabilities: { loadSession: true },
        capabilityDrift: {
          since: Date.UTC(2026, 11, 1, 9, 30),
          added: ['sessionCapabilities.fork'],
          removed: ['loadSession'],
          agentVersion: { from: '1.0.0', to: '1.1.0' },
          authAdded: [],
          authRemoved: [],
        },
      }),
    );
    const note = await screen.findByRole('region', { name: 'Agent changes' });
    expect(
      within(note)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Agent version 1.0.0 → 1.1.0', 'New: sessionCapabilities.fork', 'No longer offered: loadSession']);
    expect(within(note).getByText(/since the previous connect/)).toBeTruthy();
  });
});
