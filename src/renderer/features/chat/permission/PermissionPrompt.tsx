import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PendingPermission, PermissionOutcome } from '../../../../shared/domain/session';
import { useAppStore } from '../../../state/store-context';
import { Glyph } from '../icons';
import { defaultOption, moveFocus, optionClass } from './permission-view';

/** Someone is typing a message: do not steal their focus. */
function userIsTyping(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLTextAreaElement && el.value.trim().length > 0;
}

/** The agent asks before running a tool: one button per option, plus Cancel. */
export function PermissionPrompt({
  sessionId,
  permission,
  title,
}: Readonly<{ sessionId: string; permission: PendingPermission; title: string }>) {
  const store = useAppStore();
  const group = useRef<HTMLDivElement>(null);
  const [sent, setSent] = useState(false);
  const first = defaultOption(permission.options);

  useEffect(() => {
    if (userIsTyping()) return;
    const buttons = group.current?.querySelectorAll<HTMLButtonElement>('button.perm-option') ?? [];
    [...buttons].find((b) => b.dataset.optionId === first?.optionId)?.focus();
  }, [permission.requestId, first?.optionId]);

  const resolve = (outcome: PermissionOutcome) => {
    setSent(true);
    void store.sessions.resolvePermission(sessionId, permission.requestId, outcome).finally(() => setSent(false));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(group.current?.querySelectorAll<HTMLButtonElement>('button.perm-option') ?? [])];
    const next = moveFocus(e.key, buttons.indexOf(document.activeElement as HTMLButtonElement), buttons.length);
    if (next === null) return;
    e.preventDefault();
    buttons[next]?.focus();
  };
  const label = `Permission request: ${title}`;
  return (
    <div
      className="perm"
      role="group"
      aria-label={label}
      data-testid="permission-prompt"
      ref={group}
      onKeyDown={onKeyDown}
    >
      <p className="perm-question">
        <Glyph name="shield" />
        <span>
          Allow the agent to run <strong>{title}</strong>?
        </span>
      </p>
      <div className="perm-actions">
        {permission.options.map((o) => (
          <button
            key={o.optionId}
            type="button"
            className={optionClass(o.kind)}
            data-testid="permission-option"
            data-kind={o.kind}
            data-option-id={o.optionId}
            disabled={sent}
            onClick={() => resolve({ outcome: 'selected', optionId: o.optionId })}
          >
            {o.name}
          </button>
        ))}
        <button
          type="button"
          className="link-btn perm-cancel"
          data-testid="permission-cancel"
          disabled={sent}
          onClick={() => resolve({ outcome: 'cancelled' })}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
