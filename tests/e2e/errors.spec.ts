/**
 * Errors that read like sentences (issue 13), end to end in real Chromium through browser mode
 * and the real core: an endpoint where nothing listens and one that is a web page, each tested
 * from the editor. One error each, its class's sentence and next step, the raw text behind
 * "Details", and no axe violation on the error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

async function testInEditor(page: Page, name: string, url: string) {
  await page.getByTestId('add-endpoint').click();
  await page.getByTestId('endpoint-name-input').fill(name);
  await page.getByTestId('endpoint-url-input').fill(url);
  await page.getByTestId('test-connection').click();
  const error = page.getByTestId('probe-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toHaveCount(1);
  return error;
}

test.describe.serial('errors: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let site: http.Server;
  let siteUrl: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-errors-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await web?.stop();
    await new Promise((r) => site?.close(r));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('nothing listening: one sentence, its next step, the errno text behind Details', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(web.url);
    const error = await testInEditor(page, 'Closed port', 'http://127.0.0.1:9/acp');
    await expect(error.locator('.error-message')).toHaveText('Nothing is listening at 127.0.0.1:9.');
    await expect(error.locator('.error-next')).toHaveText('Start the agent, or check the address.');
    const details = error.getByTestId('error-details');
    await expect(details).toBeHidden();
    const toggle = error.getByRole('button', { name: 'Details' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(details).toContainText('ECONNREFUSED');

    const results = await new AxeBuilder({ page })
      .include('[data-testid="probe-error"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test('a web page: not an ACP endpoint, check the path; the page text only in Details', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(web.url);
    const error = await testInEditor(page, 'Web page', `${siteUrl}/`);
    await expect(error.locator('.error-message')).toHaveText('The server answered but it is not an ACP endpoint.');
    await expect(error.locator('.error-next')).toContainText('Check the path (…/acp)');
    await expect(error.locator('.error-next')).not.toContainText('running');
    await error.getByRole('button', { name: 'Details' }).click();
    await expect(error.getByTestId('error-details')).toContainText('Welcome to nginx!');
    await expect(error.getByTestId('error-details')).not.toContainText('<h1>');
  });

  test('a URL typed without a scheme is offered http:// with one click', async ({ page }) => {
    await page.goto(web.url);
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-url-input').fill('localhost:8080/acp');
    await page.getByTestId('endpoint-url-input').blur();
    await expect(page.getByTestId('endpoint-url-error')).toHaveText('Did you mean http://localhost:8080/acp?');
    await page.getByRole('button', { name: 'Use http://localhost:8080/acp' }).click();
    await expect(page.getByTestId('endpoint-url-input')).toHaveValue('http://localhost:8080/acp');
  });
});
