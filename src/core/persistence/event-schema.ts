/**
 * zod shapes for what a transcript line may contain. Transcripts are written by us but read
 * back after crashes, upgrades and the odd hand edit, so every line is checked before it is
 * folded: the outer envelope strictly (the spec'd fields), the event leniently (only the fields
 * the shared reducer, search and export actually touch), so a damaged line is skipped and
 * reported instead of crashing the fold later. Unknown extra fields are always allowed: the
 * protocol grows, and these schemas validate, they never rewrite (callers keep the raw value).
 */
import { z } from 'zod';

/** Bumped only for incompatible changes; a newer file is reported and left alone, never rewritten. */
export const TRANSCRIPT_VERSION = 1;

/** Line 1 of every transcript: whose it is, so a file is never trusted by its name alone. */
export const headerSchema = z.object({
  kind: z.literal('header'),
  version: z.number().int(),
  sessionId: z.string().min(1),
  endpointId: z.string(),
  createdAt: z.string(),
  /** Set when this header replaced an unreadable one: what was lost, and where the original is. */
  repaired: z.object({ at: z.string(), skippedLines: z.number().int().nonnegative(), original: z.string() }).optional(),
});

export type TranscriptHeader = z.infer<typeof headerSchema>;

/** The envelope's outer fields, as the brief specifies them. */
export const envelopeSchema = z.object({
  sessionId: z.string(),
  seq: z.number().int().positive(),
  at: z.number(),
  event: z.looseObject({ type: z.string() }),
});

const str = z.string();
const opt = <T extends z.ZodType>(t: T) => t.nullish();

/** Block types whose fields blockText() reads; any other (future) type renders as nothing. */
const READ_BLOCKS = ['text', 'resource_link', 'resource'];
const contentBlock = z.union([
  z.looseObject({ type: z.literal('text'), text: str }),
  z.looseObject({ type: z.literal('resource_link'), name: str, uri: str }),
  z.looseObject({ type: z.literal('resource'), resource: z.looseObject({ uri: str, text: str.optional() }) }),
  z.looseObject({ type: str.refine((t) => !READ_BLOCKS.includes(t)) }),
]);

const toolContent = z.union([
  z.looseObject({ type: z.literal('content'), content: contentBlock }),
  z.looseObject({ type: z.literal('diff'), path: str, oldText: opt(str), newText: str }),
  z.looseObject({ type: z.literal('terminal'), terminalId: str }),
  z.looseObject({ type: str.refine((t) => !['content', 'diff', 'terminal'].includes(t)) }),
]);

const toolCallFields = {
  toolCallId: str,
  title: opt(str),
  kind: opt(str),
  status: opt(str),
  content: opt(z.array(toolContent)),
  locations: opt(z.array(z.looseObject({ path: str, line: opt(z.number()) }))),
};

const chunk = z.looseObject({ content: contentBlock, messageId: opt(str) });

// Maps, not records: a hostile `type` such as 'constructor' must not find a prototype member.
const UPDATE_SHAPES = new Map<string, z.ZodType>(
  Object.entries({
    user_message_chunk: chunk,
    agent_message_chunk: chunk,
    agent_thought_chunk: chunk,
    tool_call: z.looseObject(toolCallFields),
    tool_call_update: z.looseObject(toolCallFields),
    plan: z.looseObject({ entries: z.array(z.looseObject({ content: str, status: str, priority: str })) }),
    available_commands_update: z.looseObject({ availableCommands: z.array(z.unknown()) }),
    current_mode_update: z.looseObject({ currentModeId: str }),
    config_option_update: z.looseObject({ configOptions: z.array(z.unknown()) }),
    session_info_update: z.looseObject({ title: opt(str), updatedAt: opt(str) }),
    usage_update: z.looseObject({ used: z.number(), size: z.number() }),
    notice: z.looseObject({ title: str, description: opt(str) }),
    compaction_update: z.looseObject({ status: str, error: opt(str) }),
  }),
);

const update = z.looseObject({ sessionUpdate: str }).superRefine((u, ctx) => {
  const shape = UPDATE_SHAPES.get(u.sessionUpdate);
  if (shape && !shape.safeParse(u).success) ctx.addIssue({ code: 'custom', message: `malformed ${u.sessionUpdate}` });
});

const transportEvent = z.union([
  z.looseObject({ type: z.literal('gap'), durationMs: z.number(), inFlight: z.array(z.unknown()) }),
  z.looseObject({ type: z.enum(['connection-lost']), reason: str }),
  z.looseObject({ type: z.literal('recovered'), via: str }),
  z.looseObject({ type: z.literal('detached'), reason: str }),
  z.looseObject({ type: str.refine((t) => !['gap', 'connection-lost', 'recovered', 'detached'].includes(t)) }),
]);

const EVENT_SHAPES = new Map<string, z.ZodType>(
  Object.entries({
    update: z.looseObject({ update }),
    unknown_update: z.looseObject({}),
    session_opened: z.looseObject({ endpointId: str, cwd: str, via: str }),
    session_state: z.looseObject({
      modes: opt(z.looseObject({ availableModes: z.array(z.unknown()), currentModeId: str })).optional(),
      configOptions: opt(z.array(z.unknown())).optional(),
    }),
    prompt_sent: z.looseObject({ turnId: str, prompt: z.array(contentBlock) }),
    turn_ended: z.looseObject({
      turnId: str,
      stopReason: str.optional(),
      error: z.looseObject({ message: str }).optional(),
    }),
    cancel_requested: z.looseObject({ turnId: str.optional() }),
    permission_requested: z.looseObject({
      requestId: str,
      toolCall: z.looseObject(toolCallFields),
      options: z.array(z.unknown()),
    }),
    permission_resolved: z.looseObject({ requestId: str, outcome: z.looseObject({ outcome: str }), by: str }),
    connection: z.looseObject({ state: str, detail: str.optional() }),
    transport: z.looseObject({ event: transportEvent }),
    replay_started: z.looseObject({}),
    replay_ended: z.looseObject({}),
    detached: z.looseObject({ reason: str }),
    error: z.looseObject({ message: str }),
  }),
);

/**
 * Why an event cannot be folded safely, or null when it can. Event types this version does not
 * know (a newer app wrote them) are refused too: the reducer treats those as a programming error.
 */
export function eventProblem(event: { type: string }): string | null {
  const shape = EVENT_SHAPES.get(event.type);
  if (!shape) return `unknown event type '${event.type.slice(0, 40)}'`;
  return shape.safeParse(event).success ? null : `malformed '${event.type}' event`;
}
