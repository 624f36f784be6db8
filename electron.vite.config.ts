import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

const pkgs = (names: readonly string[]) => new RegExp(`[\\\\/]node_modules[\\\\/](?:${names.join('|')})[\\\\/]`);

/**
 * Vendor chunks of the renderer, split by how often they change and what loads them: React,
 * the Markdown pipeline (react-markdown, remark/rehype/micromark and their unist helpers), the
 * ACP SDK with zod. No catch-all vendor group: it would pull what only lazy chunks use (the
 * traffic inspector's libraries; highlight.js and lowlight, imported on demand one chunk per
 * grammar, see chat/markdown/highlighter.ts) into a chunk loaded up front.
 */
const VENDOR_CHUNKS = [
  { name: 'vendor-react', test: pkgs(['react', 'react-dom', 'scheduler']), priority: 40 },
  {
    name: 'vendor-markdown',
    test: pkgs([
      'react-markdown',
      'remark-[^/\\\\]+',
      'rehype-[^/\\\\]+',
      'micromark[^/\\\\]*',
      'mdast-[^/\\\\]+',
      'hast-[^/\\\\]+',
      'unist-[^/\\\\]+',
      'unified',
      'vfile[^/\\\\]*',
      'bail',
      'ccount',
      'character-[^/\\\\]+',
      'comma-separated-tokens',
      'decode-named-character-reference',
      'devlop',
      'escape-string-regexp',
      'estree-util-[^/\\\\]+',
      'extend',
      'html-url-attributes',
      'inline-style-parser',
      'is-plain-obj',
      'longest-streak',
      'markdown-table',
      'property-information',
      'space-separated-tokens',
      'style-to-[^/\\\\]+',
      'trim-lines',
      'trough',
      'zwitch',
    ]),
    priority: 30,
  },
  { name: 'vendor-sdk', test: pkgs(['@agentclientprotocol', 'zod']), priority: 20 },
];

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The traffic log's worker thread (src/core/traffic/traffic-host.ts starts it from beside index.js).
          'traffic-worker': resolve(root, 'src/core/traffic/traffic-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload cannot be ESM and cannot require npm modules: one CJS bundle.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified; the window and browser mode load it on
      // every start, so minify it (esbuild) and keep source maps out of the shipped bundle.
      minify: 'esbuild',
      sourcemap: false,
      // rolldownOptions, not rollupOptions: electron-vite overwrites the latter with the former.
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
        output: { codeSplitting: { groups: VENDOR_CHUNKS } },
      },
    },
    plugins: [react()],
  },
});
