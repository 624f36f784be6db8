/**
 * `/ask` and `/login`: the demo agent asks the client for input (issue 14), so a user can try
 * a client's elicitation UI offline. `/ask` sends a form-mode `elicitation/create` with one
 * field of every kind the protocol has; `/login` a URL-mode one, and after an accept it plays
 * the agent's side of a sign-in: `elicitation/complete` about a second later. Each only when
 * the client advertised that mode in `initialize`, as the protocol requires; otherwise the
 * reply says why nothing was asked.
 */
import {
  methods,
  type CreateElicitationRequest,
  type CreateElicitationResponse,
  type ElicitationContentValue,
  type ElicitationSchema,
  type EnumOption,
} from '@agentclientprotocol/sdk';
import { TurnCancelled, type Turn } from './turn';

/** How long the pretend sign-in takes after the user accepted the URL. */
export const LOGIN_COMPLETE_MS = 1000;

/** Where `/login` sends the user: a reserved domain, so a click cannot reach anyone's service. */
export const LOGIN_URL = 'https://example.com/acp-desk-demo/sign-in';

const THEMES: EnumOption[] = [
  { const: 'light', title: 'Light' },
  { const: 'dark', title: 'Dark' },
  { const: 'system', title: 'Follow the system', description: 'Light or dark, as the operating system is set.' },
];

const TOPICS: EnumOption[] = [
  { const: 'transport', title: 'Transport' },
  { const: 'sessions', title: 'Sessions' },
  { const: 'tools', title: 'Tool calls' },
  { const: 'elicitation', title: 'Elicitation' },
];

/** One field of each kind: text, email, number, bounded integer, boolean, single and multi select. */
export const ASK_SCHEMA: ElicitationSchema = {
  type: 'object',
  title: 'Demo form',
  description: 'Nothing leaves this computer: the demo agent only repeats what you answer.',
  properties: {
    name: {
      type: 'string',
      title: 'Your name',
      description: 'What the demo agent should call you.',
      minLength: 1,
      maxLength: 80,
    },
    email: { type: 'string', format: 'email', title: 'Email', description: 'Any address; nothing is sent to it.' },
    budget: { type: 'number', title: 'Budget (USD)', minimum: 0, default: 12.5 },
    retries: {
      type: 'integer',
      title: 'Retries',
      description: 'A whole number from 0 to 5.',
      minimum: 0,
      maximum: 5,
      default: 2,
    },
    notify: { type: 'boolean', title: 'Notify me when done', default: true },
    theme: { type: 'string', title: 'Theme', oneOf: THEMES, default: 'system' },
    topics: {
      type: 'array',
      title: 'Topics',
      description: 'Pick one or more.',
      minItems: 1,
      items: { anyOf: TOPICS },
      default: ['sessions'],
    },
  },
  required: ['name', 'email', 'retries', 'topics'],
};

/** `/ask`: the form, then a short reply naming what came back. */
export async function askCommand(turn: Turn): Promise<void> {
  if (!turn.clientCapabilities.elicitation?.form) {
    await say(turn, notSupported('/ask', 'form'));
    return;
  }
  const reply = await elicit(turn, {
    sessionId: turn.session.id,
    mode: 'form',
    message: 'A few questions from the demo agent',
    requestedSchema: ASK_SCHEMA,
  });
  await say(turn, reply ? describeFormReply(reply) : 'The client answered the form with an error.');
}

/** `/login`: a URL to open; on accept, `elicitation/complete` once the pretend sign-in is done. */
export async function loginCommand(turn: Turn): Promise<void> {
  if (!turn.clientCapabilities.elicitation?.url) {
    await say(turn, notSupported('/login', 'url'));
    return;
  }
  const elicitationId = `login-${turn.nextId('elicit')}-${turn.session.id}`;
  const reply = await elicit(turn, {
    sessionId: turn.session.id,
    mode: 'url',
    message: 'Sign in to the demo service',
    elicitationId,
    url: LOGIN_URL,
  });
  if (reply?.action !== 'accept') {
    await say(turn, reply ? `Sign-in ${pastTense(reply.action)}.` : 'The client answered the sign-in with an error.');
    return;
  }
  await turn.pause(LOGIN_COMPLETE_MS);
  await turn.client.notify(methods.client.elicitation.complete, { elicitationId });
  await say(turn, 'Signed in (demo).');
}

/** Sends the request; null when the client answered with an error, `TurnCancelled` on cancel. */
async function elicit(turn: Turn, request: CreateElicitationRequest): Promise<CreateElicitationResponse | null> {
  turn.checkpoint();
  let reply: CreateElicitationResponse;
  try {
    reply = await turn.client.request(methods.client.elicitation.create, request, {
      cancellationSignal: turn.signal,
      stopWaitingOnCancel: true,
    });
  } catch {
    // Cancelled: the turn ends; the client answered with an error: the demo goes on as if declined.
    if (turn.cancelled) throw new TurnCancelled();
    return null;
  }
  turn.checkpoint();
  return reply;
}

function say(turn: Turn, text: string): Promise<void> {
  return turn.stream('agent_message_chunk', text, false);
}

function notSupported(command: string, mode: 'form' | 'url'): string {
  return (
    `This client does not support ${mode === 'form' ? 'form' : 'URL'} elicitation ` +
    `(it did not advertise \`elicitation.${mode}\` in \`initialize\`), so \`${command}\` cannot ask anything.`
  );
}

function pastTense(action: string): string {
  if (action === 'decline') return 'declined';
  if (action === 'cancel') return 'cancelled';
  return `ended (${action})`;
}

/** "You answered: …" with the form's labels and option titles, or how the form ended. */
export function describeFormReply(reply: CreateElicitationResponse): string {
  if (reply.action === 'decline') return 'You declined.';
  if (reply.action === 'cancel') return 'You cancelled the form.';
  if (reply.action !== 'accept') return `The form ended with "${reply.action}".`;
  const content = (reply.content ?? {}) as Record<string, ElicitationContentValue>;
  const parts = Object.entries(ASK_SCHEMA.properties ?? {})
    .filter(([name]) => Object.hasOwn(content, name))
    .map(([name, p]) => `${typeof p.title === 'string' ? p.title : name}: ${formatValue(name, content[name]!)}`);
  return parts.length ? `You answered: ${parts.join('; ')}.` : 'You answered, but left everything empty.';
}

function formatValue(name: string, value: ElicitationContentValue): string {
  const titled = (v: string) =>
    (name === 'theme' ? THEMES : name === 'topics' ? TOPICS : []).find((o) => o.const === v)?.title ?? v;
  if (Array.isArray(value)) return value.length ? value.map(titled).join(', ') : 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' ? titled(value) : String(value);
}
