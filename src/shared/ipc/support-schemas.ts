/** zod schemas of the support channels (issue 10); spread into `invokeSchemas`. None takes an argument. */
import { z } from 'zod';
import type { SupportContract } from './support-contract';

export const supportSchemas = {
  'app:diagnostics': z.undefined(),
  'app:openLogFolder': z.undefined(),
  'app:checkForUpdates': z.undefined(),
  'app:updateStatus': z.undefined(),
} satisfies { [C in keyof SupportContract]: z.ZodType<unknown, SupportContract[C]['request']> };
