/**
 * Accessibility, end to end in real Chromium through browser mode against the built-in demo
 * agent: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds zero violations on every main screen
 * in the light and the dark theme and in forced-colors (high-contrast) mode; tabbing through the screens lands only on elements with a
 * visible focus indicator; with `prefers-reduced-motion: reduce` nothing animates or scrolls smoothly.
 *
 * No rule is disabled: every element on these screens is ours.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

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

/**
 * Audits the page as it is now in both themes and in the OS high-contrast mode (`forced-colors`,
 * where the browser swaps our colours for system ones); `screen` names it in the failure message.
 */
async function auditBothThemes(page: Page, screen: string): Promise<void> {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(describeViolations(results), `axe violations on ${screen} (${theme} theme)`).toEqual([]);
  }
  await page.emulateMedia({ forcedColors: 'active' });
  await expect.poll(() => page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
  const forced = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(describeViolations(forced), `axe violations on ${screen} (forced-colors mode)`).toEqual([]);
  await page.emulateMedia({ forcedColors: 'none' });
}

/** Every animation and transition the document runs now, named by its target. */
function runningAnimations(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    document.getAnimations().map((a) => {
      const target = (a.effect as KeyframeEffect | null)?.target;
      const name =
        a instanceof CSSAnimation ? a.animationName : a instanceof CSSTransition ? a.transitionProperty : a.id;
      return `${name} on ${target?.className ?? target?.tagName ?? '?'}`;
    }),
  );
}

interface Focused {
  /** Unique per element, to notice when Tab has gone all the way round. */
  readonly key: string;
  readonly name: string;
  readonly visible: boolean;
}

/** What has focus now and whether it draws a focus indicator (an outline or a box-shadow ring). */
function focused(page: Page): Promise<Focused | undefined> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return undefined;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const ring = cs.boxShadow !== 'none';
    const name =
      el.getAttribute('data-testid') ??
      el.getAttribute('aria-label') ??
      `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0] ?? ''}`;
    const key = `${name}#${Array.prototype.indexOf.call(document.querySelectorAll('*'), el)}`;
    return { key, name, visible: outline || ring };
  });
}

async function expectFocusVisible(page: Page, what: string): Promise<void> {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    const now = await focused(page);
    expect(now?.visible, `${what} shows focus (${theme} theme)`).toBe(true);
  }
}

/**
 * Tabs from the top of the page until focus comes round again (or 150 stops), in both themes,
 * and expects every element on the way to show a focus indicator and `mustReach` (test ids) to
 * be among them.
 */
