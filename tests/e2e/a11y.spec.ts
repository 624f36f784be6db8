/**
 * Accessibility, end to end in real Chromium through browser mode against the built-in demo
 * agent: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds zero violations on every main screen
 * in the light and the dark theme and in forced-colors (high-contrast) mode; tabbing through the screens lands only on elements with a
 * visible focus indicator; with `prefers-reduced-motion: reduce` nothing animates or scrolls smoothly.
 *
 * No rule is disabled: every element on these screens is ours.
 */
import type { Page } from '@playwright/test';
import { axeViolations, expectNoAxeViolations, useTheme } from './support/axe';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';

/** The colour themes focus is checked in. */
const THEMES = ['light', 'dark'] as const;

/**
 * Audits the page as it is now in both themes and in the OS high-contrast mode (`forced-colors`,
 * where the browser swaps our colours for system ones); `screen` names it in the failure message.
 */
function auditBothThemes(page: Page, screen: string): Promise<void> {
  return expectNoAxeViolations(page, screen, { themes: ['light', 'dark', 'forced-colors, dark'] });
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

test.describe('accessibility: browser mode', () => {
  // An axe audit of a full chat page is CPU-bound: about a second on an idle 2-core machine,
  // up to 15 s when its cores are shared many times over. Nothing here waits on a race, so the
  // budget is sized for the audits rather than the default 60 s.
  test.describe.configure({ timeout: 150_000 });

  test('start screen', async ({ page, shell }) => {
    await expect(shell.endpoint(DEMO)).toBeVisible();
    await auditBothThemes(page, 'the start screen');
  });

  test('endpoint page with a probe result', async ({ page, endpoint }) => {
    await endpoint.open(DEMO);
    await endpoint.testConnectionButton.click();
    await expect(endpoint.probeResult).toBeVisible({ timeout: 20_000 });
    await auditBothThemes(page, 'the endpoint page');
  });

  test('endpoint editor, with a field error', async ({ page, editor }) => {
    await editor.fillNew('Another agent', 'ftp://nope');
    await expect(editor.urlError).toBeVisible();
    await auditBothThemes(page, 'the endpoint editor');
  });

  // One screen per test: three full axe audits (two themes and forced colors) of one screen
  // fit the test's budget even on a loaded 2-core machine; six did not always.
  test('chat: a pending permission prompt', async ({ page, shell, chat }) => {
    await shell.startSession(DEMO);
    await chat.sendUntilPermission();
    await auditBothThemes(page, 'the chat with a permission prompt');
  });

  test('chat: a finished turn with thought, plan, tool call and diff', async ({ page, shell, chat }) => {
    await shell.startSession(DEMO);
    await chat.runApprovedDemoTurn();
    await expect(page.getByTestId('diff-view').first()).toBeVisible();
    await expect(page.getByTestId('entry-thought').first()).toBeVisible();
    await expect(page.getByTestId('plan-panel')).toBeVisible();
    await auditBothThemes(page, 'the chat after a finished turn');
  });

  test('chat: a form elicitation, with a field error', async ({ page, shell, chat }) => {
    await shell.startSession(DEMO);
    await chat.send('/ask');
    const card = page.locator('[data-testid="elicitation"][data-mode="form"]');
    await expect(card).toBeVisible({ timeout: 20_000 });
    await card.getByTestId('elicitation-accept').click();
    await expect(card.getByTestId('elicitation-field-error').first()).toBeVisible();
    await auditBothThemes(page, 'the chat with a form elicitation');
  });

  test('history with search results', async ({ page, shell, chat, history }) => {
    // Its own finished turn, so the search has something to find whichever tests ran before.
    await shell.startSession(DEMO);
    await chat.runApprovedDemoTurn();
    await history.open();
    await history.searchFor('greeting');
    await auditBothThemes(page, 'the history with search results');
  });

  test('command palette, open', async ({ page, palette }) => {
    await palette.open();
    await auditBothThemes(page, 'the command palette');
  });

  test('command palette, filtered', async ({ page, palette }) => {
    await palette.open();
    await palette.input.fill('e');
    await expect(palette.items.first()).toBeVisible();
    await auditBothThemes(page, 'the filtered command palette');
  });

  test('tabbing through the chat lands only on elements with a visible focus indicator', async ({
    page,
    shell,
    chat,
  }) => {
    await shell.startSession(DEMO);
    await chat.runApprovedDemoTurn();
    await expectVisibleFocusWhileTabbing(page, 'the chat', ['composer-input', 'mode-picker', 'export-menu']);
  });

  test('tabbing through the doctor report and the traffic inspector shows focus everywhere', async ({
    page,
    shell,
    endpoint,
    traffic,
  }) => {
    await endpoint.open(DEMO);
    await endpoint.diagnoseButton.click();
    await expect(endpoint.report).toBeVisible({ timeout: 60_000 });
    await expectVisibleFocusWhileTabbing(page, 'the doctor report', ['diagnose-run']);
    await shell.startSession(DEMO);
    await traffic.open(DEMO);
    await expectVisibleFocusWhileTabbing(page, 'the traffic inspector', ['traffic-query', 'traffic-target']);
  });

  test('tabbing through the start screen, endpoint editor, history and palette shows focus everywhere', async ({
    page,
    editor,
    history,
    palette,
  }) => {
    await expectVisibleFocusWhileTabbing(page, 'the start screen', ['add-endpoint', 'history-link']);
    await editor.openNew();
    await expectVisibleFocusWhileTabbing(page, 'the endpoint editor', ['endpoint-name-input', 'endpoint-save']);
    await history.open();
    await expectVisibleFocusWhileTabbing(page, 'the history', ['history-search']);
    await page.keyboard.press('Control+K');
    await expect(palette.input).toBeFocused();
    await expectFocusVisible(page, 'the command palette input');
  });

  test('forced-colors: focus and the selected palette item use the system Highlight colour', async ({
    page,
    palette,
  }) => {
    await useTheme(page, 'forced-colors');
    expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    await page.keyboard.press('Control+K');
    await expect(palette.input).toBeFocused();
    await expect(palette.selectedItem.first()).toBeVisible();
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
    expect(await axeViolations(page), 'axe violations on the palette in forced-colors mode').toEqual([]);
  });

  test('with prefers-reduced-motion: reduce nothing animates during or after a turn', async ({
    page,
    shell,
    chat,
    palette,
  }) => {
    await shell.startSession(DEMO);
    await chat.sendUntilPermission();
    // The control: a turn waiting for permission animates its status when motion is allowed.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect((await runningAnimations(page)).length, 'animations with motion allowed').toBeGreaterThan(0);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    expect(await runningAnimations(page), 'animations while a turn waits for permission').toEqual([]);
    await chat.answerAndFinish('allow_once');
    expect(await runningAnimations(page), 'animations after the turn').toEqual([]);
    await palette.open();
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
