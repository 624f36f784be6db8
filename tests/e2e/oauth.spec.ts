/**
 * OAuth sign-in end to end in browser mode (issue 15): a real oidc-provider and the
 * bearer-gated test agent on 127.0.0.1 (tests/support/oidc-server.ts). The endpoint is set to
 * OAuth in the editor, "Sign in" opens the provider's own login and consent pages in a new tab,
 * Chromium signs in there, the loopback redirect finishes it, the endpoint says who is signed
 * in, and a turn completes against the agent that accepts only that bearer; Sign out says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startGatedAgent, startOidcServer, type GatedAgent, type OidcServer } from '../support/oidc-server';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

test.describe('OAuth sign-in: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let oidc: OidcServer;
  let gate: GatedAgent;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    oidc = await startOidcServer();
    gate = await startGatedAgent(oidc);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-oauth-e2e-'));
    web = await startAcpDeskWeb({ dataDir, extraArgs: ['--endpoint', `Gated agent=${gate.url}`] });
  });

  test.afterAll(async () => {
    await web?.stop();
    await gate?.close();
    await oidc?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('signs in through the provider’s login and consent pages, then a turn completes with the bearer', async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await page.goto(web.url);
    await page.locator('[data-testid="endpoint-item"][data-endpoint-name="Gated agent"]').click();
    await page.getByTestId('endpoint-edit').click();
    await page.getByRole('radio', { name: 'OAuth' }).check();
    await expect(page.getByText('Registered automatically when empty.')).toBeVisible();
    await page.getByTestId('endpoint-save').click();

    const details = page.getByTestId('endpoint-details');
    await expect(details.getByTestId('oauth-status')).toContainText('Not signed in');
    const opened = context.waitForEvent('page');
    await details.getByTestId('oauth-sign-in').click();
    const provider = await opened;
    await provider.waitForLoadState();
    expect(new URL(provider.url()).origin).toBe(oidc.issuer);
    // oidc-provider's own login page, then its consent page.
    await provider.locator('input[name="login"]').fill('alice');
    await provider.locator('input[name="password"]').fill('any');
    await provider.locator('button[type="submit"]').click();
    await provider.locator('button[type="submit"]').click();
    await expect(provider.locator('body')).toContainText('You can close this tab', { timeout: 20_000 });

    await expect(details.getByTestId('oauth-status')).toContainText(
      /Signed in as alice@example\.test · expires \d\d:\d\d/,
      {
        timeout: 20_000,
      },
    );
    await page.locator('[data-testid="new-session"][data-endpoint-name="Gated agent"]').click();
    await page.getByTestId('composer-input').fill('hello through oauth');
    await page.getByTestId('composer-input').press('Enter');
    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]').first()).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('chat-view')).toContainText('echo: hello through oauth');
    expect(gate.accepted.length).toBeGreaterThan(0);
    expect(gate.seen.urls.every((u) => !gate.accepted.some((t) => u.includes(t)))).toBe(true);

    await page.locator('[data-testid="endpoint-item"][data-endpoint-name="Gated agent"]').click();
    await page.getByTestId('oauth-sign-out').click();
    await expect(page.getByTestId('endpoint-details').getByTestId('oauth-status')).toContainText('Not signed in');
    expect((await oidc.introspect(gate.accepted[0]!)).active).toBe(false);
  });
});
