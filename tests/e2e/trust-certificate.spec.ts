/**
 * The Network section and "Trust this certificate", end to end in browser mode against a real
 * self-signed TLS agent (the SDK's AcpServer behind https): Test connection fails and shows
 * the certificate, trusting it pins the fingerprint so the next test passes, Save keeps it,
 * and the editor with the certificate shown and the Network section open has no axe violations.
 */
import { startTestAgent, type TestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';
import { expectNoAxeViolations } from './support/axe';
import { expect, test as base } from './support/fixtures';

/** A self-signed HTTPS agent of the test's own. */
const test = base.extend<{ tls: { fx: TlsFixture; agent: TestAgent } }>({
  // eslint-disable-next-line no-empty-pattern
  tls: async ({}, use) => {
    const fx = makeTlsFixture();
    const agent = await startTestAgent({ tls: { key: fx.selfSigned.key, cert: fx.selfSigned.cert } });
    await use({ fx, agent });
    await agent.close();
  },
});

test.describe('trust a self-signed agent: browser mode', () => {
  test('Test connection shows the certificate, Trust pins it, the next test passes and Save keeps it', async ({
    page,
    tls: { fx, agent },
    editor,
    endpoint,
  }) => {
    await editor.fillNew('Self-signed lab', agent.url);
    await editor.testConnectionButton.click();

    await expect(page.getByTestId('trust-certificate')).toBeVisible({ timeout: 20_000 });
    await expect(editor.probeError).toContainText('self-signed');
    await expect(page.getByTestId('cert-sha256')).toHaveText(fx.selfSigned.sha256);
    await page.getByTestId('network-toggle').click();
    await page.getByTestId('network-proxy-mode').selectOption('url');
    await page.getByTestId('network-client-kind').selectOption('pem');
    await page.getByTestId('network-ca-pem').fill('not a certificate');
    await expect(page.getByTestId('network-ca-error')).toBeVisible();
    await expectNoAxeViolations(page, 'the editor with the certificate and the Network section', {
      themes: ['light', 'dark'],
    });
    await page.getByTestId('network-ca-pem').fill('');
    await page.getByTestId('network-proxy-mode').selectOption('none');
    await page.getByTestId('network-client-kind').selectOption('none');

    await page.getByTestId('trust-certificate-button').click();
    await expect(page.getByTestId('network-pinned-sha256')).toContainText(fx.selfSigned.sha256);
    await editor.testConnectionButton.click();
    await expect(editor.probeResult).toBeVisible({ timeout: 20_000 });

    await editor.saveButton.click();
    await expect(endpoint.details).toBeVisible();
    await endpoint.testConnectionButton.click();
    await expect(endpoint.probeResult).toBeVisible({ timeout: 20_000 });
    await endpoint.editButton.click();
    await expect(page.getByTestId('network-summary')).toHaveText('No proxy · pinned certificate');
  });
});
