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
import { DEMO_AGENT_LINE, REPLAY_LINE, runCli, startCli, type RunningCli } from './support/cli-process';
import { expect, fileScoped, test as base } from './support/fixtures';
import { DEMO_PROMPT } from './support/pages/chat-page';

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

interface Replay {
  readonly server: RunningCli;
  /** The answer the recording holds. */
  readonly answer: string;
  readonly dir: string;
}

/** Records the demo's default turn with `acp-desk chat --traffic`, then serves it with `acp-desk replay`. */
async function recordAndReplay(): Promise<Replay> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-replay-e2e-'));
  try {
    const file = path.join(dir, 'demo-turn.jsonl');
    const demo = await startCli(['demo-agent', '--port', '0'], DEMO_AGENT_LINE);
    try {
      await runCli(['chat', demo.url, '--prompt', DEMO_PROMPT, '--permission', 'allow', '--traffic', file]);
    } finally {
      await demo.stop();
    }
    const answer = await recordedAnswer(file);
    const server = await startCli(['replay', file, '--port', '0', '--speed', '0'], REPLAY_LINE);
    return { server, answer, dir };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

const test = base.extend<{ replay: Replay }>({
  replay: fileScoped(
    recordAndReplay,
    async ({ server, dir }) => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
    180_000,
  ),
  webArgs: async ({ replay }, use) => use(['--endpoint', `${NAME}=${replay.server.url}`]),
});

test.describe('acp-desk replay: the chat holds the recorded conversation with a replayed agent', () => {
  test('the same prompt gets the recorded permission request, answer and end of turn', async ({
    replay,
    shell,
    chat,
  }) => {
    test.setTimeout(90_000);
    expect(replay.answer).toContain('nothing on your disk was touched');
    await shell.startSession(NAME);
    await chat.runApprovedDemoTurn();

    await expect(chat.userEntries).toHaveCount(1);
    await expect(chat.userEntries).toContainText(DEMO_PROMPT);
    const reply = chat.agentEntries.last();
    await expect(reply).toContainText('You asked:');
    await expect(reply).toContainText(DEMO_PROMPT);
    await expect(reply).toContainText('This is the scripted demo agent: nothing on your disk was touched.');
    await expect(reply.locator('table')).toContainText('3 passed');
    await expect(chat.turnEnds()).toHaveCount(1);
  });
});
