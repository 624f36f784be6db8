import { useEffect, useRef, useState, type ComponentPropsWithoutRef } from 'react';
import type { ExtraProps } from 'react-markdown';
import { Glyph } from '../icons';
import { copyText } from './clipboard';

/** The fence's language, from the `language-x` class of the <code> inside the <pre>. */
function languageOf(node: ExtraProps['node']): string | null {
  const code = node?.children.find((c) => c.type === 'element' && c.tagName === 'code');
  const cls = code?.type === 'element' ? code.properties.className : undefined;
  const names = Array.isArray(cls) ? cls.map(String) : [];
  const lang = names.find((n) => n.startsWith('language-'));
  return lang ? lang.slice('language-'.length) : null;
}

/** A fenced code block: language label, highlighted code, and a Copy button. */
export function CodeBlock({ node, children, ...rest }: ComponentPropsWithoutRef<'pre'> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block">
      <div className="code-bar">
        <span className="code-lang">{languageOf(node) ?? 'text'}</span>
        <CopyButton getText={() => pre.current?.textContent ?? ''} label="Copy code" />
      </div>
      <pre ref={pre} {...rest}>
        {children}
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
