/**
 * Turns the `query` of a `traffic:window` request into an entry filter. The query language
 * itself lives in src/shared/traffic (pure, shared with the CLI); until it lands, a query is
 * refused with a clear error rather than ignored.
 */
import { AppError } from '../../shared/util/result';
import type { EntryFilter } from './traffic-log';

export function compileTrafficQuery(query: string | undefined): EntryFilter | undefined {
  if (query === undefined || query.trim() === '') return undefined;
  throw new AppError('unavailable', 'Traffic queries are not available yet.');
}
