import { formatBytes } from '../format';
import { Glyph } from '../icons';
import type { Attachment } from './attachments';

/** Files waiting to be sent with the next prompt, each removable. */
export function AttachmentChips({
  items,
  onRemove,
}: Readonly<{ items: readonly Attachment[]; onRemove: (id: string) => void }>) {
  if (items.length === 0) return null;
  return (
    <ul className="attach-chips" aria-label="Attachments" data-testid="attachments">
      {items.map((a) => (
        <li key={a.id} className="attach-chip" data-kind={a.kind}>
          {a.block.type === 'image' ? (
            <img className="attach-thumb" src={`data:${a.block.mimeType};base64,${a.block.data}`} alt="" />
          ) : (
            <Glyph name="file" />
          )}
          <span className="attach-name" title={a.name}>
            {a.name}
          </span>
          <span className="attach-size">{formatBytes(a.size)}</span>
          <button
            type="button"
            className="attach-remove"
            aria-label={`Remove ${a.name}`}
            onClick={() => onRemove(a.id)}
          >
            <Glyph name="x" />
          </button>
        </li>
      ))}
    </ul>
  );
}
