/**
 * Layout of the chat header and the "Jump to latest" pill in real Chromium with the renderer's
 * real stylesheets (issue 13). No app build is needed: the markup below mirrors what ChatHeader
 * (with a failed ConnectionBadge) and MessageList render (same classes and nesting), so the test
 * measures the CSS that ships.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';

const chromium = specChromium();
const STYLES = path.resolve(import.meta.dirname, '../../src/renderer/styles');
const css = ['tokens', 'base', 'controls', 'chat'].map((f) => readFileSync(path.join(STYLES, `${f}.css`), 'utf8'));

const HEADER = `
<header class="chat-header" data-testid="chat-header">
  <div class="chat-heading">
    <h2 class="chat-title">Question about the parser module</h2>
    <div class="chat-subtitle">
      <span class="chat-endpoint">QA agent</span>
      <span class="chat-cwd">…/work/demo</span>
      <span class="conn conn-danger" data-testid="connection-state">
        <span class="dot dot-danger"></span><span class="conn-label">Failed</span>
        <span class="conn-detail">The host name agents.staging.example.com could not be found from this machine; check the address</span>
      </span>
      <div class="error-details">
        <button type="button" class="link-button error-details-toggle" aria-expanded="false">Details</button>
        <dl class="error-details-body" hidden data-testid="error-details">
          <dt>Error</dt><dd class="mono">Could not reconnect after 8 attempts: fetch failed (getaddrinfo ENOTFOUND agents.staging.example.com) on the stream of session 0f3c1e4b-2a55-4c61-9d1e-1234567890ab</dd>
        </dl>
      </div>
    </div>
  </div>
  <div class="chat-tools">
    <label class="picker"><select><option>Mode: Ask before edits</option></select></label>
    <label class="picker"><select><option>Model: a rather long model name</option></select></label>
    <button class="icon-btn" type="button">Export</button>
  </div>
</header>`;

const rows = Array.from(
  { length: 30 },
  (_, i) => `<div class="row" style="position:static"><p>Message ${i + 1} of the conversation.</p></div>`,
).join('');
const LIST = `
<div class="message-list-wrap" data-jump="">
  <div class="message-list" data-testid="message-list">
    <div class="message-list-inner">${rows}
      <div class="row" style="position:static">
        <div class="marker marker-warn" data-testid="marker"><span class="marker-text">Connection lost</span><time class="marker-time">10:06</time></div>
      </div>
    </div>
  </div>
  <button type="button" class="jump-latest" data-testid="jump-latest">Jump to latest</button>
</div>`;

async function show(page: Page, width: number, body: string): Promise<void> {
  await page.setViewportSize({ width, height: 500 });
  await page.setContent(
    `<!doctype html><html data-theme="light"><head><style>${css.join('\n')}</style></head>
     <body><section class="chat-view" style="height:460px">${body}</section></body></html>`,
  );
}

/** Whether an element shows all of its text (nothing cut off by an ellipsis). */
const whole = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => el.scrollWidth <= el.clientWidth + 1);

test.skip(!chromium, 'needs Chromium (CHROMIUM_PATH or /usr/bin/chromium)');

for (const width of [640, 900]) {
  test(`a connection error in the header truncates itself, not the title or the endpoint (${width}px)`, async ({
    page,
  }) => {
    await show(page, width, HEADER);
    const header = await page.getByTestId('chat-header').boundingBox();
    const title = await page.locator('.chat-title').boundingBox();
    expect(title!.width).toBeGreaterThanOrEqual(header!.width * 0.35);
    expect(await whole(page, '.chat-endpoint')).toBe(true);
    expect(await whole(page, '.chat-cwd')).toBe(true);
    expect(await whole(page, '.conn-label')).toBe(true);
    expect(await whole(page, '.conn-detail')).toBe(false); // the long reason gives way
    expect(await whole(page, '.error-details-toggle')).toBe(true);
  });

  test(`the header's opened Details take a line of their own; the title keeps its width (${width}px)`, async ({
    page,
  }) => {
    await show(page, width, HEADER);
    const before = (await page.locator('.chat-title').boundingBox())!;
    await page.locator('.error-details-body').evaluate((el) => el.removeAttribute('hidden'));
    const after = (await page.locator('.chat-title').boundingBox())!;
    expect(after.width).toBe(before.width);
    const subtitle = (await page.locator('.chat-subtitle').boundingBox())!;
    const body = (await page.getByTestId('error-details').boundingBox())!;
    const badge = (await page.getByTestId('connection-state').boundingBox())!;
    expect(body.y).toBeGreaterThanOrEqual(badge.y + badge.height - 1); // under the badge, not beside it
    expect(body.width).toBeGreaterThanOrEqual(subtitle.width * 0.9);
  });
}

test('"Jump to latest" has its own strip: it covers no row, the last marker included', async ({ page }) => {
  await show(page, 900, LIST);
  await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const pill = (await page.getByTestId('jump-latest').boundingBox())!;
  const list = (await page.getByTestId('message-list').boundingBox())!;
  const marker = (await page.getByTestId('marker').boundingBox())!;
  expect(pill.y).toBeGreaterThanOrEqual(list.y + list.height); // below the scroller, not over it
  expect(marker.y + marker.height).toBeLessThanOrEqual(list.y + list.height);
});
