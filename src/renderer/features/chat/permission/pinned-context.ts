/**
 * Permission requests currently pinned above the composer (their card is out of view). A card
 * whose request is pinned does not show the prompt a second time: one prompt per request.
 */
import { createContext, useContext } from 'react';

const NONE: ReadonlySet<string> = new Set();

export const PinnedPermissions = createContext<ReadonlySet<string>>(NONE);

export function usePinnedPermission(requestId: string | undefined): boolean {
  const pinned = useContext(PinnedPermissions);
  return requestId !== undefined && pinned.has(requestId);
}
