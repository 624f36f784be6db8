import { useCallback, useState } from 'react';
import type { PromptCapabilities } from '@agentclientprotocol/sdk';
import { classifyFile, readAttachment, type Attachment } from './attachments';

export interface AttachmentsApi {
  readonly items: readonly Attachment[];
  /** Why the last file(s) were refused, as sentences; null when nothing was refused. */
  readonly notice: string | null;
  add(files: readonly File[]): Promise<void>;
  remove(id: string): void;
  clear(): void;
  /** Puts items back (a send that failed). */
  restore(items: readonly Attachment[]): void;
  dismissNotice(): void;
}

/** Attachment chips of the composer, filtered by what the agent accepts. */
export function useAttachments(caps: PromptCapabilities | undefined): AttachmentsApi {
  const [items, setItems] = useState<readonly Attachment[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const add = useCallback(
    async (files: readonly File[]) => {
      const refused: string[] = [];
      const accepted: Attachment[] = [];
      for (const file of files) {
        const verdict = classifyFile(file, caps);
        if (!verdict.ok) {
          refused.push(verdict.reason);
          continue;
        }
        try {
          accepted.push(await readAttachment(file, verdict.kind));
        } catch {
          refused.push(`${file.name} could not be read, so it was not attached.`);
        }
      }
      setNotice(refused.length ? refused.join(' ') : null);
      if (accepted.length) setItems((prev) => [...prev, ...accepted]);
    },
    [caps],
  );
  const remove = useCallback((id: string) => setItems((prev) => prev.filter((a) => a.id !== id)), []);
  const clear = useCallback(() => setItems([]), []);
  const restore = useCallback((back: readonly Attachment[]) => setItems((prev) => [...back, ...prev]), []);
  const dismissNotice = useCallback(() => setNotice(null), []);
  return { items, notice, add, remove, clear, restore, dismissNotice };
}
