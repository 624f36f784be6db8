/**
 * Small pure text helpers of the demo agent: splitting answers into stream chunks, reading
 * the user's prompt, and deriving a session title. Pure so they are trivially testable.
 */
import type { ContentBlock } from '@agentclientprotocol/sdk';

/**
 * Splits `text` into chunks of roughly `size` characters, cut after whitespace so words
 * stay whole. Joining the chunks gives back `text` exactly (whitespace included), which
 * is what a client concatenating `agent_message_chunk`s relies on.
 */
export function chunkText(text: string, size: number): string[] {
  const words = text.match(/\S*\s*/g)?.filter((w) => w.length > 0) ?? [];
  const chunks: string[] = [];
  let current = '';
  for (const word of words) {
    current += word;
    if (current.length >= size) {
      chunks.push(current);
      current = '';
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** The text of all text blocks of a prompt, joined by newlines. */
export function promptText(prompt: readonly ContentBlock[]): string {
  return prompt
    .filter((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text')
    .map((b) => b.text)
    .join('\n');
}

/** One line per non-text block, for the answer to acknowledge attachments. */
export function describeAttachments(prompt: readonly ContentBlock[]): string[] {
  return prompt.flatMap((b): string[] => {
    switch (b.type) {
      case 'text':
        return [];
      case 'image':
        return [`an image (${b.mimeType}, ${Math.round((b.data.length * 3) / 4)} bytes)`];
      case 'audio':
        return [`an audio clip (${b.mimeType})`];
      case 'resource_link':
        return [`a link to \`${b.uri}\``];
      case 'resource':
        return [`the embedded resource \`${b.resource.uri}\``];
    }
  });
}

/** A session title from the first prompt: its first non-empty line, at most 60 chars. */
export function titleFromPrompt(text: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? 'Untitled demo session';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** Quotes text as a Markdown blockquote. */
export function blockquote(text: string): string {
  const body = text.trim().length > 0 ? text.trim() : '(an empty prompt)';
  return body
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}
