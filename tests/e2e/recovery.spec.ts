/**
 * The restart scenario of issue 8, end to end in real Chromium through browser mode: an idle
 * session on an agent (the SDK's AcpServer, sessions persisted), the agent's server stopped,
 * a message typed while it is down, the server back on the same port a second later. The
 * sidebar shows the outage and then "Connected", the message goes out once the session is
 * re-attached, and its turn completes; the chat marks the gap once, with no second copy of the
 * history.
 */
import { expect } from './support/fixtures';
import { RESTARTING_AGENT, test } from './support/restarting-agent';

test.describe('recovery: the agent restarts while a session is open', () => {
  test('a message typed during the outage waits, goes out after the restart, and its turn completes', async ({
    page,
    agent,
    shell,
    chat,
  }) => {
    test.setTimeout(60_000);
    await shell.startSession(RESTARTING_AGENT);
    await chat.send('chunks 2');
    await expect(chat.turnEnds()).toHaveCount(1, { timeout: 20_000 });
    const sessions = [...agent.store.keys()];

    await agent.stop();
    const item = shell.endpoint(RESTARTING_AGENT);
    // The outage is visible in the sidebar (streams re-opening, or the connection being rebuilt).
    await expect(item).toHaveAttribute('data-status', /reconnecting|recovering|offline/, { timeout: 15_000 });

    await chat.send('chunks 3');
    // Shown as waiting, not failed and not lost.
    await expect(chat.turnStatus).toHaveAttribute('data-waiting', '', { timeout: 15_000 });
    await page.waitForTimeout(1_000); // the server stays down for a second (the scenario, not a wait for the app)
    await agent.start();

    await expect(chat.turnEnds()).toHaveCount(2, { timeout: 45_000 });
    await expect(item).toHaveAttribute('data-status', 'connected', { timeout: 15_000 });
    await expect(chat.turnStatus).not.toHaveAttribute('data-waiting', '');
    // Both turns, once each: the agent's replay did not add another copy of the history.
    await expect(chat.userEntries).toHaveCount(2);
    await expect(chat.userEntries.last()).toContainText('chunks 3');
    await expect(chat.agentEntries.last()).toContainText('c0 c1 c2');
    // This test's session is the one the agent's store has had since before the outage.
    expect(sessions).toHaveLength(1);
    expect([...agent.store.keys()]).toEqual(sessions);
    const history = agent.store.get(sessions[0]!)!.history;
    expect(history.filter((u) => u.sessionUpdate === 'user_message_chunk')).toHaveLength(2);
  });
});
