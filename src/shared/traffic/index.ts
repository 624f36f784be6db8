/**
 * The traffic inspector's pure foundation (no Node, no DOM): shared by the core's traffic
 * log, the panel and `acp-desk traffic`.
 *
 * - `query`: the query language (`parseTrafficQuery`, `completions`, `QUERY_HELP`).
 * - `pairing`: incremental request/response pairing (`TrafficPairing`).
 * - `folding`: chunk-run folding for the table (`TrafficFolder`, `foldLabel`).
 * - `jsonl`: the recording format (`serializeJsonl`, `parseJsonl`, `JsonlParser`).
 * - `har`: HAR 1.2 export and copy-as-curl (`toHar`, `curlFor`, `findPostBody`).
 * - `summary`, `message-info`: what a record is, in one line or as fields.
 * - `lanes`, `latency`: the lane timeline and the per-method latency summary.
 */
export * from './query';
export * from './pairing';
export * from './folding';
export * from './jsonl';
export * from './har';
export * from './summary';
export * from './message-info';
export * from './lanes';
export * from './latency';
