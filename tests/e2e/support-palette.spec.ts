/**
 * Issue 10, bug-report support end to end in Chromium through browser mode and the real core:
 * the palette's "Open log folder" shows the real log folder (<data dir>/logs), copyable, since a
 * page cannot open folders; "Copy diagnostics" puts the core's report on the clipboard (the
 * demo endpoint by name and URL, the log file); "Check for updates" says it is for the desktop app.
 */
import path from 'node:path';
import { expect, test } from './support/fixtures';

test.describe('Help commands in browser mode', () => {
  test('log folder, diagnostics and updates from the palette', async ({ page, context, web, shell, palette }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await expect(shell.endpointList.getByTestId('endpoint-item').first()).toBeVisible();

    await palette.run('Open log folder');
    const notice = page.getByTestId('support-notice');
    await expect(notice).toContainText('a browser page cannot open folders');
    await expect(page.getByTestId('support-notice-path')).toHaveValue(path.join(web.dataDir, 'logs'));

    await palette.run('Copy diagnostics');
    await expect(notice).toContainText('Diagnostics copied');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('(browser mode)');
    expect(text).toMatch(/- Local demo agent: http:\/\/127\.0\.0\.1:\d+\/acp, transport/);
    expect(text).toContain(`Log file: ${path.join(web.dataDir, 'logs', 'acp-desk.log')}`);

    await palette.run('Check for updates');
    await expect(notice).toContainText('Updates are for the desktop app');
  });
});
