/**
 * `session/prompt` for the demo agent: one turn at a time per session, cancellable by
 * `session/cancel`, `$/cancel_request`, `session/close` or the connection going away, and
 * always answered with a proper stop reason (`cancelled` is a result, not an error).
 */
import {
  RequestError,
  type AgentRequestContext,
  type ClientCapabilities,
  type ContentBlock,
  type PromptRequest,
  type PromptResponse,
  type StopReason,
} from '@agentclientprotocol/sdk/unstable';
import { parseSlashCommand, runSlashCommand } from './commands';
import { runDefaultScenario } from './scenario-default';
import type { SessionStore } from './session-store';
import { promptText, titleFromPrompt } from './text';
import { Turn, TurnCancelled } from './turn';

/** What a prompt turn needs from the server instance. */
export interface TurnDeps {
  readonly store: SessionStore;
  readonly streamDelayMs: number;
}

const CONTEXT_WINDOW = 200_000;

/** Handles `session/prompt`. */
export async function handlePrompt(
  deps: TurnDeps,
  ctx: AgentRequestContext<PromptRequest>,
  clientCapabilities: ClientCapabilities = {},
): Promise<PromptResponse> {
  const session = deps.store.require(ctx.params.sessionId);
  if (session.turn) {
    throw RequestError.invalidRequest({ sessionId: session.id }, 'a turn is already running on this session');
  }
  const controller = new AbortController();
  const onRequestAbort = (): void => controller.abort();
  ctx.signal.addEventListener('abort', onRequestAbort, { once: true });
  session.turn = { controller };
  const turn = new Turn(session, deps.store, ctx.client, controller.signal, deps.streamDelayMs, clientCapabilities);
  try {
    return { stopReason: await playTurn(turn, ctx.params.prompt) };
  } finally {
    ctx.signal.removeEventListener('abort', onRequestAbort);
    if (session.turn?.controller === controller) session.turn = null;
    deps.store.touch(session);
  }
}

/** Handles `session/cancel`: unknown or idle sessions are ignored, as the spec allows. */
export function cancelTurn(store: SessionStore, sessionId: string): void {
  store.get(sessionId)?.turn?.controller.abort();
}

async function playTurn(turn: Turn, prompt: readonly ContentBlock[]): Promise<StopReason> {
  turn.session.turnCount++;
  recordUserPrompt(turn, prompt);
  try {
    if (await runScript(turn, prompt)) await wrapUp(turn, prompt);
    return 'end_turn';
  } catch (error) {
    if (!(error instanceof TurnCancelled) && !turn.cancelled) throw error;
    await turn.failOpenTools();
    return 'cancelled';
  }
}

/** The user's prompt becomes `user_message_chunk`s in the history (replayed by load only). */
function recordUserPrompt(turn: Turn, prompt: readonly ContentBlock[]): void {
  const messageId = turn.nextId('user');
  for (const content of prompt) turn.record({ sessionUpdate: 'user_message_chunk', messageId, content });
}

/** Runs a slash command or the default scenario; resolves whether to wrap up. */
async function runScript(turn: Turn, prompt: readonly ContentBlock[]): Promise<boolean> {
  const command = parseSlashCommand(promptText(prompt));
  if (command) return (await runSlashCommand(turn, command)).wrapUp;
  await runDefaultScenario(turn, prompt);
  return true;
}

/** Fake usage numbers, and the session title after the first turn. */
async function wrapUp(turn: Turn, prompt: readonly ContentBlock[]): Promise<void> {
  const { session } = turn;
  const text = promptText(prompt);
  session.usedTokens = Math.min(CONTEXT_WINDOW, session.usedTokens + 1_200 + 4 * text.length);
  const cost = { amount: Math.round(session.usedTokens * 0.3) / 100_000, currency: 'USD' };
  await turn.emit({ sessionUpdate: 'usage_update', used: session.usedTokens, size: CONTEXT_WINDOW, cost });
  if (session.turnCount === 1 && session.title === null) {
    session.title = titleFromPrompt(text);
    await turn.emit({
      sessionUpdate: 'session_info_update',
      title: session.title,
      updatedAt: new Date().toISOString(),
    });
  }
}
