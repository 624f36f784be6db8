/**
 * Where an OAuth sign-in prompt goes in Electron (issue 15): a browser prompt opens the system
 * browser through the one guarded `shell.openExternal` (https, or http on loopback only); a
 * device prompt is only shown in the window, which gets every prompt with the endpoint's
 * sign-in status anyway (code, verification link, Copy).
 */
import type { SignInPrompt } from '../core/oauth/types';
import { openExternalSafely } from './security';

type Logger = Parameters<typeof openExternalSafely>[1];

export function presentSignIn(logger: Logger): (prompt: SignInPrompt) => void {
  return (prompt) => {
    if (prompt.kind === 'browser') openExternalSafely(prompt.url, logger);
  };
}
