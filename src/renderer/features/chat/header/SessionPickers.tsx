import type { SessionConfigOption } from '@agentclientprotocol/sdk';
import { useAppStore } from '../../../state/store-context';
import { useSessionValue } from '../../../state/selectors';

/** The agent's modes as a select; hidden when the agent has none. */
export function ModePicker({ sessionId, disabled }: Readonly<{ sessionId: string; disabled?: boolean }>) {
  const store = useAppStore();
  const modes = useSessionValue(sessionId, (s) => s.modes);
  if (!modes || modes.availableModes.length === 0) return null;
  const current = modes.availableModes.find((m) => m.id === modes.currentModeId);
  return (
    <label className="picker" title={current?.description ? `Mode: ${current.description}` : 'Mode'}>
      <select
        className="picker-select"
        data-testid="mode-picker"
        aria-label="Session mode"
        value={modes.currentModeId}
        disabled={disabled}
        onChange={(e) => void store.sessions.setMode(sessionId, e.target.value)}
      >
        {modes.availableModes.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One control per session config option: a select (flat or grouped) or a switch. */
export function ConfigOptions({ sessionId, disabled }: Readonly<{ sessionId: string; disabled?: boolean }>) {
  const options = useSessionValue(sessionId, (s) => s.configOptions);
  if (!options?.length) return null;
  return (
    <>
      {options.map((o) => (
        <ConfigOptionControl key={o.id} sessionId={sessionId} option={o} disabled={disabled} />
      ))}
    </>
  );
}

function ConfigOptionControl({
  sessionId,
  option,
  disabled,
}: Readonly<{ sessionId: string; option: SessionConfigOption; disabled?: boolean | undefined }>) {
  const store = useAppStore();
  const set = (value: string | boolean) => void store.sessions.setConfigOption(sessionId, option.id, value);
  if (option.type === 'boolean') {
    return (
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={option.currentValue}
        data-testid="config-option"
        data-config-id={option.id}
        title={option.description ?? undefined}
        disabled={disabled}
        onClick={() => set(!option.currentValue)}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="picker-label">{option.name}</span>
      </button>
    );
  }
  return (
    <label className="picker" title={option.description ? `${option.name}: ${option.description}` : option.name}>
      <select
        className="picker-select"
        data-testid="config-option"
        data-config-id={option.id}
        aria-label={option.name}
        value={option.currentValue}
        disabled={disabled}
        onChange={(e) => set(e.target.value)}
      >
        {option.options.map((o) =>
          'group' in o ? (
            <optgroup key={o.group} label={o.name}>
              {o.options.map((g) => (
                <option key={g.value} value={g.value}>
                  {g.name}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={o.value} value={o.value}>
              {o.name}
            </option>
          ),
        )}
      </select>
    </label>
  );
}
