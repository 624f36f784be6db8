/**
 * Issue 13, "one truthful status", end to end in Chromium through browser mode and the real
 * core: the agent (the SDK's AcpServer, sessions persisted) is stopped under an open session.
 * While it is down the sidebar's endpoint row, the session row, the chat header and the side
 * panel's State say the same thing at the same moment; once it is back all of them say
 * Connected (no "Connection failed" left in the header), and the chat has one outage marker.
 */
import type { Page } from '@playwright/test';
import { expect } from './support/fixtures';
import { RESTARTING_AGENT, test } from './support/restarting-agent';

/** The four badges, read in one go so they are compared at the same instant. */
function badges(page: Page) {
  return page.evaluate((name) => {
    const q = (sel: string) => document.querySelector<HTMLElement>(sel);
    return {
      endpoint: q(`[data-testid="endpoint-item"][data-endpoint-name="${name}"]`)?.dataset.status,
      row: q('[data-testid="session-item"]')?.dataset.status,
      header: q('[data-testid="connection-state"]')?.dataset.state,
      side: q('[data-testid="side-state"]')?.dataset.state,
      headerText: q('[data-testid="connection-state"] .conn-label')?.textContent,
      sideText: q('[data-testid="side-state"]')?.textContent,
    };
  }, RESTARTING_AGENT);
}

test.describe('one truthful status: the agent stops under an open session', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test('sidebar, header and side panel agree during the outage and all say Connected after it', async ({
    page,
    agent,
    shell,
    chat,
  }) => {
    test.setTimeout(90_000);
    await shell.startSession(RESTARTING_AGENT);
    await chat.send('chunks 2');
    await expect(chat.turnEnds()).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByTestId('side-state')).toBeVisible();
    expect(await badges(page)).toMatchObject({ endpoint: 'connected', row: 'connected', header: 'connected' });

    await agent.stop();
    // Some moment of the outage, with all four read at once: they say the same.
    await expect
      .poll(
        async () => {
          const b = await badges(page);
          const down = /reconnecting|recovering|offline|failed/.test(b.endpoint ?? '');
          return down && b.row === b.endpoint && b.header === b.endpoint && b.side === b.endpoint
            ? 'agree'
            : JSON.stringify(b);
        },
        { timeout: 20_000 },
      )
      .toBe('agree');
    const during = await badges(page);
    expect(during.headerText).toBe(during.sideText);

    await page.waitForTimeout(1_000); // the server stays down for a second (the scenario, not a wait for the app)
    await agent.start();

    await expect
      .poll(async () => JSON.stringify(await badges(page)), { timeout: 30_000 })
      .toBe(
        JSON.stringify({
          endpoint: 'connected',
          row: 'connected',
          header: 'connected',
          side: 'connected',
          headerText: 'Connected',
          sideText: 'Connected',
        }),
      );
    await expect(chat.header).not.toContainText(/failed|Could not reconnect/i);
    // One marker for the outage, updated in place, in this session's words.
    await expect(chat.markers).toHaveCount(1);
    await expect(chat.markers.first()).toContainText('re-attached');
    expect(await chat.markers.first().textContent()).not.toContain('))');
  });
});
