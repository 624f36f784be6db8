import { highlightParts } from './highlight';

/** Text with the query's matches in <mark> (text nodes only, no HTML). */
export function Highlight({ text, query }: Readonly<{ text: string; query: string }>) {
  return (
    <>
      {highlightParts(text, query).map((p, i) =>
        p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}
