/**
 * OAuth sign-in end to end in browser mode (issue 15): a real oidc-provider and the
 * bearer-gated test agent on 127.0.0.1 (tests/support/oidc-server.ts). The endpoint is set to
 * OAuth in the editor, "Sign in" opens the provider's own login and consent pages in a new tab,
 * Chromium signs in there, the loopback redirect finishes it, the endpoint says who is signed
 * in, and a turn completes against the agent that accepts only that bearer; Sign out says so.
 */
import { startGatedAgent, startOidcServer, type GatedAgent, type OidcServer } from '../support/oidc-server';
import { expect, fileScoped, test as base } from './support/fixtures';

const AGENT = 'Gated agent';

const test = base.extend<{ auth: { oidc: OidcServer; gate: GatedAgent } }>({
  auth: fileScoped(
    async () => {
      const oidc = await startOidcServer();
      try {
        return { oidc, gate: await startGatedAgent(oidc) };
      } catch (e) {
        await oidc.close();
        throw e;
      }
    },
    async ({ oidc, gate }) => {
      await gate.close();
      await oidc.close();
    },
  ),
  webArgs: async ({ auth }, use) => use(['--endpoint', `${AGENT}=${auth.gate.url}`]),
});

test.describe('OAuth sign-in: browser mode', () => {
  test('signs in through the provider’s login and consent pages, then a turn completes with the bearer', async ({
    page,
    context,
    auth: { oidc, gate },
    shell,
    chat,
    endpoint,
  }) => {
    test.setTimeout(90_000);
    await endpoint.open(AGENT);
    await endpoint.editButton.click();
    await page.getByRole('radio', { name: 'OAuth' }).check();
    await expect(page.getByText('Registered automatically when empty.')).toBeVisible();
    await page.getByTestId('endpoint-save').click();

    await expect(endpoint.oauthStatus).toContainText('Not signed in');
    const opened = context.waitForEvent('page');
    await endpoint.details.getByTestId('oauth-sign-in').click();
    const provider = await opened;
    await provider.waitForLoadState();
    expect(new URL(provider.url()).origin).toBe(oidc.issuer);
    // oidc-provider's own login page, then its consent page.
    await provider.locator('input[name="login"]').fill('alice');
    await provider.locator('input[name="password"]').fill('any');
    await provider.locator('button[type="submit"]').click();
    await provider.locator('button[type="submit"]').click();
    await expect(provider.locator('body')).toContainText('You can close this tab', { timeout: 20_000 });

    await expect(endpoint.oauthStatus).toContainText(/Signed in as alice@example\.test · expires \d\d:\d\d/, {
      timeout: 20_000,
    });
    await shell.newSessionButton(AGENT).click();
    await chat.send('hello through oauth');
    await expect(chat.turnEnds().first()).toBeVisible({ timeout: 30_000 });
    await expect(chat.view).toContainText('echo: hello through oauth');
    expect(gate.accepted.length).toBeGreaterThan(0);
    expect(gate.seen.urls.every((u) => !gate.accepted.some((t) => u.includes(t)))).toBe(true);

    await shell.endpoint(AGENT).click();
    await page.getByTestId('oauth-sign-out').click();
    await expect(endpoint.oauthStatus).toContainText('Not signed in');
    expect((await oidc.introspect(gate.accepted[0]!)).active).toBe(false);
  });
});
