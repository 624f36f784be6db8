/** Screenshots of the main screens, for people to look at: test-results/screenshots/NAME.png. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from './acp-desk-web';

export const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), ...options });
}
