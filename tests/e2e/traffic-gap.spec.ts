/**
 * A forced stream drop on the lane timeline, end to end in real Chromium through browser mode:
 * the fault proxy sits between `acp-desk web` and an agent (the SDK's AcpServer) and resets the
 * session's first SSE stream after a few events of a streaming turn. The transport re-opens
 * the stream; the inspector's timeline shades the gap on that session's lane with its
 * reconnect attempt marked, and the chat marks the gap in place.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startTestAgent, type TestAgent } from '../support/test-agent';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const NAME = 'Flaky agent';

test.describe('traffic timeline: a session stream cut mid-turn through the fault proxy', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb | undefined;
  let agent: TestAgent | undefined;
  let proxy: FaultProxy | undefined;
  let dataDir = '';

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-gap-e2e-'));
    agent = await startTestAgent();
    proxy = await startFaultProxy(agent.url);
    web = await startAcpDeskWeb({
      dataDir,
      timeoutMs: 60_000,
      extraArgs: ['--endpoint', `${NAME}=${proxy.url}`],
    });
  });

  test.afterAll(async () => {
    await web?.stop();
    await proxy?.close();
    await agent?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('the timeline shades the gap on the session lane with its reconnect; the chat marks it', async ({ page }) => {
    test.setTimeout(90_000);
    // The session's first stream is reset after 4 events (mid-turn); every later one is forwarded.
    let cut = false;
    proxy!.hook = (r) => {
      if (!r.sse || !r.lane.startsWith('session:') || cut) return undefined;
      cut = true;
      return { forward: true, sse: { afterEvents: 4, then: 'reset' } };
    };
    await page.goto(web!.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${NAME}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await page.getByTestId('composer-input').fill('slow 30');
    await page.getByTestId('composer-input').press('Enter');

    // The stream was cut and re-opened: a second GET on the session's lane.
    await expect
      .poll(() => proxy!.gets().filter((g) => g.lane.startsWith('session:')).length, {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(2);
    // The chat marks the gap where it happened.
    await expect(page.locator('[data-testid="marker"][data-marker="gap"]').first()).toBeVisible({ timeout: 20_000 });

    await page.getByTestId('traffic-open').click();
    await page.getByTestId('traffic-target').selectOption({ label: NAME });
    const summary = page.getByTestId('timeline-summary');
    await expect(summary).toContainText(/· [1-9]\d* gaps? ·/, { timeout: 20_000 });
    await expect(summary).toContainText(/· [1-9]\d* reconnects? ·/);
    const lane = page.locator('[data-testid="timeline-lane"][data-lane^="session"]').first();
    const gap = lane.locator('rect[data-kind="gap"]');
    await expect(gap).toHaveCount(1);
    await expect(gap.locator('title')).toHaveText(/^gap: down for \d+ ms$/);
    await expect(lane.locator('line.tl-mark-reconnect').first().locator('title')).toHaveText(
      /^reconnect attempt 1 in \d+ ms/,
    );
    // And the table has the records behind it.
    await page.getByTestId('traffic-query').fill('kind:gap OR kind:reconnect-scheduled');
    await expect(page.getByTestId('traffic-count')).toContainText('matching kind:gap OR kind:reconnect-scheduled');
    await expect(page.getByTestId('traffic-inspector').getByTestId('traffic-row').first()).toBeVisible();
  });
});
