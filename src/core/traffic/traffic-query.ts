/**
 * Turns the `query` of a `traffic:window` request into a parsed query of the inspector's
 * language (src/shared/traffic/query.ts, shared with the CLI). A query that cannot be read
 * is refused as `invalid_request` with the parser's sentence (it names the column).
 */
import { parseTrafficQuery, type TrafficQuery } from '../../shared/traffic/query';
import { AppError } from '../../shared/util/result';

export function compileTrafficQuery(query: string | undefined): TrafficQuery | undefined {
  if (query === undefined || query.trim() === '') return undefined;
  const parsed = parseTrafficQuery(query);
  if (!parsed.ok) throw new AppError('invalid_request', parsed.error, { position: parsed.position });
  return parsed;
}
