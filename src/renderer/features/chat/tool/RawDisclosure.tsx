import { useId } from 'react';
import { useRememberedToggle } from '../use-toggle';
import { Glyph } from '../icons';
import { jsonText } from './tool-view';

/** "Raw input/output": the JSON the agent sent for this tool call, folded by default. */
export function RawDisclosure({
  toggleKey,
  rawInput,
  rawOutput,
}: Readonly<{ toggleKey: string; rawInput: unknown; rawOutput: unknown }>) {
  const [open, toggle] = useRememberedToggle(toggleKey, false);
  const id = useId();
  if (rawInput === undefined && rawOutput === undefined) return null;
  return (
    <div className="raw">
      <button type="button" className="disclosure" aria-expanded={open} aria-controls={id} onClick={toggle}>
        <Glyph name="chevron" className="disclosure-chevron" />
        Raw input/output
      </button>
      {open && (
        <div id={id} className="raw-body">
          {rawInput !== undefined && (
            <section>
              <h4 className="raw-title">Input</h4>
              <pre className="raw-json">{jsonText(rawInput)}</pre>
            </section>
          )}
          {rawOutput !== undefined && (
            <section>
              <h4 className="raw-title">Output</h4>
              <pre className="raw-json">{jsonText(rawOutput)}</pre>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
