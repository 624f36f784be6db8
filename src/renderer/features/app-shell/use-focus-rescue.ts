import { useEffect, useRef } from 'react';
import { useSidePanelOpen, useView } from '../../state/selectors';

/**
 * After the main view or the side panel changes, focus that was on a control which went away
 * (a Save button, a removed row) lands on the main area instead of the page body.
 */
export function useFocusRescue(): void {
  const view = useView();
  const side = useSidePanelOpen();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected)
      document.getElementById('main')?.focus({ preventScroll: true });
  }, [view, side]);
}
