import type { ContentBlock } from '@agentclientprotocol/sdk';
import type { Entry } from '../../../../shared/domain/session';
import { Markdown } from '../markdown/Markdown';
import { Attachments } from './ContentChips';

type UserEntry = Extract<Entry, { kind: 'user' }>;
type AgentEntry = Extract<Entry, { kind: 'agent' }>;

function textOf(blocks: readonly ContentBlock[]): string {
  let out = '';
  for (const b of blocks) if (b.type === 'text') out += b.text;
  return out;
}

/**
 * The person's prompt: plain text (never Markdown-rendered), image thumbnails, chips. Styled
 * as sending while it is the optimistic entry and nothing has answered it yet.
 */
export function UserMessage({ entry, sending }: Readonly<{ entry: UserEntry; sending: boolean }>) {
  const text = textOf(entry.blocks);
  return (
    <div
      className={sending ? 'msg msg-user msg-pending' : 'msg msg-user'}
      data-testid="entry-user"
      data-pending={sending || undefined}
      aria-busy={sending || undefined}
    >
      {text && <p className="msg-user-text">{text}</p>}
      <Attachments blocks={entry.blocks} />
      {sending && <span className="visually-hidden">Sending</span>}
    </div>
  );
}

/** The agent's reply as Markdown (text blocks joined), then any non-text blocks. */
export function AgentMessage({ entry }: Readonly<{ entry: AgentEntry }>) {
  const text = textOf(entry.blocks);
  return (
    <div className="msg msg-agent" data-testid="entry-agent">
      {text && <Markdown text={text} />}
      <Attachments blocks={entry.blocks} />
    </div>
  );
}
