/** zod schemas of the session-operation channels (issue 14); spread into `invokeSchemas`. */
import { z } from 'zod';
import type { SessionOpsContract } from './session-ops-contract';

const id = z.string().min(1).max(200);
/** Session ids come from agents; the SDK server caps ids at 1024 characters. */
const sessionId = z.string().min(1).max(1024);
const target = { sessionId, endpointId: id.optional() };

export const sessionOpsSchemas = {
  'sessions:fork': z.object({ sessionId }).strict(),
  'sessions:rename': z.object({ ...target, title: z.string().trim().min(1).max(1000) }).strict(),
  'sessions:archive': z.object(target).strict(),
  'sessions:unarchive': z.object(target).strict(),
  'sessions:delete': z.object({ ...target, keepTranscript: z.boolean() }).strict(),
  'sessions:status': z.object(target).strict(),
  'sessions:archived': z.object({ endpointId: id }).strict(),
  'endpoints:ops': z.object({ id }).strict(),
  'endpoints:logout': z.object({ id }).strict(),
  'endpoints:providers': z.object({ id }).strict(),
  'endpoints:setProvider': z
    .object({
      id,
      providerId: z.string().min(1).max(256),
      apiType: z.string().min(1).max(64),
      baseUrl: z.url({ protocol: /^https?$/ }).max(2048),
      headers: z
        .record(z.string().min(1).max(256), z.string().max(8192))
        .refine((h) => Object.keys(h).length <= 100, 'At most 100 headers.')
        .optional(),
    })
    .strict(),
  'endpoints:disableProvider': z.object({ id, providerId: z.string().min(1).max(256) }).strict(),
} satisfies { [C in keyof SessionOpsContract]: z.ZodType<unknown, SessionOpsContract[C]['request']> };
