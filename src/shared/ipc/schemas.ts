import { z } from 'zod';
import { MAX_ATTENTION_ITEMS, MAX_ATTENTION_TEXT } from '../domain/attention';
import { endpointDraftSchema } from '../domain/endpoint';
import { elicitationAnswerSchema } from '../elicitation/schema';
import { promptSchema } from './content-schema';
import type { InvokeChannel, InvokeRequest } from './contract';
import { oauthSchemas } from './oauth-schemas';
import { sessionOpsSchemas } from './session-ops-schemas';
import { supportSchemas } from './support-schemas';
import { RECORDING_PART_CHARS } from '../traffic/recordings';

const id = z.string().min(1).max(200);
/** Session ids come from agents; the SDK server caps ids at 1024 characters. */
const sessionId = z.string().min(1).max(1024);
const session = z.object({ sessionId }).strict();
const outcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('selected'), optionId: z.string().min(1).max(1024) }).strict(),
  z.object({ outcome: z.literal('cancelled') }).strict(),
]);

const attentionText = z.string().max(MAX_ATTENTION_TEXT);
const attentionSession = { sessionId, title: attentionText, endpointName: attentionText };
const attention = z
  .object({
    count: z.number().int().min(0).max(1_000_000),
    waiting: z
      .array(z.object({ ...attentionSession, reason: z.enum(['permission', 'elicitation']) }).strict())
      .max(MAX_ATTENTION_ITEMS),
    finished: z.array(z.object(attentionSession).strict()).max(MAX_ATTENTION_ITEMS),
  })
  .strict();

/**
 * One zod schema per invoke channel. `satisfies` makes a missing channel, or a schema that
 * disagrees with the contract's request type, a compile error.
 */
export const invokeSchemas = {
  ...sessionOpsSchemas,
  ...oauthSchemas,
  ...supportSchemas,
  'app:info': z.undefined(),
  'endpoints:list': z.undefined(),
  'endpoints:save': z.object({ id: id.optional(), draft: endpointDraftSchema }).strict(),
  'endpoints:remove': z.object({ id }).strict(),
  'endpoints:select': z.object({ id: id.nullable() }).strict(),
  'endpoints:retry': z.object({ id }).strict(),
  'endpoints:test': z.union([z.object({ id }).strict(), z.object({ draft: endpointDraftSchema }).strict()]),
  'endpoints:status': z.undefined(),
  'endpoints:connect': z.object({ id }).strict(),
  'endpoints:disconnect': z.object({ id }).strict(),
  'endpoints:authenticate': z.object({ id, methodId: z.string().min(1).max(256) }).strict(),
  'endpoints:resolveElicitation': z
    .object({ id, requestId: z.string().min(1).max(2048), answer: elicitationAnswerSchema })
    .strict(),
  'endpoints:clearCookies': z.object({ id }).strict(),
  'endpoints:diagnose': z.object({ id, prompt: z.string().min(1).max(10_000).optional() }).strict(),
  'sessions:list': z.undefined(),
  'sessions:new': z.object({ endpointId: id, cwd: z.string().max(4096).optional() }).strict(),
  'sessions:open': session,
  'sessions:snapshot': session,
  'sessions:prompt': z.object({ sessionId, prompt: promptSchema }).strict(),
  'sessions:cancel': session,
  'sessions:resolvePermission': z.object({ sessionId, requestId: z.string().min(1).max(2048), outcome }).strict(),
  'sessions:resolveElicitation': z
    .object({ sessionId, requestId: z.string().min(1).max(2048), answer: elicitationAnswerSchema })
    .strict(),
  'sessions:setMode': z.object({ sessionId, modeId: z.string().min(1).max(256) }).strict(),
  'sessions:setConfigOption': z
    .object({ sessionId, configId: z.string().min(1).max(256), value: z.union([z.string().max(1024), z.boolean()]) })
    .strict(),
  'sessions:close': session,
  'sessions:search': z
    .object({ query: z.string().max(500), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  'sessions:export': z.object({ sessionId, format: z.enum(['markdown', 'json']) }).strict(),
  'sessions:remote': z.object({ endpointId: id }).strict(),
  'traffic:snapshot': z
    .object({ endpointId: id.optional(), limit: z.number().int().min(1).max(20_000).optional() })
    .strict(),
  'traffic:clear': z.object({ endpointId: id.optional() }).strict(),
  'traffic:subscribe': z.object({ endpointId: id }).strict(),
  'traffic:unsubscribe': z.object({ subscriptionId: id }).strict(),
  'traffic:window': z
    .object({
      endpointId: id,
      fromSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.number().int().min(1).max(5000),
      query: z.string().max(2000).optional(),
      from: z.number().finite().optional(),
      to: z.number().finite().optional(),
    })
    .strict(),
  'traffic:export': z.object({ endpointId: id, format: z.literal('jsonl') }).strict(),
  'traffic:timeline': z.object({ endpointId: id, query: z.string().max(2000).optional() }).strict(),
  'traffic:openRecording': z
    .object({
      recordingId: id.optional(),
      name: z.string().min(1).max(255),
      content: z.string().max(RECORDING_PART_CHARS),
      done: z.boolean(),
      openAtStart: z.boolean().optional(),
    })
    .strict(),
  'traffic:recordings': z.object({}).strict(),
  'traffic:diagnoseRuns': z.object({}).strict(),
  'app:attention': attention,
} satisfies { [C in InvokeChannel]: z.ZodType<unknown, InvokeRequest<C>> };