async function expectVisibleFocusWhileTabbing(page: Page, screen: string, mustReach: string[]): Promise<void> {
  for (const theme of THEMES) {
    await useTheme(page, theme);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const seen: Focused[] = [];
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now) continue;
      if (seen.some((f) => f.key === now.key)) break;
      seen.push(now);
    }
    const names = seen.map((f) => f.name);
    for (const id of mustReach) expect(names, `Tab reaches ${id} on ${screen} (${theme})`).toContain(id);
    expect(
      seen.filter((f) => !f.visible).map((f) => f.name),
      `focused elements without a visible focus indicator on ${screen} (${theme} theme)`,
    ).toEqual([]);
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
  // An axe audit of a full chat page is CPU-bound: about a second on an idle 2-core machine,
  // up to 15 s when its cores are shared many times over. Nothing here waits on a race, so the
  // budget is sized for the audits rather than the default 60 s.
  test.describe.configure({ timeout: 150_000 });

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

  // One screen per test: three full axe audits (two themes and forced colors) of one screen
  // fit the test's budget even on a loaded 2-core machine; six did not always.
  test('chat: a pending permission prompt', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await auditBothThemes(page, 'the chat with a permission prompt');
  });

  test('chat: a finished turn with thought, plan, tool call and diff', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await approveAndFinish(page);
    await expect(page.getByTestId('diff-view').first()).toBeVisible();
    await expect(page.getByTestId('entry-thought').first()).toBeVisible();
    await expect(page.getByTestId('plan-panel')).toBeVisible();
    await auditBothThemes(page, 'the chat after a finished turn');
  });

  test('chat: a form elicitation, with a field error', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await page.getByTestId('composer-input').fill('/ask');
    await page.getByTestId('composer-input').press('Enter');
    const card = page.locator('[data-testid="elicitation"][data-mode="form"]');
    await expect(card).toBeVisible({ timeout: 20_000 });
    await card.getByTestId('elicitation-accept').click();
    await expect(card.getByTestId('elicitation-field-error').first()).toBeVisible();
    await auditBothThemes(page, 'the chat with a form elicitation');
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

  test('command palette, open', async ({ page }) => {
    await page.goto(web.url);
    // The shortcut listener is attached once the app has rendered: wait for it, not for time.
    await expect(page.getByTestId('endpoint-list')).toBeVisible();
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await auditBothThemes(page, 'the command palette');
  });

  test('command palette, filtered', async ({ page }) => {
    await page.goto(web.url);
    await expect(page.getByTestId('endpoint-list')).toBeVisible();
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await page.getByTestId('palette-input').fill('e');
    await expect(page.getByTestId('palette-item').first()).toBeVisible();
    await auditBothThemes(page, 'the filtered command palette');
  });

  test('tabbing through the chat lands only on elements with a visible focus indicator', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    await approveAndFinish(page);
    await expectVisibleFocusWhileTabbing(page, 'the chat', ['composer-input', 'mode-picker', 'export-menu']);
  });

  test('tabbing through the doctor report and the traffic inspector shows focus everywhere', async ({ page }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${DEMO}"]`).click();
    await page.getByTestId('diagnose-run').click();
    await expect(page.getByRole('region', { name: 'Diagnosis report' })).toBeVisible({ timeout: 60_000 });
    await expectVisibleFocusWhileTabbing(page, 'the doctor report', ['diagnose-run']);
    await startSession(page);
    await page.getByTestId('traffic-open').click();
    await expect(page.getByTestId('traffic-inspector')).toBeVisible();
    await page.getByTestId('traffic-target').selectOption({ label: DEMO });
    await expectVisibleFocusWhileTabbing(page, 'the traffic inspector', ['traffic-query', 'traffic-target']);
  });

  test('tabbing through the start screen, endpoint editor, history and palette shows focus everywhere', async ({
    page,
  }) => {
    await page.goto(web.url);
    await expect(page.getByTestId('endpoint-list')).toBeVisible();
    await expectVisibleFocusWhileTabbing(page, 'the start screen', ['add-endpoint', 'history-link']);
    await page.getByTestId('add-endpoint').click();
    await expect(page.getByTestId('endpoint-editor')).toBeVisible();
    await expectVisibleFocusWhileTabbing(page, 'the endpoint editor', ['endpoint-name-input', 'endpoint-save']);
    await page.getByTestId('history-link').click();
    await expect(page.getByTestId('history-view')).toBeVisible();
    await expectVisibleFocusWhileTabbing(page, 'the history', ['history-search']);
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    await expectFocusVisible(page, 'the command palette input');
  });

  test('forced-colors: focus and the selected palette item use the system Highlight colour', async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(web.url);
    expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    await expect(page.getByTestId('endpoint-list')).toBeVisible();
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    await expect(page.locator('.palette-item[aria-selected="true"]').first()).toBeVisible();
    const colours = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.cssText = 'position:absolute;background:Highlight;color:HighlightText';
      document.body.append(probe);
      const system = getComputedStyle(probe);
      const input = getComputedStyle(document.activeElement as Element);
      const item = getComputedStyle(document.querySelector('.palette-item[aria-selected="true"]') as Element);
      const out = {
        highlight: system.backgroundColor,
        highlightText: system.color,
        outline: `${input.outlineStyle} ${input.outlineColor}`,
        itemBackground: item.backgroundColor,
        itemText: item.color,
      };
      probe.remove();
      return out;
    });
    expect(colours.outline).toBe(`solid ${colours.highlight}`);
    expect(colours.itemBackground).toBe(colours.highlight);
    expect(colours.itemText).toBe(colours.highlightText);
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(describeViolations(results), 'axe violations on the palette in forced-colors mode').toEqual([]);
  });

  test('with prefers-reduced-motion: reduce nothing animates during or after a turn', async ({ page }) => {
    await page.goto(web.url);
    await startSession(page);
    await sendPromptUntilPermission(page);
    // The control: a turn waiting for permission animates its status when motion is allowed.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect((await runningAnimations(page)).length, 'animations with motion allowed').toBeGreaterThan(0);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    expect(await runningAnimations(page), 'animations while a turn waits for permission').toEqual([]);
    await approveAndFinish(page);
    expect(await runningAnimations(page), 'animations after the turn').toEqual([]);
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    expect(await runningAnimations(page), 'animations as the palette opens').toEqual([]);
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
