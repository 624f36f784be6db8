import { FactList, type Fact } from '../../ui/FactList';
import { useCurrentEndpointName, useSessionState, useSessionStatus, useSessionSummary } from '../../state/selectors';
import { fullTime, relativeTime } from '../navigation/relative-time';
import { useClock } from '../navigation/use-clock';
import { useAgentSessionStatus } from './use-agent-session-status';

const TURN_TEXT = { idle: 'Idle', running: 'Running', cancelling: 'Cancelling…' } as const;

/** Facts about the open session for the side panel. */
export function SessionFacts({ sessionId }: Readonly<{ sessionId: string }>) {
  const state = useSessionState(sessionId);
  const summary = useSessionSummary(sessionId);
  const endpointName = useCurrentEndpointName(sessionId);
  const status = useSessionStatus(sessionId);
  const onAgent = useAgentSessionStatus(sessionId);
  const now = useClock();
  const mode = state?.modes?.availableModes.find((m) => m.id === state.modes?.currentModeId)?.name;
  const last = state?.lastActivity || summary?.lastActivity;
  const facts: Fact[] = [
    ...(endpointName ? [{ label: 'Endpoint', value: endpointName }] : []),
    {
      label: 'State',
      value: (
        <span data-testid="side-state" data-state={status.key}>
          {status.label}
        </span>
      ),
    },
    ...(onAgent ? [{ label: 'On the agent', value: <span data-testid="side-agent-status">{onAgent}</span> }] : []),
    ...(state ? [{ label: 'Turn', value: TURN_TEXT[state.turn.status] }] : []),
    ...(mode ? [{ label: 'Mode', value: mode }] : []),
    ...((state?.cwd ?? summary?.cwd) ? [{ label: 'Directory', value: state?.cwd ?? summary?.cwd, mono: true }] : []),
    ...(last ? [{ label: 'Last activity', value: <span title={fullTime(last)}>{relativeTime(last, now)}</span> }] : []),
    ...(state?.usage
      ? [
          {
            label: 'Context',
            value: `${state.usage.used.toLocaleString()} / ${state.usage.size.toLocaleString()} tokens`,
          },
        ]
      : []),
    {
      label: 'Session id',
      value: (
        <span className="side-id" title={sessionId}>
          {sessionId}
        </span>
      ),
      mono: true,
    },
  ];
  return (
    <>
      <FactList facts={facts} label="Session facts" />
      {summary?.readOnly && <p className="side-note">{summary.readOnly}</p>}
    </>
  );
}
