import { existsSync } from 'node:fs';

export function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
    .filter((p): p is string => Boolean(p))
    .find((p) => existsSync(p));
}

/** Flags that keep Debian's Chromium off the (closed) network and working as root. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium a spec runs in. With E2E_REQUIRED=1 (CI) a missing browser fails the run here,
 * once for every spec, instead of letting the spec skip.
 */
export function specChromium(): string | undefined {
  const found = findChromium();
  if (!found && process.env.E2E_REQUIRED === '1')
    throw new Error('E2E_REQUIRED=1 but no Chromium was found (set CHROMIUM_PATH or install /usr/bin/chromium)');
  return found;
}
