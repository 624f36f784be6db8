/** The fake bridge's support channels (issue 10): a diagnostics text, a log folder it cannot open, no updates. */
import type { UpdateStatus } from '../../shared/domain/support';
import { ok } from '../../shared/util/result';
import type { Handlers } from './fake-handlers';

export const FAKE_LOG_DIR = '/fake/acp-desk/logs';
const NO_UPDATES: UpdateStatus = { state: 'unsupported', message: 'Updates are for the desktop app.' };

export function fakeSupport(): Pick<
  Handlers,
  'app:diagnostics' | 'app:openLogFolder' | 'app:checkForUpdates' | 'app:updateStatus' | 'app:reportError'
> {
  return {
    'app:diagnostics': () =>
      ok({ text: 'ACP Desk 0.0.0-fake (browser mode)\n', logFile: `${FAKE_LOG_DIR}/acp-desk.log` }),
    'app:openLogFolder': () => ok({ path: FAKE_LOG_DIR, opened: false }),
    'app:checkForUpdates': () => ok(NO_UPDATES),
    'app:updateStatus': () => ok(NO_UPDATES),
    'app:reportError': () => ok(null),
  };
}
