/**
 * What components read: named, typed selector hooks, one file per slice. Features and ui never
 * call `useAppState` themselves (lint forbids it); each hook returns a stored value or a
 * primitive, so a component re-renders only when what it reads changes.
 */
export * from './app';
export * from './endpoints';
export * from './sessions';
export * from './ui';
