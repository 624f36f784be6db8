/**
 * Files pasted or dropped on the composer → prompt content blocks, within what the agent
 * accepts: images need `promptCapabilities.image`, text files need `embeddedContext`
 * (they become embedded `resource` blocks). Everything else is refused with a reason.
 */
import type { ContentBlock, PromptCapabilities } from '@agentclientprotocol/sdk';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly kind: 'image' | 'file';
  readonly block: ContentBlock;
}

export type FileVerdict =
  { readonly ok: true; readonly kind: 'image' | 'file' } | { readonly ok: false; readonly reason: string };

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|typescript|x-yaml|yaml|toml|x-sh|sql|graphql))/;
const TEXT_EXTENSIONS =
  /\.(txt|md|markdown|json|jsonc|ya?ml|toml|ini|cfg|conf|csv|tsv|xml|html?|css|scss|less|[cm]?[jt]sx?|py|rb|go|rs|java|kt|swift|c|h|cc|cpp|hpp|cs|php|sh|bash|zsh|fish|ps1|sql|graphql|proto|lua|r|pl|ex|exs|erl|hs|clj|scala|dart|vue|svelte|log|env|gitignore|dockerfile|makefile)$/i;

export function isTextFile(file: Pick<File, 'name' | 'type'>): boolean {
  return TEXT_TYPES.test(file.type) || (!file.type.startsWith('image/') && TEXT_EXTENSIONS.test(file.name));
}

export function classifyFile(
  file: Pick<File, 'name' | 'type' | 'size'>,
  caps: PromptCapabilities | undefined,
): FileVerdict {
  const name = file.name || 'the pasted item';
  if (file.size > MAX_ATTACHMENT_BYTES)
    return { ok: false, reason: `${name} is larger than 5 MB, so it was not attached.` };
  if (file.type.startsWith('image/')) {
    return caps?.image
      ? { ok: true, kind: 'image' }
      : { ok: false, reason: `This agent does not accept images, so ${name} was not attached.` };
  }
  if (isTextFile(file)) {
    return caps?.embeddedContext
      ? { ok: true, kind: 'file' }
      : {
          ok: false,
          reason: `This agent does not accept attached files, so ${name} was not attached. Paste its text into the message instead.`,
        };
  }
  return { ok: false, reason: `${name} is neither an image nor a text file; only those can be attached.` };
}

function readDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

let counter = 0;

/** Reads an accepted file into its content block. */
export async function readAttachment(file: File, kind: 'image' | 'file'): Promise<Attachment> {
  const id = `att-${++counter}`;
  const name = file.name || (kind === 'image' ? 'pasted-image' : 'pasted-text');
  if (kind === 'image') {
    const url = await readDataUrl(file);
    const data = url.slice(url.indexOf(',') + 1);
    return { id, name, size: file.size, kind, block: { type: 'image', data, mimeType: file.type } };
  }
  const text = await file.text();
  const block: ContentBlock = {
    type: 'resource',
    resource: { uri: `file:///${encodeURIComponent(name)}`, mimeType: file.type || 'text/plain', text },
  };
  return { id, name, size: file.size, kind, block };
}
