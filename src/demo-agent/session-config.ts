/**
 * The demo agent's per-session settings: two modes, a fake model selector and the slash
 * commands it advertises. Kept apart from the handlers so the shapes a client sees in
 * `session/new`, `session/load`, `session/resume` and the `*_update` notifications come
 * from one place and cannot drift.
 */
import {
  RequestError,
  type AvailableCommand,
  type SessionConfigOption,
  type SessionConfigSelectOption,
  type SessionMode,
  type SessionModeState,
  type SetSessionConfigOptionRequest,
} from '@agentclientprotocol/sdk';

/** `ask` asks before every edit; `auto` behaves as if the user picked "allow once". */
export const DEMO_MODES: readonly SessionMode[] = [
  { id: 'ask', name: 'Ask before edits', description: 'Request permission before changing files.' },
  { id: 'auto', name: 'Auto-approve edits', description: 'Apply edits without asking.' },
];

export const DEFAULT_MODE_ID = 'ask';
export const MODEL_CONFIG_ID = 'model';
export const DEFAULT_MODEL_ID = 'demo-fast';

const DEMO_MODELS: readonly SessionConfigSelectOption[] = [
  { value: 'demo-fast', name: 'Demo Fast', description: 'Quick scripted replies.' },
  { value: 'demo-smart', name: 'Demo Smart', description: 'The same script, but it sounds wiser.' },
  { value: 'demo-tiny', name: 'Demo Tiny', description: 'A very small pretend model.' },
];

/** Commands sent in `available_commands_update`; a prompt `/name input` runs one. */
export const DEMO_COMMANDS: readonly AvailableCommand[] = [
  { name: 'help', description: 'List the demo commands.' },
  { name: 'long', description: 'Stream a long Markdown answer, paced.' },
  { name: 'fail', description: 'Fail the prompt with a JSON-RPC error.' },
  {
    name: 'stream',
    description: 'Stream N small chunks, as fast as possible or at R per second.',
    input: { hint: 'N [R]' },
  },
  { name: 'echo', description: 'Reply with the given text only.', input: { hint: 'text' } },
  { name: 'plan', description: 'Walk through a plan without any tool calls.' },
  { name: 'ask', description: 'Ask a few questions in a form (form elicitation), then repeat the answers.' },
  { name: 'login', description: 'Ask you to sign in at a URL (URL elicitation); completes a second after you accept.' },
  { name: 'wait', description: 'Say so, then wait until the turn is cancelled (at most 10 minutes).' },
];

/** The mutable settings a session carries; see `DemoSession`. */
export interface SessionSettings {
  modeId: string;
  modelId: string;
}

/** Mode state as returned by new/load/resume. */
export function modeState(settings: SessionSettings): SessionModeState {
  return { currentModeId: settings.modeId, availableModes: DEMO_MODES.map((m) => ({ ...m })) };
}

/** Full config option list (the spec wants the whole list every time). */
export function configOptions(settings: SessionSettings): SessionConfigOption[] {
  return [
    {
      id: MODEL_CONFIG_ID,
      name: 'Model',
      description: 'Which pretend model writes the answers.',
      category: 'model',
      type: 'select',
      currentValue: settings.modelId,
      options: DEMO_MODELS.map((m) => ({ ...m })),
    },
  ];
}

/** Throws invalidParams for a mode this agent does not have. */
export function assertKnownMode(modeId: string): void {
  if (!DEMO_MODES.some((m) => m.id === modeId)) {
    throw RequestError.invalidParams({ modeId }, `unknown mode "${modeId}"`);
  }
}

/** Applies a `session/set_config_option` to `settings`, or throws invalidParams. */
export function applyConfigOption(settings: SessionSettings, request: SetSessionConfigOptionRequest): void {
  if (request.configId !== MODEL_CONFIG_ID) {
    throw RequestError.invalidParams({ configId: request.configId }, `unknown config option "${request.configId}"`);
  }
  const value = request.value;
  if (typeof value !== 'string' || !DEMO_MODELS.some((m) => m.value === value)) {
    throw RequestError.invalidParams({ value }, `"${String(value)}" is not a model of this agent`);
  }
  settings.modelId = value;
}
