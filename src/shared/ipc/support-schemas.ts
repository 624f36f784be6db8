/** zod schemas of the support channels (issue 10); spread into `invokeSchemas`. Only `app:reportError` takes an argument. */
import { z } from 'zod';
import { REPORT_LIMITS } from '../domain/support';
import type { SupportContract } from './support-contract';

const rendererError = z
  .object({
    source: z.enum(['window', 'promise', 'boundary']),
    message: z.string().max(REPORT_LIMITS.message),
    stack: z.string().max(REPORT_LIMITS.stack).optional(),
    area: z.string().max(REPORT_LIMITS.area).optional(),
    componentStack: z.string().max(REPORT_LIMITS.stack).optional(),
  })
  .strict();

export const supportSchemas = {
  'app:diagnostics': z.undefined(),
  'app:openLogFolder': z.undefined(),
  'app:checkForUpdates': z.undefined(),
  'app:updateStatus': z.undefined(),
  'app:reportError': rendererError,
} satisfies { [C in keyof SupportContract]: z.ZodType<unknown, SupportContract[C]['request']> };
