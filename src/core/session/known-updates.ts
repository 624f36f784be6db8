import type { SessionUpdate } from '@agentclientprotocol/sdk';

/**
 * The `session/update` kinds the SDK's schema knows. The record is checked against the SDK's
 * own `SessionUpdate` union at compile time, so an SDK upgrade that adds a kind fails the
 * build here until it is listed (and the reducer handles it).
 */
const KNOWN: Record<SessionUpdate['sessionUpdate'], true> = {
  user_message_chunk: true,
  agent_message_chunk: true,
  agent_thought_chunk: true,
  tool_call: true,
  tool_call_update: true,
  plan: true,
  available_commands_update: true,
  current_mode_update: true,
  config_option_update: true,
  session_info_update: true,
  usage_update: true,
  notice: true,
  compaction_update: true,
  compaction_summary_chunk: true,
};

export function isKnownUpdateKind(kind: unknown): kind is SessionUpdate['sessionUpdate'] {
  return typeof kind === 'string' && Object.hasOwn(KNOWN, kind);
}

/** Where the engine tags each incoming message with its arrival number. */
export const ARRIVAL_META_KEY = 'acp-desk/arrival';
