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

type ImageBlock = Extract<ContentBlock, { type: 'image' }>;

/** `data:image/<subtype>[;params],…`: the only image source an agent may hand the page. */
const EMBEDDED_IMAGE = /^data:image\/[a-z0-9.+-]+(;[^,]*)?,/i;
const IMAGE_MIME = /^image\/[a-z0-9.+-]+$/i;

/**
 * Where an agent's image may be loaded from, or why not. Only embedded images are shown:
 * the block's base64 `data` with an `image/*` type, or a `data:image/*` URI. An http(s) URI
 * would make the page fetch from wherever the agent points (a tracking pixel, a request to a
 * local service), and file: or custom schemes must not be reachable from agent content at all.
 */
export function imageSource(block: ImageBlock): { readonly src: string } | { readonly refused: string } {
  if (block.data) {
    if (!IMAGE_MIME.test(block.mimeType)) return { refused: `type ${block.mimeType.slice(0, 60)}` };
    return { src: `data:${block.mimeType};base64,${block.data}` };
  }
  const uri = block.uri ?? '';
  if (!uri) return { refused: 'no image data' };
  if (EMBEDDED_IMAGE.test(uri)) return { src: uri };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  return { refused: scheme ? `uri scheme ${scheme.toLowerCase().slice(0, 30)}:` : 'uri has no scheme' };
}

export function ImageThumb({ block }: Readonly<{ block: ImageBlock }>) {
  const source = imageSource(block);
  if ('refused' in source) {
    return (
      <span className="thumb thumb-refused" data-testid="image-refused">
        Image not shown: only embedded images are displayed ({source.refused})
      </span>
    );
  }
  return (
    <span className="thumb">
      <img src={source.src} alt={`Attached image (${block.mimeType})`} />
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
