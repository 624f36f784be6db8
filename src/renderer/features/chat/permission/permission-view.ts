/** Option order, styling and keyboard movement for permission prompts. Pure. */
import type { PermissionOption, PermissionOptionKind } from '@agentclientprotocol/sdk';

export function optionClass(kind: PermissionOptionKind): string {
  switch (kind) {
    case 'allow_once':
      return 'btn btn-primary btn-sm perm-option';
    case 'allow_always':
      return 'btn btn-secondary btn-sm perm-option';
    default:
      return 'btn btn-secondary btn-sm perm-option perm-reject';
  }
}

export function isAllow(kind: PermissionOptionKind): boolean {
  return kind === 'allow_once' || kind === 'allow_always';
}

/** The option that takes focus when the prompt appears: allow once, else any allow, else the first. */
export function defaultOption(options: readonly PermissionOption[]): PermissionOption | undefined {
  return options.find((o) => o.kind === 'allow_once') ?? options.find((o) => isAllow(o.kind)) ?? options[0];
}

/** Index to focus after a key press among `count` buttons, or null for keys we do not handle. */
export function moveFocus(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
