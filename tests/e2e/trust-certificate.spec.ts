/**
 * The Network section and "Trust this certificate", end to end in browser mode against a real
 * self-signed TLS agent (the SDK's AcpServer behind https): Test connection fails and shows
 * the certificate, trusting it pins the fingerprint so the next test passes, Save keeps it,
 * and the editor with the certificate shown and the Network section open has no axe violations.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startTestAgent, type TestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.describe('trust a self-signed agent: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let agent: TestAgent;
  let fx: TlsFixture;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    fx = makeTlsFixture();
    agent = await startTestAgent({ tls: { key: fx.selfSigned.key, cert: fx.selfSigned.cert } });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-trust-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    await agent?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('Test connection shows the certificate, Trust pins it, the next test passes and Save keeps it', async ({
    page,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-name-input').fill('Self-signed lab');
    await page.getByTestId('endpoint-url-input').fill(agent.url);
    await page.getByTestId('test-connection').click();

    await expect(page.getByTestId('trust-certificate')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('probe-error')).toContainText('self-signed');
    await expect(page.getByTestId('cert-sha256')).toHaveText(fx.selfSigned.sha256);
    await page.getByTestId('network-toggle').click();
    await page.getByTestId('network-proxy-mode').selectOption('url');
    await page.getByTestId('network-client-kind').selectOption('pem');
    await page.getByTestId('network-ca-pem').fill('not a certificate');
    await expect(page.getByTestId('network-ca-error')).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      const found = results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
      expect(found, `axe violations (${theme} theme)`).toEqual([]);
    }
    await page.getByTestId('network-ca-pem').fill('');
    await page.getByTestId('network-proxy-mode').selectOption('none');
    await page.getByTestId('network-client-kind').selectOption('none');

    await page.getByTestId('trust-certificate-button').click();
    await expect(page.getByTestId('network-pinned-sha256')).toContainText(fx.selfSigned.sha256);
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('probe-result')).toBeVisible({ timeout: 20_000 });

    await page.getByTestId('endpoint-save').click();
    await expect(page.getByTestId('endpoint-details')).toBeVisible();
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('probe-result')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('endpoint-edit').click();
    await expect(page.getByTestId('network-summary')).toHaveText('No proxy · pinned certificate');
  });
});
