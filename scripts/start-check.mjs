// The check behind `npm start`: is the Electron binary there? Pure (the file system comes in
// as functions), so it is tested without touching node_modules. It mirrors how
// `require('electron')` finds the binary (node_modules/electron/path.txt → dist/<path>, or
// ELECTRON_OVERRIDE_DIST_PATH) but never downloads, which `require('electron')` would try.
import path from 'node:path';

/**
 * @param {{ electronDir: string | null, env: Record<string, string | undefined>,
 *   exists: (p: string) => boolean, readFile: (p: string) => string }} io
 * @returns {{ ok: true, binary: string } | { ok: false, problem: string }}
 */
export function checkElectron({ electronDir, env, exists, readFile }) {
  if (!electronDir)
    return { ok: false, problem: 'The electron package is not installed (node_modules/electron is missing).' };
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = exists(pathFile) ? readFile(pathFile).trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return exists(binary)
      ? { ok: true, binary }
      : { ok: false, problem: `ELECTRON_OVERRIDE_DIST_PATH is set, but there is no Electron binary at ${binary}.` };
  }
  if (!relative)
    return {
      ok: false,
      problem:
        "The Electron binary was never downloaded (electron's install step did not finish, e.g. without network access).",
    };
  const binary = path.join(electronDir, 'dist', relative);
  return exists(binary)
    ? { ok: true, binary }
    : { ok: false, problem: `The Electron binary is missing (expected at ${binary}).` };
}

/** What to print when the check fails: what happened and what to do. */
export function explainMissingElectron(problem) {
  return [
    'ACP Desk cannot start the desktop app.',
    problem,
    '',
    'What to do:',
    '  • Reinstall with network access, so Electron can fetch its binary:',
    '      rm -rf node_modules/electron && npm install',
    '    (behind a proxy or mirror, set ELECTRON_MIRROR or HTTPS_PROXY first).',
    '  • Or use ACP Desk in your browser, which needs no Electron:',
    '      npm run acp -- web',
  ].join('\n');
}
