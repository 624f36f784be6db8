import type { CompletionApi } from './use-completion';

/** The "/" command list above the composer (a listbox driven from the textarea's keys). */
export function CommandCompletion({ id, completion }: Readonly<{ id: string; completion: CompletionApi }>) {
  return (
    <ul className="completion" id={id} role="listbox" aria-label="Agent commands" data-testid="command-completion">
      {completion.matches.map((c, i) => (
        <li
          key={c.name}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === completion.active}
          className="completion-item"
          onPointerDown={(e) => e.preventDefault()}
          onPointerEnter={() => completion.hover(i)}
          onClick={() => completion.pick(i)}
        >
          <span className="completion-name">
            /{c.name}
            {c.input?.hint && <span className="completion-hint"> {c.input.hint}</span>}
          </span>
          <span className="completion-desc">{c.description}</span>
        </li>
      ))}
    </ul>
  );
}
