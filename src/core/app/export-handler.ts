/** `sessions:export`: a session (live, or its transcript) as Markdown or JSON, with the endpoint's secrets masked. */
import { AppError } from '../../shared/util/result';
import type { EndpointRepository } from '../endpoints/endpoint-repository';
import type { InvokeHandlers } from '../host/dispatch';
import { exportJson, exportMarkdown } from '../persistence/export';
import type { TranscriptStore } from '../persistence/transcript-store';
import type { SessionEngine } from '../session/session-engine';
import { Redactor } from '../transport/redact';

export function exportHandler(
  engine: SessionEngine,
  transcripts: TranscriptStore,
  endpoints: EndpointRepository,
): Pick<InvokeHandlers, 'sessions:export'> {
  return {
    'sessions:export': async ({ sessionId, format }) => {
      const live = engine.liveStates().get(sessionId);
      const read = await transcripts.read(sessionId);
      const state = live ?? read?.state;
      if (!state) throw new AppError('not_found', 'There is no transcript of that session to export.');
      const endpointName =
        endpoints.list().endpoints.find((e) => e.id === state.endpointId)?.name ?? 'Removed endpoint';
      // The endpoint's secrets, so any of them the agent echoed is masked in the document.
      const secrets = state.endpointId ? await endpoints.resolve(state.endpointId).catch(() => undefined) : undefined;
      const redactor = new Redactor(secrets?.secretHeaderNames, secrets?.secretValues);
      const meta = { endpointName, exportedAt: new Date(), redactor };
      return format === 'markdown' ? exportMarkdown(state, meta) : exportJson(state, read?.envelopes ?? [], meta);
    },
  };
}
