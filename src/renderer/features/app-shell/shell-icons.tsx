import { SvgIcon } from '../../ui/icons';

/** Stroke icons for the shell, the sidebar, the editor and the history (16px grid, decorative). */
const PATHS = {
  plus: 'M8 3v10M3 8h10',
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.8h2.8M8 5v3.2l2.2 1.3',
  command:
    'M6 6h4v4H6zM6 6V4.5A1.5 1.5 0 1 0 4.5 6H6M10 6V4.5A1.5 1.5 0 1 1 11.5 6H10M6 10v1.5A1.5 1.5 0 1 1 4.5 10H6M10 10v1.5a1.5 1.5 0 1 0 1.5-1.5H10',
  import: 'M8 2v8.5M4.5 7L8 10.5 11.5 7M2.5 13.5h11',
  export: 'M8 10.5V2M4.5 5.5L8 2l3.5 3.5M2.5 13.5h11',
  panel: 'M2 3h12v10H2zM10 3v10',
  pencil: 'M11 2.5l2.5 2.5L6 12.5l-3 .5.5-3zM9.5 4l2.5 2.5',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  trash: 'M2.5 4.5h11M6 4.5V2.5h4v2M4 4.5l.7 9h6.6l.7-9M6.8 7v4.5M9.2 7v4.5',
  lock: 'M3.5 7h9v7h-9zM5.5 7V5a2.5 2.5 0 0 1 5 0v2',
  chat: 'M2.5 3h11v8H7l-3 2.5V11H2.5z',
  search: 'M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10.7 10.7L14 14',
  close: 'M4 4l8 8M12 4l-8 8',
  chevron: 'M6 4l4 4-4 4',
  key: 'M10 2.5a3.5 3.5 0 1 1-3.2 4.9L2.5 11.7V13.5h2v-1.5H6v-1.5h1.5l.6-.6M11 5h.1',
  download: 'M8 2v8.5M4.5 7L8 10.5 11.5 7M2.5 13.5h11',
  traffic: 'M2 5h9M8.5 2.5L11 5 8.5 7.5M14 11H5M7.5 8.5L5 11l2.5 2.5',
} as const;

export type ShellIconName = keyof typeof PATHS;

export function ShellIcon({ name, className }: Readonly<{ name: ShellIconName; className?: string }>) {
  return (
    <SvgIcon {...(className ? { className } : {})}>
      <path d={PATHS[name]} />
    </SvgIcon>
  );
}
