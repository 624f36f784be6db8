/**
 * The global keyboard shortcuts: which key combination runs what, and how each one is written
 * in the palette ("Ctrl+K", or "⌘K" on a Mac). Pure.
 */
export const SHORTCUT_IDS = [
  'palette',
  'newSession',
  'nextSession',
  'prevSession',
  'focusComposer',
  'toggleSidePanel',
  'history',
] as const;
export type ShortcutId = (typeof SHORTCUT_IDS)[number];

/** The parts of a KeyboardEvent a shortcut looks at. */
export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

interface Combo {
  /** Ctrl, or ⌘ on a Mac (either is accepted everywhere). */
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  /** Lower-case `key`, or a physical `code` for keys that shift changes ("]" → "}"). */
  readonly key?: string;
  readonly code?: string;
  /** How the key is written in a label. */
  readonly label: string;
}

const mod = (key: string, label = key.toUpperCase()): Combo => ({ mod: true, shift: false, alt: false, key, label });

const COMBOS: Readonly<Record<ShortcutId, readonly Combo[]>> = {
  palette: [mod('k')],
  newSession: [mod('n')],
  nextSession: [
    { mod: true, shift: true, alt: false, code: 'BracketRight', label: ']' },
    { mod: false, shift: false, alt: true, key: 'arrowdown', label: '↓' },
  ],
  prevSession: [
    { mod: true, shift: true, alt: false, code: 'BracketLeft', label: '[' },
    { mod: false, shift: false, alt: true, key: 'arrowup', label: '↑' },
  ],
  focusComposer: [mod('l')],
  toggleSidePanel: [mod('b')],
  history: [{ mod: true, shift: true, alt: false, key: 'h', label: 'H' }],
};

const BRACKET_KEYS: Readonly<Record<string, string>> = { BracketRight: ']}', BracketLeft: '[{' };

function matches(c: Combo, e: KeyLike): boolean {
  const modDown = e.ctrlKey || e.metaKey;
  if (c.mod !== modDown || c.shift !== e.shiftKey || c.alt !== e.altKey) return false;
  if (c.code) return e.code === c.code || (BRACKET_KEYS[c.code]?.includes(e.key) ?? false);
  return e.key.toLowerCase() === c.key;
}

export function matchShortcut(e: KeyLike): ShortcutId | null {
  for (const id of SHORTCUT_IDS) if (COMBOS[id].some((c) => matches(c, e))) return id;
  return null;
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
}

function comboLabel(c: Combo, mac: boolean): string {
  const parts = [
    ...(c.mod ? [mac ? '⌘' : 'Ctrl'] : []),
    ...(c.alt ? [mac ? '⌥' : 'Alt'] : []),
    ...(c.shift ? [mac ? '⇧' : 'Shift'] : []),
    c.label,
  ];
  return mac ? parts.join('') : parts.join('+');
}

/** Every way to press a shortcut, as written: ["Ctrl+Shift+]", "Alt+↓"]. */
export function shortcutLabels(id: ShortcutId, mac: boolean = isMacPlatform()): string[] {
  return COMBOS[id].map((c) => comboLabel(c, mac));
}

/** True while the person types into a field, where only Ctrl/⌘ shortcuts apply. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}
