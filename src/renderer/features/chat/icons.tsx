/** Stroke icons for the chat view (16px grid, currentColor). Decorative: callers name them. */
import { SvgIcon } from '../../ui/icons';
import type { ToolKind } from '@agentclientprotocol/sdk';

/** The chat's icons draw into the shared frame. */
export const ChatIcon = SvgIcon;

const PATHS = {
  file: 'M4 1.5h5l3.5 3.5v9.5h-8.5zM9 1.5V5h3.5',
  pencil: 'M11 2.5l2.5 2.5L6 12.5l-3 .5.5-3zM9.5 4l2.5 2.5',
  trash: 'M2.5 4.5h11M6 4.5V2.5h4v2M4 4.5l.7 9h6.6l.7-9M6.8 7v4.5M9.2 7v4.5',
  move: 'M2 8h12M11 5l3 3-3 3M5 5L2 8l3 3',
  search: 'M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10.7 10.7L14 14',
  terminal: 'M2 3h12v10H2zM4.5 6l2 2-2 2M8 10.5h3.5',
  think: 'M6 13.5h4M6.5 11.5h3M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.8.6 1.3h4c0-.5.2-1 .6-1.3A4.5 4.5 0 0 0 8 1.5z',
  globe:
    'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM1.5 8h13M8 1.5c1.8 2 2.6 4 2.6 6.5S9.8 12.5 8 14.5M8 1.5C6.2 3.5 5.4 5.5 5.4 8s.8 4.5 2.6 6.5',
  switch: 'M2.5 5h9M9 2.5L11.5 5 9 7.5M13.5 11h-9M7 8.5L4.5 11 7 13.5',
  wrench: 'M10 2a3.5 3.5 0 0 0-3.3 4.7L2 11.4 4.6 14l4.7-4.7A3.5 3.5 0 0 0 14 6l-2 .5-2.5-2.5.5-2z',
  check: 'M3 8.5l3 3 7-7',
  x: 'M4 4l8 8M12 4l-8 8',
  clock: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM8 4.5V8l2.5 1.5',
  ban: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM3.5 3.5l9 9',
  chevron: 'M6 4l4 4-4 4',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  alert: 'M8 2l6.5 11.5h-13zM8 6.5v3.2M8 11.6v.1',
  info: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM8 7.3v4M8 4.8v.1',
  unplug:
    'M5 11l-2.5 2.5M11 5l2.5-2.5M4 7l5 5-1.2 1.2a3.5 3.5 0 0 1-5-5zM12 9L7 4l1.2-1.2a3.5 3.5 0 0 1 5 5zM2 2l12 12',
  refresh: 'M13.5 3v3.5H10M2.5 13V9.5H6M3.2 6.5A5 5 0 0 1 12.8 6M12.8 9.5A5 5 0 0 1 3.2 10',
  branch: 'M4.5 2v12M4.5 10c0-3 7-2 7-5.5M11.5 2.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
  send: 'M8 13V3M3.5 7.5L8 3l4.5 4.5',
  stop: 'M4.5 4.5h7v7h-7z',
  clip: 'M13 7.5l-5.3 5.3a3.2 3.2 0 0 1-4.5-4.5L8.8 2.7a2.1 2.1 0 0 1 3 3L6.3 11.2a1.1 1.1 0 0 1-1.5-1.5L9.8 4.7',
  download: 'M8 2v8.5M4.5 7L8 10.5 11.5 7M2.5 13.5h11',
  link: 'M6.5 9.5l3-3M7 4.5l1.2-1.2a2.8 2.8 0 0 1 4 4L11 8.5M9 11.5l-1.2 1.2a2.8 2.8 0 0 1-4-4L5 7.5',
  list: 'M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.1M2.5 8h.1M2.5 12h.1',
  lock: 'M3 7h10v7H3zM5.5 7V5a2.5 2.5 0 0 1 5 0v2',
  shield: 'M8 1.5l5.5 2v4c0 3.5-2.4 6-5.5 7-3.1-1-5.5-3.5-5.5-7v-4z',
} as const;

export type IconName = keyof typeof PATHS;

export function Glyph({ name, className }: Readonly<{ name: IconName; className?: string }>) {
  return (
    <ChatIcon className={className}>
      <path d={PATHS[name]} />
    </ChatIcon>
  );
}

const KIND_ICON: Readonly<Record<ToolKind, IconName>> = {
  read: 'file',
  edit: 'pencil',
  delete: 'trash',
  move: 'move',
  search: 'search',
  execute: 'terminal',
  think: 'think',
  fetch: 'globe',
  switch_mode: 'switch',
  other: 'wrench',
};

export function ToolKindIcon({ kind }: Readonly<{ kind: ToolKind }>) {
  return <Glyph name={KIND_ICON[kind] ?? 'wrench'} />;
}
