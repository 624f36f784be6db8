/**
 * zod for the prompt content the renderer may send (the IPC trust boundary). The SDK does not
 * export its zod schemas, so these are written here and checked against the SDK's own
 * `ContentBlock` type at compile time (`satisfies`), so they cannot drift from the protocol.
 */
import { z } from 'zod';
import type { ContentBlock } from '@agentclientprotocol/sdk';

const MAX_BLOB = 12 * 1024 * 1024; // base64 characters; the agent's POST limit is 16 MiB

const text = z.object({ type: z.literal('text'), text: z.string().max(1_000_000) }).strict();
const image = z
  .object({
    type: z.literal('image'),
    data: z.string().max(MAX_BLOB),
    mimeType: z.string().regex(/^image\/[\w.+-]+$/),
    uri: z.string().max(4096).optional(),
  })
  .strict();
const resourceLink = z
  .object({
    type: z.literal('resource_link'),
    uri: z.string().min(1).max(4096),
    name: z.string().min(1).max(512),
    mimeType: z.string().max(255).optional(),
    title: z.string().max(512).optional(),
    description: z.string().max(4096).optional(),
    size: z.number().int().nonnegative().optional(),
  })
  .strict();
const resource = z
  .object({
    type: z.literal('resource'),
    resource: z.union([
      z
        .object({
          uri: z.string().min(1).max(4096),
          text: z.string().max(MAX_BLOB),
          mimeType: z.string().max(255).optional(),
        })
        .strict(),
      z
        .object({
          uri: z.string().min(1).max(4096),
          blob: z.string().max(MAX_BLOB),
          mimeType: z.string().max(255).optional(),
        })
        .strict(),
    ]),
  })
  .strict();

export const contentBlockSchema = z.discriminatedUnion('type', [
  text,
  image,
  resourceLink,
  resource,
]) satisfies z.ZodType<ContentBlock>;
export const promptSchema = z.array(contentBlockSchema).min(1, 'The prompt is empty').max(64);
