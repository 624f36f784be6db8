/**
 * Reading and judging what the server answered over HTTP, for http-link.ts: the body read up
 * to the size limit, parsed as JSON when it is JSON, the answer in the shape wire-policy.ts
 * judges, and the LinkError a verdict that is not `ok` becomes; the initialize answer checked
 * for a JSON-RPC response and (where the RFD's diagram puts it) a connection id in the body.
 */
import { isJsonRpcMessage, isRecord, isResponse, type AnyResponse } from './jsonrpc';
import { parseIncomingJson } from './json-limits';
import { LinkError } from './link';
import type { HttpAnswer, Verdict } from './wire-policy';

/** A body as JSON when it is JSON (depth-checked), else its first 8 KiB as text. */
export function parseMaybeJson(text: string): unknown {
  const parsed = parseIncomingJson(text);
  return parsed.ok ? parsed.value : text.slice(0, 8192);
}

export function answerOf(response: Response, text: string): HttpAnswer {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    body: text,
  };
}

/** The LinkError a caller sees for a verdict that is not `ok`. */
export function verdictError(v: Verdict, body?: unknown): LinkError {
  const status = 'status' in v ? v.status : undefined;
  switch (v.action) {
    case 'ok':
      return new LinkError('http', 'unexpected success');
    case 'wait':
      return new LinkError('not-sent', v.reason, status, body);
    case 'auth':
    case 'reauthorize':
      return new LinkError('auth', v.reason, status, body);
    case 'next-profile':
      return new LinkError('refused-profile', v.reason, status, body);
    case 'rebuild':
      return new LinkError('connection-gone', v.reason, status, body);
    case 'fail':
      return new LinkError(v.kind, v.reason, status, body);
    case 'retry':
    case 'fatal':
      return new LinkError('http', v.reason, status, body);
  }
}

export function parseInitializeBody(text: string): AnyResponse {
  const parsed = parseMaybeJson(text);
  if (!isJsonRpcMessage(parsed) || !isResponse(parsed)) {
    throw new LinkError(
      'not-acp',
      `The server's answer to initialize is not a JSON-RPC response${typeof parsed === 'string' ? `: ${parsed.slice(0, 120)}` : ''}.`,
    );
  }
  return parsed;
}

/** The RFD's diagram puts the connection id in the body; no peer does, but accept it. */
export function connectionIdInBody(message: AnyResponse): string | undefined {
  const top = (message as Record<string, unknown>).connectionId;
  if (typeof top === 'string') return top;
  const inner = 'result' in message && isRecord(message.result) ? message.result.connectionId : undefined;
  return typeof inner === 'string' ? inner : undefined;
}

/** Reads a response body up to `max` bytes; beyond that the body is cancelled and an error thrown. */
export async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new LinkError('too-large', `The server's answer is larger than the ${max}-byte limit.`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
