/**
 * How `acp-desk chat` prints: plain text for people (agent text as it streams, one short
 * line per tool call, permission and turn end; transport notices on stderr) or, with --json,
 * one JSON object per line with a `type`, for other programs.
 */
import type {
  CreateElicitationRequest,
  PermissionOption,
  SessionUpdate,
  StopReason,
  ToolCallUpdate,
} from '@agentclientprotocol/sdk';
import type { TransportEvent } from '../../shared/domain/traffic';
import type { CliIo } from '../args';
import { createTerminalSanitizer, sanitizeTerminalLine as safe } from '../terminal-safe';
import { describeElicitation, pastTense } from './chat-elicitation';

export interface ChatOutput {
  session(sessionId: string): void;
  update(sessionId: string, update: SessionUpdate, replay: boolean): void;
  permission(toolCall: ToolCallUpdate, options: readonly PermissionOption[], choice: string): void;
  /** An `elicitation/create` and the action the policy answered it with. */
  elicitation(request: CreateElicitationRequest, action: string): void;
  /** An `elicitation/complete` notification (URL mode). */
  elicitationComplete(elicitationId: string): void;
  turnEnd(stopReason: StopReason): void;
  transport(event: TransportEvent): void;
  error(message: string): void;
  /** A note from the CLI itself for the person at the terminal (stderr in both modes). */
  notice(message: string): void;
}

export function createChatOutput(io: CliIo, json: boolean): ChatOutput {
  return json ? jsonOutput(io) : plainOutput(io);
}

function jsonOutput(io: CliIo): ChatOutput {
  const line = (o: object) => io.stdout.write(`${JSON.stringify(o)}\n`);
  return {
    session: (sessionId) => line({ type: 'session', sessionId }),
    update: (sessionId, update, replay) =>
      line({ type: 'update', sessionId, update, ...(replay ? { replay: true } : {}) }),
    permission: (toolCall, options, choice) => line({ type: 'permission', toolCall, options, choice }),
    elicitation: (request, action) => line({ type: 'elicitation', request, action }),
    elicitationComplete: (elicitationId) => line({ type: 'elicitation_complete', elicitationId }),
    turnEnd: (stopReason) => line({ type: 'turn_end', stopReason }),
    transport: (event) => {
      if (!worthReporting(event)) return;
      const { type, ...details } = event;
      line({ type: 'transport', event: type === 'state' ? event.state : type, details });
    },
    // The JSON line for programs, and the CLI's one-line reason on stderr (exit 1 contract).
    error: (message) => {
      line({ type: 'error', message });
      io.stderr.write(`error: ${safe(message)}\n`);
    },
    notice: (message) => io.stderr.write(`${message}\n`),
  };
}

/**
 * Every agent- or network-controlled string goes through the terminal sanitizer (see
 * ../terminal-safe): message text through one streaming sanitizer, so a sequence split across
 * chunks is still removed; one-line fields through `safe`, which also turns line breaks into
 * spaces so a field cannot fake a line of its own.
 */
function plainOutput(io: CliIo): ChatOutput {
  const out = io.stdout;
  const titles = new Map<string, string>();
  const stream = createTerminalSanitizer();
  let midLine = false;
  const text = (s: string) => {
    if (!s) return;
    out.write(s);
    midLine = !s.endsWith('\n');
  };
  const endText = () => text(stream.flush());
  const note = (s: string) => {
    endText();
    text(`${midLine ? '\n' : ''}${s}\n`);
  };
  const errLine = (s: string) => {
    endText();
    io.stderr.write(`${midLine ? '\n' : ''}${s}\n`);
  };
  const toolName = (toolCallId: string, title: string | null | undefined) =>
    safe(title ?? titles.get(toolCallId) ?? toolCallId);
  return {
    session: (sessionId) => errLine(`session ${safe(sessionId)}`),
    update: (_sessionId, u, replay) => {
      if (replay) return;
      if (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') text(stream.write(u.content.text));
      else if (u.sessionUpdate === 'tool_call') {
        titles.set(u.toolCallId, u.title);
        note(`[tool] ${safe(u.kind ?? 'other')}: ${safe(u.title)} (${safe(u.status ?? 'pending')})`);
      } else if (u.sessionUpdate === 'tool_call_update' && u.status)
        note(`[tool] ${toolName(u.toolCallId, u.title)} → ${safe(u.status)}`);
      else if (u.sessionUpdate === 'plan')
        note(`[plan] ${u.entries.map((e) => `${e.status === 'completed' ? '✓' : '·'} ${safe(e.content)}`).join('; ')}`);
    },
    permission: (toolCall, options, choice) => {
      const picked = options.find((o) => o.optionId === choice);
      note(
        `[permission] ${toolName(toolCall.toolCallId, toolCall.title)}: ${picked ? `${safe(picked.name)} (${safe(picked.kind)})` : safe(choice)}`,
      );
    },
    elicitation: (request, action) =>
      note(`[elicitation] ${describeElicitation(request)} → ${safe(pastTense(action))}`),
    elicitationComplete: (elicitationId) => note(`[elicitation] ${safe(elicitationId)} completed`),
    turnEnd: (stopReason) => note(`[${safe(stopReason)}]`),
    transport: (e) => {
      const s = describeTransportEvent(e);
      if (s) errLine(`[transport] ${safe(s)}`);
    },
    error: (message) => errLine(`error: ${safe(message)}`),
    notice: (message) => errLine(message),
  };
}

/** Routine progress (connecting, connected, the first-choice profile) is not worth a line. */
function worthReporting(e: TransportEvent): boolean {
  if (e.type === 'state')
    return e.state === 'reconnecting' || e.state === 'recovering' || e.state === 'offline' || e.state === 'failed';
  if (e.type === 'profile') return e.reason !== 'first choice';
  return true;
}

export function describeTransportEvent(e: TransportEvent): string | undefined {
  switch (e.type) {
    case 'reconnect':
      return `${e.lane} dropped (${e.reason}); retry ${e.attempt} in ${e.delayMs} ms`;
    case 'gap':
      return `${e.lane} was down for ${(e.durationMs / 1000).toFixed(1)} s; ${e.mayHaveLost}`;
    case 'connection-lost':
      return `connection lost: ${e.reason}; reconnecting`;
    case 'reattaching':
      return `re-attaching session ${e.sessionId} with ${e.via}`;
    case 'recovered':
      return `session ${e.sessionId} recovered (${e.via})`;
    case 'detached':
      return `session ${e.sessionId} detached: ${e.reason}`;
    case 'auth-required':
      return `credentials refused: ${e.detail}`;
    case 'profile':
      return e.reason === 'first choice' ? undefined : `using ${e.profile} (${e.reason})`;
    case 'request-failed':
      return `${e.method} failed: ${e.reason}`;
    case 'waiting':
      return `${e.method} is waiting for the connection (${e.reason})`;
    case 'error':
      return e.message;
    case 'state':
      // Offline is the one state a person must hear about: nothing else will tell them.
      return e.state === 'offline' ? (e.detail ?? 'offline, retrying') : undefined;
  }
}
