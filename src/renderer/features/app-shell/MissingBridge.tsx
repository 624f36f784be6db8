/** Shown when the bundle is opened without a host (neither the preload nor a browser-mode token). */
export function MissingBridge() {
  return (
    <main className="missing-bridge">
      <div className="missing-bridge-card">
        <h1>ACP Desk is not connected to its host</h1>
        <p>
          Open ACP Desk through <code>npm start</code> or the URL printed by <code>acp-desk web</code>.
        </p>
        <p className="muted">
          This page was opened directly, so it has no way to reach your saved endpoints or agents.
        </p>
      </div>
    </main>
  );
}
