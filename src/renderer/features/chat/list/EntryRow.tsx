import { memo } from 'react';
import type { Entry } from '../../../../shared/domain/session';
import { cardKey } from '../../../../shared/session/timeline';
import { ElicitationCard } from '../elicitation/ElicitationCard';
import { PermissionDecision } from '../permission/PermissionDecision';
import { ShowFrames } from '../../traffic/ShowFrames';
import { ToolCallRow } from '../tool/ToolCallCard';
import { AgentMessage, UserMessage } from './Messages';
import { MarkerEntry, TurnEndEntry } from './Notices';
import { ThoughtEntry } from './ThoughtEntry';

/**
 * One timeline entry. Memoized on the entry object: the reducer keeps the identity of every
 * entry a batch did not touch, so a streamed chunk re-renders only the entry it grew.
 */
export const EntryRow = memo(function EntryRow({
  sessionId,
  entry,
  streaming,
}: Readonly<{ sessionId: string; entry: Entry; streaming: boolean }>) {
  switch (entry.kind) {
    case 'user':
      return <UserMessage entry={entry} sending={Boolean(entry.pending) && streaming} />;
    case 'agent':
      return (
        <div className="frames-wrap has-frames">
          <AgentMessage entry={entry} />
          <ShowFrames sessionId={sessionId} of={{ kind: 'entry', entry }} />
        </div>
      );
    case 'thought':
      return (
        <div className="frames-wrap has-frames">
          <ThoughtEntry sessionId={sessionId} entry={entry} streaming={streaming} />
          <ShowFrames sessionId={sessionId} of={{ kind: 'entry', entry }} />
        </div>
      );
    case 'tool_call':
      return <ToolCallRow sessionId={sessionId} toolCallId={entry.toolCallId} cardKey={cardKey(entry)} />;
    case 'marker':
      return <MarkerEntry entry={entry} />;
    case 'turn_end':
      return <TurnEndEntry entry={entry} />;
    case 'permission':
      return <PermissionDecision entry={entry} />;
    case 'elicitation':
      return <ElicitationCard sessionId={sessionId} entry={entry} />;
    default:
      return null;
  }
});
