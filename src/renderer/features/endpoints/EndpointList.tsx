import { useRef, type KeyboardEvent } from 'react';
import { useCommands } from '../../state/store-context';
import { useEndpoints, useSelectedId } from '../../state/selectors';
import { EndpointListItem } from './EndpointListItem';
import { nextListIndex } from './list-navigation';

/** Saved endpoints as a single-select listbox: selection follows focus (arrows, Home, End). */
export function EndpointList({ labelledBy }: Readonly<{ labelledBy: string }>) {
  const endpoints = useEndpoints();
  const selectedId = useSelectedId();
  const { selectEndpoint } = useCommands();
  const options = useRef(new Map<string, HTMLLIElement>());
  const selectedIndex = endpoints.findIndex((e) => e.id === selectedId);
  const tabStop = selectedIndex >= 0 ? selectedIndex : 0;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const current = endpoints.findIndex((e) => options.current.get(e.id) === document.activeElement);
    const target = nextListIndex(event.key, current >= 0 ? current : tabStop, endpoints.length);
    const next = target === null ? undefined : endpoints[target];
    if (!next) return;
    event.preventDefault();
    options.current.get(next.id)?.focus();
    void selectEndpoint(next.id);
  };

  return (
    <ul
      className="endpoint-list"
      role="listbox"
      aria-labelledby={labelledBy}
      data-testid="endpoint-list"
      onKeyDown={onKeyDown}
    >
      {endpoints.map((endpoint, index) => (
        <EndpointListItem
          key={endpoint.id}
          endpoint={endpoint}
          selected={endpoint.id === selectedId}
          tabbable={index === tabStop}
          onSelect={() => void selectEndpoint(endpoint.id)}
          optionRef={(el) => {
            if (el) options.current.set(endpoint.id, el);
            else options.current.delete(endpoint.id);
          }}
        />
      ))}
    </ul>
  );
}
