/**
 * Accessibility, end to end in real Chromium through browser mode against the built-in demo
 * agent: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds zero violations on every main screen
 * in the light and the dark theme; tabbing through the chat lands only on elements with a visible
 * focus indicator; with `prefers-reduced-motion: reduce` nothing animates.
 *
 * No rule is disabled: every element on these screens is ours.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { findChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = findChromium();
if (!chromium && process.env.E2E_REQUIRED === '1') {
  throw new Error('E2E_REQUIRED=1 but no Chromium was found (set CHROMIUM_PATH or install /usr/bin/chromium)');
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const DEMO = 'Local demo agent';
/** The demo agent's default turn: a thought, a plan, an edit that asks for permission, a diff. */
const PROMPT = 'Explain the greeting module';

/** One line per violating node, so a failure names the rule, the element and axe's summary. */
function describeViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
  );
}

/** Switches the OS colour scheme (the app follows it: the theme preference is "system"). */
async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect
    .poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))
    .toBe(theme === 'dark');
}

/** Audits the page as it is now in both themes; `screen` names it in the failure message. */
async function auditBothThemes(page: Page, screen: string): Promise<void> {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(describeViolations(results), `axe violations on ${screen} (${theme} theme)`).toEqual([]);
  }
}

async function startSession(page: Page): Promise<void> {
  await page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`).click();
  await expect(page.getByTestId('chat-view')).toBeVisible();
}

/** Sends the default prompt and stops at its permission prompt. */
async function sendPromptUntilPermission(page: Page): Promise<void> {
  await page.getByTestId('composer-input').fill(PROMPT);
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('permission-prompt')).toBeVisible({ timeout: 20_000 });
}

/** Approves the pending permission and waits until the turn has ended. */
async function approveAndFinish(page: Page): Promise<void> {
  const ends = page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]');
  const before = await ends.count();
  await page
    .getByTestId('permission-prompt')
    .locator('[data-testid="permission-option"][data-kind="allow_once"]')
    .click();
  await expect(ends).toHaveCount(before + 1, { timeout: 20_000 });
}

test.describe('accessibility: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-a11y-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('start screen', async ({ page }) => {
    await page.goto(web.url);
    await expect(page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${DEMO}"]`)).toBeVisible();
    await auditBothThemes(page, 'the start screen');
  });

  test('endpoint page with a probe result', async ({ page }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${DEMO}"]`).click();
    await expect(page.getByTestId('endpoint-details')).toBeVisible();
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('probe-result')).toBeVisible({ timeout: 20_000 });
    await auditBothThemes(page, 'the endpoint page');
  });

  test('endpoint editor, with a field error', async ({ page }) => {
    await page.goto(web.url);
    await page.getByTestId('add-endpoint').click();
    await expect(page.getByTestId('endpoint-editor')).toBeVisible();
    await page.getByTestId('endpoint-name-input').fill('Another agent');
    await page.getByTestId('endpoint-url-input').fill('ftp://nope');
    await expect(page.getByTestId('endpoint-url-error')).toBeVisible();
    await auditBothThemes(page, 'the endpoint editor');
  });

  test('chat: a pending permission, then a finished turn with thought, plan, tool call and diff', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await auditBothThemes(page, 'the chat with a permission prompt');
    await approveAndFinish(page);
    await expect(page.getByTestId('diff-view').first()).toBeVisible();
    await expect(page.getByTestId('entry-thought').first()).toBeVisible();
    await expect(page.getByTestId('plan-panel')).toBeVisible();
    await auditBothThemes(page, 'the chat after a finished turn');
  });

  test('history with search results', async ({ page }) => {
    // Its own finished turn, so the search has something to find whichever tests ran before.
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await approveAndFinish(page);
    await page.getByTestId('history-link').click();
    await expect(page.getByTestId('history-view')).toBeVisible();
    await page.getByTestId('history-search').fill('greeting');
    await expect(page.getByTestId('search-hit').first()).toBeVisible({ timeout: 10_000 });
    await auditBothThemes(page, 'the history with search results');
  });

  test('command palette, open and filtered', async ({ page }) => {
    await page.goto(web.url);
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await auditBothThemes(page, 'the command palette');
    await page.getByTestId('palette-input').fill('e');
    await expect(page.getByTestId('palette-item').first()).toBeVisible();
    await auditBothThemes(page, 'the filtered command palette');
  });

  test('tabbing through the chat lands only on elements with a visible focus indicator', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await approveAndFinish(page);
    for (const theme of THEMES) {
      await useTheme(page, theme);
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      const seen: string[] = [];
      const missing: string[] = [];
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return undefined;
          const cs = getComputedStyle(el);
          const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
          const ring = cs.boxShadow !== 'none';
          const id =
            el.getAttribute('data-testid') ??
            el.getAttribute('aria-label') ??
            `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0] ?? ''}`;
          const key = `${id}#${Array.prototype.indexOf.call(document.querySelectorAll('*'), el)}`;
          return { key, id, visible: outline || ring };
        });
        if (!focused) continue;
        if (seen.includes(focused.key)) break;
        seen.push(focused.key);
        if (!focused.visible) missing.push(focused.id);
      }
      expect(seen.length, `Tab reached the chat's controls (${theme})`).toBeGreaterThan(10);
      expect(missing, `focused elements without a visible focus indicator (${theme} theme)`).toEqual([]);
    }
  });

  test('with prefers-reduced-motion: reduce nothing animates during or after a turn', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(web.url);
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    await startSession(page);
    await sendPromptUntilPermission(page);
    const running = () =>
      page.evaluate(() =>
        document.getAnimations().map((a) => {
          const target = (a.effect as KeyframeEffect | null)?.target;
          const name =
            a instanceof CSSAnimation ? a.animationName : a instanceof CSSTransition ? a.transitionProperty : a.id;
          return `${name} on ${target?.className ?? target?.tagName ?? '?'}`;
        }),
      );
    expect(await running(), 'animations while a turn waits for permission').toEqual([]);
    await approveAndFinish(page);
    expect(await running(), 'animations after the turn').toEqual([]);
    expect(
      await page.evaluate(() =>
        [document.documentElement, ...document.querySelectorAll('*')]
          .filter((el) => getComputedStyle(el).scrollBehavior === 'smooth')
          .map((el) => el.className),
      ),
      'elements with smooth scrolling',
    ).toEqual([]);
  });
});
