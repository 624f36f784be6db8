/**
 * `acp-desk web` serves the same renderer bundle as the desktop app (out/renderer). Right
 * after a fresh clone that bundle does not exist yet, so the web command builds it on first
 * run. The renderer settings come from electron.vite.config.ts through electron-vite's own
 * config resolver (same root, plugins, target and `base: './'` as `electron-vite build`), but
 * only the renderer is built: browser mode needs neither main nor preload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** True when `<rendererDir>/index.html` exists. */
export function rendererIsBuilt(rendererDir: string): boolean {
  return existsSync(path.join(rendererDir, 'index.html'));
}

/**
 * Builds the renderer of the project at `repoRoot` into `outDir`. Vite's progress output is
 * kept off stdout (log level `warn` goes to stderr), because stdout carries the URL line.
 * The build tools are devDependencies, imported lazily so the host itself never loads them.
 */
export async function buildRenderer(repoRoot: string, outDir: string): Promise<void> {
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  process.env.NODE_ENV_ELECTRON_VITE = 'production';
  const resolved = await resolveConfig({ root: repoRoot, mode: 'production', logLevel: 'warn' }, 'build', 'production');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error(`No renderer config in ${resolved.configFile ?? 'electron.vite.config.ts'}`);
  await build({
    ...renderer,
    configFile: false,
    logLevel: 'warn',
    build: { ...renderer.build, outDir, emptyOutDir: true },
  });
}

/** Builds the renderer unless it is already there; `onBuild` announces the (slow) build. */
export async function ensureRendererBuilt(repoRoot: string, rendererDir: string, onBuild: () => void): Promise<void> {
  if (rendererIsBuilt(rendererDir)) return;
  onBuild();
  await buildRenderer(repoRoot, rendererDir);
  if (!rendererIsBuilt(rendererDir))
    throw new Error(`The UI build did not produce ${path.join(rendererDir, 'index.html')}`);
}
