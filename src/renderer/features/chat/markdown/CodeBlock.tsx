import type { ElementContent, Root } from 'hast';
import { useEffect, useMemo, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import type { ExtraProps } from 'react-markdown';
import { Glyph } from '../icons';
import { copyText } from './clipboard';
import { grammarName, grammarReady, highlightNow, loadGrammar } from './highlighter';

/** The fence's language, from the `language-x` class of the <code> inside the <pre>. */
function languageOf(node: ExtraProps['node']): string | null {
  const code = node?.children.find((c) => c.type === 'element' && c.tagName === 'code');
  const cls = code?.type === 'element' ? code.properties.className : undefined;
  const names = Array.isArray(cls) ? cls.map(String) : [];
  const lang = names.find((n) => n.startsWith('language-'));
  return lang ? lang.slice('language-'.length) : null;
}

/** The fence's text: the text nodes inside the <pre>'s <code>, joined. */
function codeText(node: ExtraProps['node']): string {
  const walk = (n: ElementContent): string =>
    n.type === 'text' ? n.value : n.type === 'element' ? n.children.map(walk).join('') : '';
  const code = node?.children.find((c) => c.type === 'element' && c.tagName === 'code');
  return code ? walk(code) : '';
}

/** lowlight's tree (spans with classes and text) as React nodes: no HTML strings involved. */
function toReact(nodes: readonly (ElementContent | Root['children'][number])[]): ReactNode[] {
  return nodes.map((n, i) => {
    if (n.type === 'text') return n.value;
    if (n.type !== 'element') return null;
    const cls = n.properties.className;
    return (
      <span key={i} className={Array.isArray(cls) ? cls.join(' ') : undefined}>
        {toReact(n.children)}
      </span>
    );
  });
}

/** The highlighted code once its grammar has loaded; null (plain text) until then. */
function useHighlighted(lang: string | null, code: string): ReactNode[] | null {
  const name = lang ? grammarName(lang) : null;
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (!name || grammarReady(name)) return;
    let live = true;
    loadGrammar(name).then(
      () => live && setLoaded((n) => n + 1),
      () => undefined, // the chunk did not load: the block stays plain text
    );
    return () => {
      live = false;
    };
  }, [name]);
  // setLoaded re-renders when the grammar arrives and `ready` turns true.
  const ready = name !== null && grammarReady(name);
  return useMemo(() => {
    const tree = ready ? highlightNow(name, code) : null;
    return tree ? toReact(tree.children) : null;
  }, [ready, name, code]);
}

/** A fenced code block: language label, highlighted code, and a Copy button. */
export function CodeBlock({ node, children, ...rest }: ComponentPropsWithoutRef<'pre'> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  const lang = languageOf(node);
  const highlighted = useHighlighted(lang, codeText(node));
  return (
    <div className="code-block">
      <div className="code-bar">
        <span className="code-lang">{lang ?? 'text'}</span>
        <CopyButton getText={() => pre.current?.textContent ?? ''} label="Copy code" />
      </div>
      {/* Focusable: a long line scrolls sideways, and the keyboard must be able to scroll it too. */}
      <pre ref={pre} {...rest} tabIndex={0} aria-label={`Code${lang ? ` in ${lang}` : ''}`}>
        {highlighted ? <code className={`hljs language-${lang}`}>{highlighted}</code> : children}
      </pre>
    </div>
  );
}

/** "Copy" that turns into "Copied" for a moment (or "Copy failed"). */
export function CopyButton({ getText, label }: Readonly<{ getText: () => string; label: string }>) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const id = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(id);
  }, [state]);
  const text = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy';
  return (
    <button
      type="button"
      className="copy-btn"
      data-testid="copy-code"
      aria-label={state === 'idle' ? label : text}
      onClick={() => void copyText(getText()).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      <Glyph name={state === 'copied' ? 'check' : 'copy'} />
      <span aria-hidden="true">{text}</span>
    </button>
  );
}
