/**
 * Errors that read like sentences (issue 13), end to end in real Chromium through browser mode
 * and the real core: an endpoint where nothing listens and one that is a web page, each tested
 * from the editor. One error each, its class's sentence and next step, the raw text behind
 * "Details", and no axe violation on the error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectNoAxeViolations } from './support/axe';
import { expect, test as base } from './support/fixtures';
import type { EndpointEditor } from './support/pages/endpoint-editor';

/** A web server that is not an ACP endpoint: every path answers with the same HTML page. */
const test = base.extend<{ siteUrl: string }>({
  // eslint-disable-next-line no-empty-pattern
  siteUrl: async ({}, use) => {
    const site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    await use(`http://127.0.0.1:${(site.address() as AddressInfo).port}`);
    await new Promise((r) => site.close(r));
  },
});

/** Fills in a new endpoint, runs Test connection and expects one error. */
async function testInEditor(editor: EndpointEditor, name: string, url: string) {
  await editor.fillNew(name, url);
  await editor.testConnectionButton.click();
  await expect(editor.probeError).toBeVisible({ timeout: 30_000 });
  await expect(editor.probeError).toHaveCount(1);
  return editor.probeError;
}

test.describe('errors: browser mode', () => {
  test('nothing listening: one sentence, its next step, the errno text behind Details', async ({ page, editor }) => {
    const error = await testInEditor(editor, 'Closed port', 'http://127.0.0.1:9/acp');
    await expect(error.locator('.error-message')).toHaveText('Nothing is listening at 127.0.0.1:9.');
    await expect(error.locator('.error-next')).toHaveText('Start the agent, or check the address.');
    const details = error.getByTestId('error-details');
    await expect(details).toBeHidden();
    const toggle = error.getByRole('button', { name: 'Details' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(details).toContainText('ECONNREFUSED');

    await expectNoAxeViolations(page, 'the error', { include: ['[data-testid="probe-error"]'] });
  });

  test('a web page: not an ACP endpoint, check the path; the page text only in Details', async ({
    editor,
    siteUrl,
  }) => {
    const error = await testInEditor(editor, 'Web page', `${siteUrl}/`);
    await expect(error.locator('.error-message')).toHaveText('The server answered but it is not an ACP endpoint.');
    await expect(error.locator('.error-next')).toContainText('Check the path (…/acp)');
    await expect(error.locator('.error-next')).not.toContainText('running');
    await error.getByRole('button', { name: 'Details' }).click();
    await expect(error.getByTestId('error-details')).toContainText('Welcome to nginx!');
    await expect(error.getByTestId('error-details')).not.toContainText('<h1>');
  });

  test('a URL typed without a scheme is offered http:// with one click', async ({ page, editor }) => {
    await editor.openNew();
    await editor.urlInput.fill('localhost:8080/acp');
    await editor.urlInput.blur();
    await expect(editor.urlError).toHaveText('Did you mean http://localhost:8080/acp?');
    await page.getByRole('button', { name: 'Use http://localhost:8080/acp' }).click();
    await expect(editor.urlInput).toHaveValue('http://localhost:8080/acp');
  });
});
