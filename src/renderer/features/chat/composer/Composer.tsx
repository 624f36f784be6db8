import { useId } from 'react';
import { AttachmentChips } from './AttachmentChips';
import { CommandCompletion } from './CommandCompletion';
import { AttachButton, SendStopButton } from './ComposerButtons';
import { TurnStatus } from './TurnStatus';
import { useComposer } from './use-composer';

/** The prompt box: Enter sends, Shift+Enter breaks the line, Esc stops the turn, "/" lists commands. */
export function Composer({ sessionId }: Readonly<{ sessionId: string }>) {
  const c = useComposer(sessionId);
  const listId = useId();
  const noticeId = useId();
  const locked = c.lockedReason !== null;
  return (
    <div className="composer" data-testid="composer" data-dragging={c.dragging || undefined} {...c.drop}>
      {c.completion.open && <CommandCompletion id={listId} completion={c.completion} />}
      <div className={locked ? 'composer-box composer-locked' : 'composer-box'}>
        <AttachmentChips items={c.attachments.items} onRemove={c.attachments.remove} />
        <textarea
          ref={c.input}
          className="composer-input"
          data-testid="composer-input"
          aria-label="Message the agent"
          aria-describedby={c.attachments.notice || locked ? noticeId : undefined}
          aria-controls={c.completion.open ? listId : undefined}
          aria-activedescendant={c.completion.open ? `${listId}-${c.completion.active}` : undefined}
          aria-autocomplete="list"
          placeholder={locked ? 'This session cannot take prompts' : 'Message the agent — "/" for commands'}
          value={c.text}
          disabled={locked}
          rows={2}
          onChange={(e) => c.setText(e.target.value)}
          onKeyDown={c.onKeyDown}
          onPaste={c.onPaste}
        />
        <div className="composer-bar">
          <TurnStatus sessionId={sessionId} />
          <span className="composer-spacer" />
          {!locked && (
            <span className="composer-hint" aria-hidden="true">
              {c.running ? 'Esc to stop' : 'Enter to send · Shift+Enter for a new line'}
            </span>
          )}
          <AttachButton disabled={locked} onFiles={(files) => void c.attachments.add(files)} />
          <SendStopButton
            running={c.running}
            cancelling={c.turn === 'cancelling'}
            canSend={c.canSend}
            onSend={() => void c.send()}
            onStop={c.cancel}
          />
        </div>
      </div>
      {(c.attachments.notice || locked) && (
        <div className="composer-notes" id={noticeId}>
          {locked && <p className="composer-note composer-note-locked">{c.lockedReason}</p>}
          {c.attachments.notice && (
            <p className="composer-note composer-note-warn" role="status" data-testid="attachment-notice">
              {c.attachments.notice}
              <button type="button" className="link-btn" onClick={c.attachments.dismissNotice}>
                Dismiss
              </button>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
