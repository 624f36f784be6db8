/**
 * Agent Markdown: GFM (tables, task lists, strikethrough, autolinks) and highlighted fenced
 * code (CodeBlock highlights once the language's grammar has loaded, see highlighter.ts). No
 * raw HTML is rendered (react-markdown escapes it) and no dangerouslySetInnerHTML is used.
 * Memoized on the text: a streaming entry re-parses only when its text grows.
 */
import { memo, type ComponentPropsWithoutRef } from 'react';
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

export const Markdown = memo(function Markdown({ text }: Readonly<{ text: string }>) {
  return (
    <div className="md">
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
