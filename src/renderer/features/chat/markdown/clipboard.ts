/**
 * Copies text: the async Clipboard API first, then the legacy execCommand path (needed when
 * the API is missing or refused, e.g. a host that denies clipboard permissions).
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  return legacyCopy(text, doc);
}

function legacyCopy(text: string, doc: Document): boolean {
  const active = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'clipboard-helper';
  doc.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = doc.execCommand?.('copy') ?? false;
  } catch {
    ok = false;
  }
  area.remove();
  active?.focus?.();
  return ok;
}
