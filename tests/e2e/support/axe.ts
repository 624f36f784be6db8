/**
 * axe-core audits and the colour themes they run in, for every spec that checks a screen for
 * WCAG 2.0/2.1 A and AA and WCAG 2.2 AA violations (issue 16). No rule is disabled.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The media a screen is checked in: the OS colour scheme (the app follows it, its theme
 * preference being "system"), and the OS high-contrast mode (`forced-colors`, where the browser
 * swaps our colours for system ones) over a light or a dark scheme.
 */
export const THEMES = {
  light: { colorScheme: 'light', forcedColors: 'none' },
  dark: { colorScheme: 'dark', forcedColors: 'none' },
  'forced-colors': { colorScheme: 'light', forcedColors: 'active' },
  'forced-colors, dark': { colorScheme: 'dark', forcedColors: 'active' },
} as const;
export type Theme = keyof typeof THEMES;

/**
 * Emulates `theme` and waits until the page's media queries say so and its colour transitions
 * have ended: buttons ease their background over 120 ms while their text switches at once, so
 * an audit inside those 120 ms sees dark text on a still-light button (a contrast failure that
 * is only a frame of the switch, seen once on a busy machine).
 */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  const media = THEMES[theme];
  await page.emulateMedia(media);
  await expect
    .poll(() =>
      page.evaluate(() => ({
        dark: matchMedia('(prefers-color-scheme: dark)').matches,
        forced: matchMedia('(forced-colors: active)').matches,
      })),
    )
    .toEqual({ dark: media.colorScheme === 'dark', forced: media.forcedColors === 'active' });
  await expect
    .poll(() =>
      page.evaluate(
        () => document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running').length,
      ),
    )
    .toBe(0);
}

/** One line per violating node, so a failure names the rule, the element and axe's summary. */
export async function axeViolations(page: Page, include: readonly string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of include) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
  );
}

export interface AuditOptions {
  /** Only these parts of the page (CSS selectors); the whole page without. */
  readonly include?: readonly string[];
  /** Audits once in each, in this order; without, once in the media the page has now. */
  readonly themes?: readonly Theme[];
}

/** Expects no axe violation on `where` (named in the failure message). */
export async function expectNoAxeViolations(page: Page, where: string, options: AuditOptions = {}): Promise<void> {
  if (!options.themes) {
    expect(await axeViolations(page, options.include), `axe violations on ${where}`).toEqual([]);
    return;
  }
  for (const theme of options.themes) {
    await useTheme(page, theme);
    expect(await axeViolations(page, options.include), `axe violations on ${where} (${theme})`).toEqual([]);
  }
}
