/**
 * How a transport reason reads in one session's outage marker (issue 13): in that session's
 * own words. The transport says why the whole connection was lost, often by quoting the lane
 * that gave up ("the stream of session sess_2 failed 8 times in a row (could not open the
 * stream: fetch failed (connect ECONNREFUSED 127.0.0.1:4100))"); a marker in another session
 * must not cite sess_2, nor show the errno text with its doubled parentheses. Pure.
 */
import { classifyFailure, type FailureKind } from '../errors/failure-class';

/** Classes whose sentence says what is wrong with the network better than the quoted chain. */
const SAID_AS_SENTENCE: ReadonlySet<FailureKind> = new Set(['nothing-listening', 'timeout', 'tls', 'proxy', 'auth']);

/** The reason as a clause, no lane of another session named, no nested parentheses. */
export function ownWords(sessionId: string, reason: string): string {
  let text = reason
    .replace(/ on the stream of session ([^\s)]+)/g, (_m, id: string) =>
      id === sessionId ? " on this session's stream" : '',
    )
    .replace(/\bthe stream of session ([^\s)]+)/g, (_m, id: string) =>
      id === sessionId ? "this session's stream" : 'a stream of this connection',
    );
  // "(a (b))" → "(a — b)": one level, so no doubled closing parentheses.
  for (let before = ''; before !== text;) {
    before = text;
    text = text.replace(/\(([^()]*)\(([^()]*)\)([^()]*)\)/g, '($1— $2$3)');
  }
  return text.replace(/\.$/, '');
}

/**
 * What follows "Connection lost" or "Stream dropped" in the marker: ". Nothing is listening at
 * 127.0.0.1:4100." for a network failure a class recognises, else ": <own words>.".
 */
export function lossReason(sessionId: string, reason: string): string {
  const f = classifyFailure({ message: reason });
  if (SAID_AS_SENTENCE.has(f.kind)) return `. ${f.title}`;
  return `: ${ownWords(sessionId, reason)}.`;
}
