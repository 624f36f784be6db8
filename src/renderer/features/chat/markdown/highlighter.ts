/**
 * Syntax highlighting on demand. Neither lowlight nor any grammar is in the initial bundle: the
 * first fence in a language imports the highlighter and that language (one small chunk each),
 * and the code block shows plain text until they arrive. The languages are highlight.js's
 * "common" set (what rehype-highlight bundled whole before), under their names and aliases.
 */
import type { Root } from 'hast';
import type { LanguageFn } from 'highlight.js';
import type { createLowlight } from 'lowlight';

type Grammar = () => Promise<{ default: LanguageFn }>;

/** One dynamic import per grammar, so each becomes its own chunk. */
const GRAMMARS: Record<string, Grammar> = {
  arduino: () => import('highlight.js/lib/languages/arduino'),
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  diff: () => import('highlight.js/lib/languages/diff'),
  go: () => import('highlight.js/lib/languages/go'),
  graphql: () => import('highlight.js/lib/languages/graphql'),
  ini: () => import('highlight.js/lib/languages/ini'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  less: () => import('highlight.js/lib/languages/less'),
  lua: () => import('highlight.js/lib/languages/lua'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  objectivec: () => import('highlight.js/lib/languages/objectivec'),
  perl: () => import('highlight.js/lib/languages/perl'),
  php: () => import('highlight.js/lib/languages/php'),
  'php-template': () => import('highlight.js/lib/languages/php-template'),
  python: () => import('highlight.js/lib/languages/python'),
  'python-repl': () => import('highlight.js/lib/languages/python-repl'),
  r: () => import('highlight.js/lib/languages/r'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  scss: () => import('highlight.js/lib/languages/scss'),
  shell: () => import('highlight.js/lib/languages/shell'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  vbnet: () => import('highlight.js/lib/languages/vbnet'),
  wasm: () => import('highlight.js/lib/languages/wasm'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
};

/** The grammars' own aliases (highlight.js 11.11), needed before a grammar is loaded. */
const ALIASES: Record<string, string> = Object.fromEntries(
  Object.entries({
    arduino: ['ino'],
    bash: ['sh', 'zsh'],
    c: ['h'],
    cpp: ['cc', 'c++', 'h++', 'hpp', 'hh', 'hxx', 'cxx'],
    csharp: ['cs', 'c#'],
    diff: ['patch'],
    go: ['golang'],
    graphql: ['gql'],
    ini: ['toml'],
    java: ['jsp'],
    javascript: ['js', 'jsx', 'mjs', 'cjs'],
    json: ['jsonc', 'json5'],
    kotlin: ['kt', 'kts'],
    lua: ['pluto'],
    makefile: ['mk', 'mak', 'make'],
    markdown: ['md', 'mkdown', 'mkd'],
    objectivec: ['mm', 'objc', 'obj-c', 'obj-c++', 'objective-c++'],
    perl: ['pl', 'pm'],
    python: ['py', 'gyp', 'ipython'],
    'python-repl': ['pycon'],
    ruby: ['rb', 'gemspec', 'podspec', 'thor', 'irb'],
    rust: ['rs'],
    shell: ['console', 'shellsession'],
    typescript: ['ts', 'tsx', 'mts', 'cts'],
    vbnet: ['vb'],
    xml: ['html', 'xhtml', 'rss', 'atom', 'xjb', 'xsd', 'xsl', 'plist', 'wsf', 'svg'],
    yaml: ['yml'],
  }).flatMap(([name, aliases]) => aliases.map((a) => [a, name])),
);

/** Grammars another one embeds (HTML's <style>/<script>, PHP in HTML), loaded with it. */
const EMBEDS: Record<string, readonly string[]> = { xml: ['css', 'javascript'], 'php-template': ['xml', 'php'] };

/** The grammar's name for a fence's language, or null when it is not one we highlight. */
export function grammarName(lang: string): string | null {
  const name = ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  return Object.hasOwn(GRAMMARS, name) ? name : null;
}

type Lowlight = ReturnType<typeof createLowlight>;

let lowlight: Promise<Lowlight> | undefined;
const loading = new Map<string, Promise<void>>();
const ready = new Set<string>();
let instance: Lowlight | undefined;

async function register(name: string): Promise<void> {
  lowlight ??= import('lowlight').then((m) => (instance = m.createLowlight()));
  const [ll, grammar] = await Promise.all([lowlight, GRAMMARS[name]!()]);
  ll.register(name, grammar.default);
  await Promise.all((EMBEDS[name] ?? []).map(loadGrammar));
  ready.add(name);
}

/** Loads a grammar (and the highlighter) once; later calls share the first. */
export function loadGrammar(name: string): Promise<void> {
  let p = loading.get(name);
  if (!p) {
    // A failed chunk load may be retried by the next block that asks.
    p = register(name).catch((e: unknown) => {
      loading.delete(name);
      throw e;
    });
    loading.set(name, p);
  }
  return p;
}

export function grammarReady(name: string): boolean {
  return ready.has(name);
}

/** The highlighted tree if the grammar is loaded, else null (show the code as plain text). */
export function highlightNow(name: string, code: string): Root | null {
  if (!instance || !ready.has(name)) return null;
  return instance.highlight(name, code);
}
