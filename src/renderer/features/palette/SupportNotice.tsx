/**
 * What a Help command left behind once the palette closed (issue 10): a small status in the
 * corner — "Diagnostics copied", the log folder's path (copyable: a browser page cannot open
 * folders), or the update's state, kept current while it downloads. Dismissed with ×.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { useAppStore } from '../../state/store-context';
import { copyText } from '../chat/markdown/clipboard';

export function SupportNotice() {
  const support = useAppStore().support;
  const notice = useStore(support.state, (s) => s.notice);
  const [copied, setCopied] = useState<string | null>(null);
  if (!notice) return null;
  const copyPath = async (path: string) => setCopied((await copyText(path)) ? path : null);
  return (
    <div
      className={`support-notice support-notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="support-notice"
    >
      <p className="support-notice-text">{notice.text}</p>
      {notice.path && (
        <div className="support-notice-path">
          <input
            readOnly
            aria-label="Log folder"
            data-testid="support-notice-path"
            value={notice.path}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" onClick={() => void copyPath(notice.path ?? '')}>
            {copied === notice.path ? 'Copied' : 'Copy path'}
          </button>
        </div>
      )}
      <button
        type="button"
        className="support-notice-close"
        aria-label="Dismiss"
        onClick={() => {
          setCopied(null);
          support.dismiss();
        }}
      >
        ×
      </button>
    </div>
  );
}
