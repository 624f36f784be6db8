import type { ContentBlock, ToolCallContent, ToolKind } from '@agentclientprotocol/sdk';
import { blockText } from '../../../../shared/session/timeline';
import { ContentChip, imageSource } from '../list/ContentChips';
import { Markdown } from '../markdown/Markdown';
import { AnsiText } from './AnsiText';
import { hasAnsi } from './ansi';
import { DiffView } from './DiffView';
import { asCodeFence } from './tool-view';

/** One piece of tool output: Markdown text, coloured terminal text, a diff, or a terminal. */
export function ToolContent({
  content,
  kind,
  cwd,
  path,
}: Readonly<{ content: ToolCallContent; kind: ToolKind; cwd: string | null; path?: string | undefined }>) {
  switch (content.type) {
    case 'diff':
      return <DiffView diff={content} cwd={cwd} />;
    case 'terminal':
      return (
        <div className="terminal terminal-ref" data-testid="terminal-output" data-terminal-id={content.terminalId}>
          Terminal <code>{content.terminalId}</code> (output is streamed by the agent's terminal)
        </div>
      );
    case 'content':
      return <ToolBlock block={content.content} kind={kind} path={path} />;
    default:
      return null;
  }
}

function ToolBlock({
  block,
  kind,
  path,
}: Readonly<{ block: ContentBlock; kind: ToolKind; path?: string | undefined }>) {
  if (block.type === 'text') {
    if (kind === 'execute' || hasAnsi(block.text)) return <AnsiText text={block.text} label="Command output" />;
    return <Markdown text={kind === 'read' ? asCodeFence(block.text, path) : block.text} />;
  }
  if (block.type === 'image') {
    const source = imageSource(block);
    if ('refused' in source)
      return (
        <p className="muted" data-testid="image-refused">
          Image not shown: only embedded images are displayed ({source.refused})
        </p>
      );
    return <img className="tool-image" src={source.src} alt="Tool output" />;
  }
  if (block.type === 'resource' && 'text' in block.resource) return <AnsiText text={block.resource.text} />;
  if (block.type === 'resource_link' || block.type === 'resource' || block.type === 'audio')
    return <ContentChip block={block} />;
  return <p className="muted">{blockText(block)}</p>;
}
