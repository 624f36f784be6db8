/**
 * What the host says about the settings file reaches the sidebar once, and what a save did
 * besides saving (stored secrets dropped for a new host) is shown on that endpoint's page.
 */
import { describe, expect, it } from 'vitest';
import { listReceived, initialEndpoints } from '../../src/renderer/state/endpoints-slice';

describe('settings notices', () => {
  it('the list carries the settings-file sentence, and a later clean list clears it', () => {
    const withNotice = listReceived(initialEndpoints, {
      endpoints: [],
      selectedId: null,
      notice: '1 endpoint could not be read: endpoint 2 "Prod": transport.',
    });
    expect(withNotice.notice).toMatch(/could not be read/);
    expect(listReceived(withNotice, { endpoints: [], selectedId: null }).notice).toBeNull();
  });
});
