/**
 * The foundation, end to end in real Chromium: `acp-desk web` as a child process, the built
 * renderer over HTTP, the WebSocket bridge into the real core, and `Test connection` against
 * the real demo agent. One passing run proves every layer between a click and an ACP
 * `initialize` round trip.
 */
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';
import { screenshot } from './support/screenshots';

test.describe('foundation: browser mode', () => {
  // Each test loads the page itself: the first watches the load for CSP errors.
  test.use({ openApp: false });

  test('Test connection reaches the demo agent through the bridge and the real core', async ({
    page,
    web,
    shell,
    endpoint,
  }) => {
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });

    await page.goto(web.url);
    await expect(shell.endpointList.locator(shell.endpoint(DEMO))).toBeVisible();

    await endpoint.open(DEMO);
    await endpoint.testConnection();
    if (await endpoint.probeError.isVisible())
      throw new Error(`Test connection failed: ${await endpoint.probeError.textContent()}`);
    await expect(endpoint.probeResult).toContainText(/acp-desk-demo|ACP Desk demo agent/);

    await screenshot(page, 'foundation', { fullPage: true });
    expect(cspErrors, 'the CSP must admit the same-origin bridge WebSocket').toEqual([]);
  });

  test('the page without the token is refused with 401', async ({ page, web }) => {
    const response = await page.goto(`${web.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText(/token/i);

    const wrong = await page.goto(`${web.origin}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
  });
});
