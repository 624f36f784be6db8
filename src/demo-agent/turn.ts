/**
 * One prompt turn of the demo agent: every scripted step goes through here, so that each
 * update is both recorded (for `session/load`) and sent, pacing stops the moment the turn
 * is cancelled, and tool calls still open at a cancel get a final `failed` update.
 */
import {
  methods,
  type AgentContext,
  type ClientCapabilities,
  type SessionUpdate,
  type ToolCall,
  type ToolCallStatus,
  type ToolCallUpdate,
} from '@agentclientprotocol/sdk/unstable';
import { chunkText } from './text';
import type { DemoSession, SessionStore } from './session-store';

/** Thrown inside a script when the turn was cancelled; the turn ends with `cancelled`. */
export class TurnCancelled extends Error {
  override name = 'TurnCancelled';
  constructor() {
    super('turn cancelled');
  }
}

type ChunkKind = 'agent_message_chunk' | 'agent_thought_chunk';

/** How often an unpaced stream yields to the event loop, so a cancel can get in. */
const YIELD_EVERY = 128;

export class Turn {
  readonly #openTools = new Map<string, ToolCallStatus>();

  constructor(
    readonly session: DemoSession,
    readonly store: SessionStore,
    readonly client: AgentContext,
    readonly signal: AbortSignal,
    readonly delayMs: number,
    /** What the client advertised in `initialize` (`/ask` and `/login` need elicitation). */
    readonly clientCapabilities: ClientCapabilities = {},
  ) {}

  get cancelled(): boolean {
    return this.signal.aborted;
  }

  /** Throws `TurnCancelled` if the turn was cancelled. */
  checkpoint(): void {
    if (this.signal.aborted) throw new TurnCancelled();
  }

  nextId(prefix: string): string {
    return this.store.nextId(this.session, prefix);
  }

  /** Records the update in the session history without sending it. */
  record(update: SessionUpdate): void {
    this.store.record(this.session, update);
  }

  /** Records and sends one `session/update`. */
  async emit(update: SessionUpdate): Promise<void> {
    this.record(update);
    await this.client.notify(methods.client.session.update, { sessionId: this.session.id, update });
  }

  /** Waits `ms` (default: the server's pacing), returning early and throwing on cancel. */
  async pause(ms = this.delayMs): Promise<void> {
    this.checkpoint();
    if (ms > 0) await abortableSleep(ms, this.signal);
    this.checkpoint();
  }

  /** Streams `text` as chunks of one new message, pausing between chunks when `paced`. */
  async stream(kind: ChunkKind, text: string, paced = true, chunkSize = 24): Promise<void> {
    await this.streamChunks(kind, chunkText(text, chunkSize), paced);
  }

  /** Sends each string as one chunk of a new message. */
  async streamChunks(kind: ChunkKind, chunks: Iterable<string>, paced: boolean): Promise<void> {
    const messageId = this.nextId(kind === 'agent_thought_chunk' ? 'thought' : 'msg');
    let sent = 0;
    for (const text of chunks) {
      if (paced) await this.pause();
      else if (++sent % YIELD_EVERY === 0) await yieldToEventLoop();
      this.checkpoint();
      await this.emit({ sessionUpdate: kind, messageId, content: { type: 'text', text } });
    }
  }

  /** Sends each string as one chunk of a new message, at a steady `perSecond` rate. */
  async streamAtRate(kind: ChunkKind, chunks: Iterable<string>, perSecond: number): Promise<void> {
    const messageId = this.nextId(kind === 'agent_thought_chunk' ? 'thought' : 'msg');
    const start = Date.now();
    let i = 0;
    for (const text of chunks) {
      const wait = start + (i++ * 1000) / perSecond - Date.now();
      if (wait > 0) await this.pause(wait);
      this.checkpoint();
      await this.emit({ sessionUpdate: kind, messageId, content: { type: 'text', text } });
    }
  }

  /** Announces a tool call and tracks it until a final status. */
  async startTool(call: ToolCall): Promise<void> {
    this.#openTools.set(call.toolCallId, call.status ?? 'pending');
    await this.emit({ sessionUpdate: 'tool_call', ...call });
  }

  async updateTool(update: ToolCallUpdate): Promise<void> {
    if (update.status === 'completed' || update.status === 'failed') this.#openTools.delete(update.toolCallId);
    else if (update.status) this.#openTools.set(update.toolCallId, update.status);
    await this.emit({ sessionUpdate: 'tool_call_update', ...update });
  }

  /** After a cancel: marks every unfinished tool call failed (best effort, never throws). */
  async failOpenTools(): Promise<void> {
    const open = [...this.#openTools.keys()];
    for (const toolCallId of open) {
      try {
        await this.updateTool({ toolCallId, status: 'failed', rawOutput: { cancelled: true } });
      } catch {
        this.#openTools.delete(toolCallId); // connection gone: nothing left to tell
      }
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
