#!/usr/bin/env node
// `npm start`: launch the desktop app (`electron-vite preview`, arguments passed through), but
// first check that the Electron binary is there; if it is not, say what happened and what to do
// instead of electron's bare "Error: Electron uninstall".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkElectron, explainMissingElectron } from './start-check.mjs';

const require = createRequire(import.meta.url);

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const check = checkElectron({
  electronDir: packageDir('electron'),
  env: process.env,
  exists: existsSync,
  readFile: (p) => readFileSync(p, 'utf8'),
});
if (!check.ok) {
  console.error(explainMissingElectron(check.problem));
  process.exit(1);
}

const viteDir = packageDir('electron-vite');
if (!viteDir) {
  console.error('ACP Desk cannot start: electron-vite is not installed. Run npm install.');
  process.exit(1);
}
const bin = require(path.join(viteDir, 'package.json')).bin['electron-vite'];
const child = spawn(process.execPath, [path.join(viteDir, bin), 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => {
  console.error(`ACP Desk cannot start electron-vite: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
