/**
 * Agent Markdown: GFM (tables, task lists, strikethrough, autolinks) and highlighted fenced
 * code (CodeBlock highlights once the language's grammar has loaded, see highlighter.ts). No
 * raw HTML is rendered (react-markdown escapes it) and no dangerouslySetInnerHTML is used.
 * Memoized on the text: a streaming entry re-parses only when its text grows.
 *
 * A whole reply is parsed again whenever it grows, so a very long streaming reply (a megabyte
 * of chunks) would re-parse on every batch and take the window's frames with it. The text
 * shown is therefore paced by what the last parse cost: a reply that parses in under 8 ms
 * (nearly all of them) follows every batch; a costlier one is re-rendered at most every
 * PACE_FACTOR × its cost (capped at 2 s), so parsing takes at most about a ninth of the time.
 * The latest text always lands: a pending update fires at its deadline, later text rides along.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type ComponentPropsWithoutRef } from 'react';
import ReactMarkdown, { type Components, type ExtraProps, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';

const remarkPlugins: Options['remarkPlugins'] = [remarkGfm];

function Link({ node: _node, href, children, ...rest }: ComponentPropsWithoutRef<'a'> & ExtraProps) {
  return (
    <a {...rest} href={href} target="_blank" rel="noreferrer" title={href}>
      {children}
    </a>
  );
}

function Table({ node: _node, ...rest }: ComponentPropsWithoutRef<'table'> & ExtraProps) {
  return (
    <div className="md-table">
      <table {...rest} />
    </div>
  );
}

const components: Components = { pre: CodeBlock, a: Link, table: Table };

/** Below this render cost (ms) the text follows every update. */
export const CHEAP_RENDER_MS = 8;
export const PACE_FACTOR = 8;
export const MAX_PACE_MS = 2000;

/** How long after the last render (at `lastAt`, costing `costMs`) the next may run; 0 = now. */
export function paceDelay(costMs: number, lastAt: number, now: number): number {
  if (costMs < CHEAP_RENDER_MS) return 0;
  return Math.max(0, lastAt + Math.min(MAX_PACE_MS, costMs * PACE_FACTOR) - now);
}

/** `text`, paced by the cost of rendering it (see the file comment). */
function usePacedText(text: string): string {
  const [shown, setShown] = useState(text);
  const cost = useRef(0);
  const lastAt = useRef(0);
  const started = useRef(0);
  started.current = performance.now();
  useEffect(() => {
    if (text === shown) return;
    const wait = paceDelay(cost.current, lastAt.current, performance.now());
    if (wait === 0) {
      setShown(text);
      return;
    }
    const timer = setTimeout(() => setShown(text), wait);
    return () => clearTimeout(timer);
  }, [text, shown]);
  // After the parse and commit of `shown`: what rendering it cost.
  useLayoutEffect(() => {
    lastAt.current = performance.now();
    cost.current = lastAt.current - started.current;
  }, [shown]);
  return shown;
}

export const Markdown = memo(function Markdown({ text }: Readonly<{ text: string }>) {
  const shown = usePacedText(text);
  // The same element while `shown` stands: React skips the subtree (no re-parse) when only
  // `text` moved on and waits for its turn.
  return useMemo(
    () => (
      <div className="md">
        <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
          {shown}
        </ReactMarkdown>
      </div>
    ),
    [shown],
  );
});
