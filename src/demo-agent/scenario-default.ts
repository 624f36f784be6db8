/**
 * The default demo turn, run for any plain prompt. It walks through every kind of update a
 * client has to render: thought chunks, a plan that progresses, a `read` tool call, an
 * `edit` with a diff behind a permission request, an `execute` with ANSI-coloured output,
 * and a streamed Markdown answer. Wrap-up (usage, title) is added by the caller.
 */
import { join } from 'node:path';
import type { ContentBlock, ToolCallContent, ToolCallLocation } from '@agentclientprotocol/sdk';
import {
  DEMO_FILE,
  DEMO_FILE_NEW,
  DEMO_FILE_OLD,
  TEST_OUTPUT_FULL,
  TEST_OUTPUT_START,
  THOUGHTS,
  defaultAnswer,
} from './fixtures';
import { decideEdit } from './permission';
import { PlanTracker } from './plan';
import { describeAttachments, promptText } from './text';
import { TurnCancelled, type Turn } from './turn';

const PLAN = [
  { content: `Read ${DEMO_FILE}`, priority: 'high' },
  { content: 'Make greet() handle empty names', priority: 'medium' },
  { content: 'Run the test suite', priority: 'low' },
] as const;

/** Runs the scripted turn; throws `TurnCancelled` when cancelled. */
export async function runDefaultScenario(turn: Turn, prompt: readonly ContentBlock[]): Promise<void> {
  await turn.streamChunks('agent_thought_chunk', THOUGHTS, true);
  const plan = new PlanTracker(turn, PLAN);
  await plan.set(0, 'in_progress');
  await readStep(turn);
  await plan.advance(0);
  const applied = await editStep(turn);
  await plan.advance(1);
  await executeStep(turn);
  await plan.advance(2);
  const answer = defaultAnswer(promptText(prompt), applied, describeAttachments(prompt));
  await turn.stream('agent_message_chunk', answer);
}

function demoPath(turn: Turn): string {
  return join(turn.session.cwd, DEMO_FILE);
}

function text(t: string): ToolCallContent {
  return { type: 'content', content: { type: 'text', text: t } };
}

async function readStep(turn: Turn): Promise<void> {
  const toolCallId = turn.nextId('tool');
  const path = demoPath(turn);
  const locations: ToolCallLocation[] = [{ path, line: 1 }];
  await turn.startTool({
    toolCallId,
    title: `Read ${DEMO_FILE}`,
    kind: 'read',
    status: 'pending',
    locations,
    rawInput: { path },
  });
  await turn.pause();
  await turn.updateTool({ toolCallId, status: 'in_progress' });
  await turn.pause();
  await turn.updateTool({ toolCallId, status: 'completed', content: [text(DEMO_FILE_OLD)], rawOutput: { lines: 3 } });
}

/** Returns whether the edit was applied. */
async function editStep(turn: Turn): Promise<boolean> {
  const toolCallId = turn.nextId('tool');
  const path = demoPath(turn);
  const title = `Edit ${DEMO_FILE}`;
  const diff: ToolCallContent = { type: 'diff', path, oldText: DEMO_FILE_OLD, newText: DEMO_FILE_NEW };
  const locations: ToolCallLocation[] = [{ path, line: 1 }];
  await turn.startTool({
    toolCallId,
    title,
    kind: 'edit',
    status: 'pending',
    content: [diff],
    locations,
    rawInput: { path },
  });
  await turn.pause();
  const decision = await decideEdit(turn, {
    toolCallId,
    title,
    kind: 'edit',
    status: 'pending',
    content: [diff],
    locations,
  });
  if (decision === 'cancelled') throw new TurnCancelled();
  if (decision === 'reject') {
    const why = `Edit rejected: ${DEMO_FILE} was not changed.`;
    await turn.updateTool({ toolCallId, status: 'failed', content: [text(why)] });
    return false;
  }
  await turn.updateTool({ toolCallId, status: 'in_progress' });
  await turn.pause();
  await turn.updateTool({ toolCallId, status: 'completed', content: [diff] });
  return true;
}

async function executeStep(turn: Turn): Promise<void> {
  const toolCallId = turn.nextId('tool');
  const cwd = turn.session.cwd;
  const rawInput = { command: 'npm', args: ['test'], cwd };
  await turn.startTool({ toolCallId, title: 'npm test', kind: 'execute', status: 'pending', rawInput });
  await turn.pause();
  await turn.updateTool({ toolCallId, status: 'in_progress', content: [text(TEST_OUTPUT_START)] });
  await turn.pause(turn.delayMs * 4);
  await turn.updateTool({
    toolCallId,
    status: 'completed',
    content: [text(TEST_OUTPUT_FULL)],
    rawOutput: { exitCode: 0 },
  });
}
