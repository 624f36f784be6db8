import { act, render } from '@testing-library/react';
import type { AgentCapabilities, SessionUpdate } from '@agentclientprotocol/sdk';
import { createFakeBridge, type FakeHandlers } from '../../../src/renderer/bridge/fake-bridge';
import { ChatView } from '../../../src/renderer/features/chat/ChatView';
import { update } from '../../../src/renderer/state/app-state';
import {
  batchesReceived,
  snapshotReceived,
  statusReceived,
  summariesReceived,
} from '../../../src/renderer/state/sessions-slice';
import { createAppStore } from '../../../src/renderer/state/store';
import { StoreProvider } from '../../../src/renderer/state/store-context';
import type { SessionSummary } from '../../../src/shared/domain/history';
import type { SessionEvent, SessionEventEnvelope, SessionState } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { ok } from '../../../src/shared/util/result';

export const SID = 'sess-1';
export const EP = 'ep-1';
export const T0 = 1_700_000_000_000;

export const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
export const text = (t: string) => ({ type: 'text' as const, text: t });
export const opened: SessionEvent = { type: 'session_opened', endpointId: EP, cwd: '/work/demo', via: 'new' };

export function envelopes(events: readonly SessionEvent[], firstSeq = 1): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId: SID, seq: firstSeq + i, at: T0 + (firstSeq + i) * 100, event }));
}

export function fold(...events: SessionEvent[]): SessionState {
  return reduceAll(initialSessionState(SID), envelopes([opened, ...events]));
}

export function summary(patch: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: SID,
    endpointId: EP,
    endpointName: 'Demo agent',
    title: null,
    cwd: '/work/demo',
    lastActivity: T0,
    live: true,
    readOnly: null,
    turnRunning: false,
    ...patch,
  };
}

export interface ChatOptions {
  readonly capabilities?: AgentCapabilities;
  readonly summary?: Partial<SessionSummary> | null;
  readonly handlers?: FakeHandlers;
  readonly sidePanelOpen?: boolean;
}

/** Renders ChatView for a state folded from `state`, with a fake bridge that accepts session calls. */
export function renderChat(state: SessionState, options: ChatOptions = {}) {
  const bridge = createFakeBridge({
    handlers: {
      'sessions:prompt': () => ok({ turnId: 'turn-1' }),
      'sessions:cancel': () => ok(null),
      'sessions:resolvePermission': () => ok(null),
      'sessions:setMode': () => ok(null),
      'sessions:setConfigOption': () => ok(null),
      ...options.handlers,
    },
  });
  const store = createAppStore(bridge);
  update(store, 'sessions', (s) => snapshotReceived(s, { state, lastSeq: state.lastSeq }));
  update(store, 'sessions', (s) =>
    statusReceived(s, {
      endpointId: EP,
      state: 'connected',
      agentCapabilities: options.capabilities ?? { promptCapabilities: { image: true, embeddedContext: true } },
    }),
  );
  if (options.summary !== null)
    update(store, 'sessions', (s) => summariesReceived(s, [summary(options.summary ?? {})]));
  if (options.sidePanelOpen !== undefined)
    update(store, 'ui', (s) => ({ ...s, sidePanelOpen: options.sidePanelOpen! }));
  const view = render(
    <StoreProvider store={store}>
      <ChatView sessionId={SID} />
    </StoreProvider>,
  );
  /** Folds more events into the session, as a pushed batch would. */
  const push = (...events: SessionEvent[]) =>
    act(() => {
      const seq = store.getState().sessions.byId[SID]!.lastSeq + 1;
      update(store, 'sessions', (s) => batchesReceived(s, [{ sessionId: SID, events: envelopes(events, seq) }]).slice);
    });
  return { bridge, store, push, ...view };
}

/** Lets pending promises (bridge calls) settle. */
export const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
