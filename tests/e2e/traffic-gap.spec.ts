/**
 * A forced stream drop on the lane timeline, end to end in real Chromium through browser mode:
 * the fault proxy sits between `acp-desk web` and an agent (the SDK's AcpServer) and resets the
 * session's first SSE stream after a few events of a streaming turn. The transport re-opens
 * the stream; the inspector's timeline shades the gap on that session's lane with its
 * reconnect attempt marked, and the chat marks the gap in place.
 */
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startTestAgent, type TestAgent } from '../support/test-agent';
import { expect, fileScoped, test as base } from './support/fixtures';

const NAME = 'Flaky agent';

const test = base.extend<{ faults: { agent: TestAgent; proxy: FaultProxy } }>({
  faults: fileScoped(
    async () => {
      const agent = await startTestAgent();
      try {
        return { agent, proxy: await startFaultProxy(agent.url) };
      } catch (e) {
        await agent.close();
        throw e;
      }
    },
    async ({ agent, proxy }) => {
      await proxy.close();
      await agent.close();
    },
  ),
  webArgs: async ({ faults }, use) => use(['--endpoint', `${NAME}=${faults.proxy.url}`]),
});

test.describe('traffic timeline: a session stream cut mid-turn through the fault proxy', () => {
  test('the timeline shades the gap on the session lane with its reconnect; the chat marks it', async ({
    page,
    faults: { proxy },
    shell,
    chat,
    traffic,
  }) => {
    test.setTimeout(90_000);
    // The session's first stream is reset after 4 events (mid-turn); every later one is forwarded.
    let cut = false;
    proxy.hook = (r) => {
      if (!r.sse || !r.lane.startsWith('session:') || cut) return undefined;
      cut = true;
      return { forward: true, sse: { afterEvents: 4, then: 'reset' } };
    };
    await shell.startSession(NAME);
    await chat.send('slow 30');

    // The stream was cut and re-opened: a second GET on the session's lane.
    await expect
      .poll(() => proxy.gets().filter((g) => g.lane.startsWith('session:')).length, {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(2);
    // The chat marks the gap where it happened.
    await expect(page.locator('[data-testid="marker"][data-marker="gap"]').first()).toBeVisible({ timeout: 20_000 });

    await traffic.open(NAME);
    await expect(traffic.timelineSummary).toContainText(/· [1-9]\d* gaps? ·/, { timeout: 20_000 });
    await expect(traffic.timelineSummary).toContainText(/· [1-9]\d* reconnects? ·/);
    const lane = traffic.lane('session');
    const gap = lane.locator('rect[data-kind="gap"]');
    await expect(gap).toHaveCount(1);
    await expect(gap.locator('title')).toHaveText(/^gap: down for \d+ ms$/);
    await expect(lane.locator('line.tl-mark-reconnect').first().locator('title')).toHaveText(
      /^reconnect attempt 1 in \d+ ms/,
    );
    // And the table has the records behind it.
    await traffic.query.fill('kind:gap OR kind:reconnect-scheduled');
    await expect(traffic.count).toContainText('matching kind:gap OR kind:reconnect-scheduled');
    await expect(traffic.rows.first()).toBeVisible();
  });
});
