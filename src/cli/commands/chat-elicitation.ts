/**
 * `acp-desk chat` and an agent's `elicitation/create` (issue 14): the CLI has no form to show,
 * so it answers every request by the `--elicitation` policy (decline, or cancel) and prints
 * what was asked, so a person or a script can see why the agent went on without the input.
 */
import type { CreateElicitationRequest, CreateElicitationResponse } from '@agentclientprotocol/sdk';
import { sanitizeTerminalLine as safe } from '../terminal-safe';

export type ElicitationPolicy = 'decline' | 'cancel';

export const ELICITATION_POLICIES = ['decline', 'cancel'] as const;

/** How many field names the one-line summary lists before "+N more". */
const MAX_FIELDS_SHOWN = 8;
/** Longest message or URL printed (code units); agent text, so bounded. */
const MAX_TEXT = 300;

/** The policy is the whole answer: a declined or cancelled request carries no content. */
export function answerElicitation(policy: ElicitationPolicy): CreateElicitationResponse {
  return { action: policy };
}

/** "declined" / "cancelled", or the action itself for anything else. */
export function pastTense(action: string): string {
  if (action === 'decline') return 'declined';
  if (action === 'cancel') return 'cancelled';
  if (action === 'accept') return 'accepted';
  return action;
}

/**
 * One line for a person: the message and what was asked, e.g. `Which branch? (form: branch*)`
 * or `Sign in (url: https://login.example/…)`. Every agent string goes through the terminal
 * sanitizer; the request is read defensively, because an unknown mode may carry anything.
 */
export function describeElicitation(request: CreateElicitationRequest): string {
  const r = request as Record<string, unknown>;
  const message = typeof r.message === 'string' && r.message.trim() ? clip(safe(r.message)) : '(no message)';
  return `${message} (${describeMode(r)})`;
}

function describeMode(r: Record<string, unknown>): string {
  if (r.mode === 'url') return `url: ${typeof r.url === 'string' ? clip(safe(r.url)) : '(none)'}`;
  if (r.mode === 'form') return `form: ${describeFields(r.requestedSchema)}`;
  return `mode: ${clip(safe(String(r.mode)))}`;
}

function describeFields(schema: unknown): string {
  const s = (schema ?? {}) as { properties?: unknown; required?: unknown };
  const names = s.properties && typeof s.properties === 'object' ? Object.keys(s.properties) : [];
  if (names.length === 0) return 'no fields';
  const required = new Set(Array.isArray(s.required) ? s.required.filter((n) => typeof n === 'string') : []);
  const shown = names.slice(0, MAX_FIELDS_SHOWN).map((n) => `${clip(safe(n), 60)}${required.has(n) ? '*' : ''}`);
  const more = names.length > MAX_FIELDS_SHOWN ? `, +${names.length - MAX_FIELDS_SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}

function clip(s: string, max = MAX_TEXT): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
