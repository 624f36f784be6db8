/**
 * `acp-desk replay` end to end: a demo turn is recorded with `acp-desk chat … --traffic FILE`
 * against the demo agent (its own process), `acp-desk replay FILE` serves that recording as an
 * agent (its own process), and browser mode, given it as an endpoint, holds the same
 * conversation with it in real Chromium: the same prompt gets the recorded permission request,
 * and, approved, the recorded answer and the turn's end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';
import { DEMO_AGENT_LINE, REPLAY_LINE, runCli, startCli, type RunningCli } from './support/cli-process';
import { DEMO_PROMPT, runApprovedDemoTurn } from './support/demo-turn';

const chromium = specChromium();
const NAME = 'Replayed agent';

/** The agent's answer in a recording: its agent_message_chunk texts, joined. */
async function recordedAnswer(file: string): Promise<string> {
  let text = '';
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      message?: { params?: { update?: { sessionUpdate?: string; content?: { text?: string } } } };
    };
    const u = r.message?.params?.update;
    if (u?.sessionUpdate === 'agent_message_chunk') text += u.content?.text ?? '';
  }
  return text;
}

test.describe('acp-desk replay: the chat holds the recorded conversation with a replayed agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb | undefined;
  let replay: RunningCli | undefined;
  let dataDir = '';
  let answer = '';

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-replay-e2e-'));
    const file = path.join(dataDir, 'demo-turn.jsonl');
    const demo = await startCli(['demo-agent', '--port', '0'], DEMO_AGENT_LINE);
    try {
      await runCli(['chat', demo.url, '--prompt', DEMO_PROMPT, '--permission', 'allow', '--traffic', file]);
    } finally {
      await demo.stop();
    }
    answer = await recordedAnswer(file);
    replay = await startCli(['replay', file, '--port', '0', '--speed', '0'], REPLAY_LINE);
    web = await startAcpDeskWeb({
      dataDir: path.join(dataDir, 'web'),
      timeoutMs: 60_000,
      extraArgs: ['--endpoint', `${NAME}=${replay.url}`],
    });
  });

  test.afterAll(async () => {
    await web?.stop();
    await replay?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('the same prompt gets the recorded permission request, answer and end of turn', async ({ page }) => {
    test.setTimeout(90_000);
    expect(answer).toContain('nothing on your disk was touched');
    await page.goto(web!.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${NAME}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await runApprovedDemoTurn(page);

    await expect(page.getByTestId('entry-user')).toHaveCount(1);
    await expect(page.getByTestId('entry-user')).toContainText(DEMO_PROMPT);
    const reply = page.getByTestId('entry-agent').last();
    await expect(reply).toContainText('You asked:');
    await expect(reply).toContainText(DEMO_PROMPT);
    await expect(reply).toContainText('This is the scripted demo agent: nothing on your disk was touched.');
    await expect(reply.locator('table')).toContainText('3 passed');
    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(1);
  });
});
