import type { ContentBlock } from '@agentclientprotocol/sdk';
import { Glyph } from '../icons';

/** Non-text blocks of a message as chips (links, embedded files, audio). */
export function ContentChip({ block }: Readonly<{ block: ContentBlock }>) {
  switch (block.type) {
    case 'resource_link':
      return (
        <span className="content-chip" title={block.uri}>
          <Glyph name="link" />
          <span className="content-chip-name">{block.title ?? block.name}</span>
        </span>
      );
    case 'resource': {
      const uri = block.resource.uri;
      return (
        <span className="content-chip" title={uri}>
          <Glyph name="file" />
          <span className="content-chip-name">{fileName(uri)}</span>
        </span>
      );
    }
    case 'audio':
      return (
        <span className="content-chip">
          <Glyph name="info" />
          <span className="content-chip-name">Audio ({block.mimeType})</span>
        </span>
      );
    default:
      return null;
  }
}

export function ImageThumb({ block }: Readonly<{ block: Extract<ContentBlock, { type: 'image' }> }>) {
  const src = block.data ? `data:${block.mimeType};base64,${block.data}` : (block.uri ?? '');
  return (
    <span className="thumb">
      <img src={src} alt={`Attached image (${block.mimeType})`} />
    </span>
  );
}

export function fileName(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  const last = clean.split('/').filter(Boolean).pop();
  try {
    return decodeURIComponent(last ?? uri);
  } catch {
    return last ?? uri;
  }
}

/** The non-text blocks of a message: image thumbnails first, then chips. */
export function Attachments({ blocks }: Readonly<{ blocks: readonly ContentBlock[] }>) {
  const images = blocks.filter((b): b is Extract<ContentBlock, { type: 'image' }> => b.type === 'image');
  const others = blocks.filter((b) => b.type !== 'text' && b.type !== 'image');
  if (!images.length && !others.length) return null;
  return (
    <div className="msg-attachments">
      {images.map((b, i) => (
        <ImageThumb key={`i${i}`} block={b} />
      ))}
      {others.map((b, i) => (
        <ContentChip key={`c${i}`} block={b} />
      ))}
    </div>
  );
}
