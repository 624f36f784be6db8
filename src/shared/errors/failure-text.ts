/**
 * Text helpers for failure details: what a server answered, made safe to show behind a
 * "Details" toggle. HTML bodies lose their tags, everything is bounded, and anything that
 * looks like a credential is masked even though the host has already redacted known secrets
 * (a body may echo a token the host never knew about).
 */

export const EXCERPT_MAX = 200;
export const RAW_MAX = 1_000;

const MASK = '•••';

/** Credentials a server or a URL may echo: auth schemes, key-like query parameters, API-key shapes. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  [/([?&;](?:api[_-]?key|access[_-]?token|token|key|secret|password|passwd|auth)=)[^&\s"'<>]+/gi, `$1${MASK}`],
  [/\b(sk|pk|ghp|gho|xox[abp])[-_][A-Za-z0-9_-]{8,}/g, MASK],
];

export function maskSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((t, [re, by]) => t.replace(re, by), text);
}

/** True when the text carries markup (an HTML page where JSON was expected). */
export function looksLikeHtml(text: string): boolean {
  return /<(!doctype|html|head|body|title|h1|p|div|pre)\b/i.test(text);
}

/** The text of an HTML fragment: no scripts or styles, no tags, entities for the common five, one line. */
export function stripTags(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters, cut at a word when one is near, with an ellipsis. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Any text made safe for the details: markup stripped, secrets masked, one bounded line. */
export function cleanText(text: string, max: number): string {
  const plain = looksLikeHtml(text) ? replaceMarkup(text) : text.replace(/\s+/g, ' ').trim();
  return bounded(maskSecrets(plain), max);
}

/** Replaces each run of markup inside a longer message with its text. */
function replaceMarkup(text: string): string {
  return text
    .replace(/<(!doctype|html|head|body|title|h1|p|div|pre)\b[\s\S]*?(?=(?: Then: |$))/gi, (m) => `"${stripTags(m)}"`)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What the server said, as a short excerpt: the body when the host sent one, else the part
 * of the message that quotes it ("answered HTTP 404: <html>…", "not a JSON-RPC response: …").
 */
export function excerptOf(body: string | undefined, message: string): string | undefined {
  const source = body?.trim() ? body : quotedBody(message);
  if (!source?.trim()) return undefined;
  const plain = looksLikeHtml(source) ? stripTags(source) : source.replace(/\s+/g, ' ').trim();
  return plain ? bounded(maskSecrets(plain), EXCERPT_MAX) : undefined;
}

function quotedBody(message: string): string | undefined {
  const m = /(?:answered HTTP \d{3}|JSON-RPC response|refused \(HTTP \d{3}): ([\s\S]*?)(?:\)?\.?(?: Then: |$))/.exec(
    message,
  );
  return m?.[1];
}
