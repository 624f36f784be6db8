import { z } from 'zod';
import { endpointDraftSchema } from '../domain/endpoint';
import type { InvokeChannel, InvokeRequest } from './contract';

const id = z.string().min(1).max(200);

/**
 * One zod schema per invoke channel. `satisfies` makes a missing channel, or a schema that
 * disagrees with the contract's request type, a compile error.
 */
export const invokeSchemas = {
  'app:info': z.undefined(),
  'endpoints:list': z.undefined(),
  'endpoints:save': z.object({ id: id.optional(), draft: endpointDraftSchema }).strict(),
  'endpoints:remove': z.object({ id }).strict(),
  'endpoints:select': z.object({ id: id.nullable() }).strict(),
  'endpoints:test': z.union([z.object({ id }).strict(), z.object({ draft: endpointDraftSchema }).strict()]),
} satisfies { [C in InvokeChannel]: z.ZodType<unknown, InvokeRequest<C>> };
