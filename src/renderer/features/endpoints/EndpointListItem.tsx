import type { KeyboardEvent } from 'react';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { ProbeState } from '../../state/endpoints-slice';
import { useProbe } from '../../state/selectors';
import { Badge, StatusDot, type Tone } from '../../ui/Badge';
import { urlHost } from './endpoint-view';

type Props = Readonly<{
  endpoint: SavedEndpoint;
  selected: boolean;
  tabbable: boolean;
  onSelect: () => void;
  optionRef: (el: HTMLLIElement | null) => void;
}>;

/** The dot is decorative; the hidden text says the same to assistive tech, after the name. */
const PROBE_DOT: Readonly<Record<ProbeState['status'], { tone: Tone; label: string }>> = {
  idle: { tone: 'neutral', label: '' },
  testing: { tone: 'warn', label: ', testing' },
  ok: { tone: 'ok', label: ', last test succeeded' },
  error: { tone: 'danger', label: ', last test failed' },
};

export function EndpointListItem({ endpoint, selected, tabbable, onSelect, optionRef }: Props) {
  const probe = useProbe(endpoint.id);
  const dot = PROBE_DOT[probe.status];
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onSelect();
  };
  return (
    <li
      ref={optionRef}
      className="endpoint-item"
      role="option"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-testid="endpoint-item"
      data-endpoint-name={endpoint.name}
      data-endpoint-id={endpoint.id}
      onClick={onSelect}
      onKeyDown={onKeyDown}
    >
      <StatusDot tone={dot.tone} />
      <span className="endpoint-item-text">
        <span className="endpoint-item-name">{endpoint.name}</span>
        <span className="endpoint-item-host">{urlHost(endpoint.url)}</span>
      </span>
      {endpoint.builtin && <Badge tone="accent">demo</Badge>}
      {dot.label && <span className="visually-hidden">{dot.label}</span>}
    </li>
  );
}
