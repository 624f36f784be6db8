/**
 * "Show frames": the quiet action of a chat item (shown on hover / focus) that opens the
 * traffic inspector on the frames that built the item (see frames-request.ts).
 */
import type { Entry } from '../../../shared/domain/session';
import { useAppStore } from '../../state/store-context';
import { requestFrames, type FramesTarget } from './frames-request';
import { turnFromEnd } from './turns';

export type FramesOf =
  | { readonly kind: 'toolcall'; readonly toolCallId: string }
  | { readonly kind: 'entry'; readonly entry: Extract<Entry, { kind: 'agent' | 'thought' }> }
  | { readonly kind: 'plan' };

const WHAT: Record<FramesOf['kind'] | 'agent' | 'thought', string> = {
  toolcall: 'tool call',
  entry: 'message',
  agent: 'message',
  thought: 'thought',
  plan: 'plan',
};

export function ShowFrames({ sessionId, of }: Readonly<{ sessionId: string; of: FramesOf }>) {
  const store = useAppStore();
  const what = of.kind === 'entry' ? WHAT[of.entry.kind] : WHAT[of.kind];
  const show = () => {
    const st = store.getState();
    const session = st.sessions.byId[sessionId];
    if (!session?.endpointId) return;
    let target: FramesTarget;
    if (of.kind === 'entry') {
      const update = of.entry.kind === 'agent' ? 'agent_message_chunk' : 'agent_thought_chunk';
      target = { kind: 'chunks', update, turnFromEnd: turnFromEnd(session.entryIds, session.entries, of.entry.id) };
    } else target = of;
    if (!st.ui.sidePanelOpen) store.commands.toggleSidePanel();
    requestFrames({ endpointId: session.endpointId, sessionId, target, label: `this ${what}` });
  };
  return (
    <button
      type="button"
      className="show-frames"
      data-testid="show-frames"
      aria-label={`Show the frames of this ${what}`}
      title={`Show the frames of this ${what} in the traffic inspector`}
      onClick={show}
    >
      Frames
    </button>
  );
}
