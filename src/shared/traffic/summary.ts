/**
 * One-line human summaries of traffic records, for `acp-desk traffic` and the panel's
 * compact views: `#12 13:45:01.123 → post request session/prompt #1 · session abc123 · 1.2 kB`.
 */
import type { TrafficRecord } from '../domain/traffic';
import { formatBytes, formatDuration, laneOf, messageInfo } from './message-info';
import type { PairingLookup } from './pairing';

/** `request`, `response`, `notification`, `error`, `http`, `stream`, `websocket`, … */
export function kindLabel(record: TrafficRecord): string {
  return record.kind === 'message' ? messageInfo(record).shape : record.kind;
}

/** What the record is about: method or "response #id", HTTP line, stream phase, error text. */
export function describeRecord(record: TrafficRecord, pairing?: PairingLookup): string {
  switch (record.kind) {
    case 'message': {
      const info = messageInfo(record);
      const parts: string[] = [];
      if (info.method !== undefined) parts.push(info.method + (info.id !== undefined ? ` #${String(info.id)}` : ''));
      else if (info.id !== undefined) {
        const method = pairing?.exchangeOf(record.seq)?.method;
        parts.push(`response #${String(info.id)}${method ? ` (${method})` : ''}`);
      } else parts.push('(not JSON-RPC)');
      if (info.updateKind) parts.push(info.updateKind);
      if (info.shape === 'error') parts.push(`error ${info.errorCode ?? ''} ${info.errorMessage ?? ''}`.trim());
      if (info.sessionId !== undefined) parts.push(`session ${info.sessionId}`);
      parts.push(formatBytes(record.size));
      const exchange = pairing?.exchangeOf(record.seq);
      if (exchange?.responseSeq === record.seq && exchange.latencyMs !== undefined)
        parts.push(formatDuration(exchange.latencyMs));
      if (exchange?.requestSeq === record.seq && exchange.state === 'unanswered') parts.push('never answered');
      if (pairing?.isUnmatchedResponse(record.seq)) parts.push('no matching request');
      if (record.internal) parts.push('internal');
      return parts.join(' · ');
    }
    case 'http': {
      const parts = [`${record.method} ${record.url}`];
      parts.push(record.status !== undefined ? String(record.status) : 'no response');
      const ms = record.durationMs ?? record.ttfbMs;
      if (ms !== undefined) parts.push(formatDuration(ms));
      if (record.error) parts.push(record.error);
      return parts.join(' · ');
    }
    case 'stream': {
      const parts: string[] = [record.phase];
      if (record.attempt !== undefined) parts.push(`attempt ${record.attempt}`);
      if (record.delayMs !== undefined) parts.push(`in ${formatDuration(record.delayMs)}`);
      if (record.status !== undefined) parts.push(`HTTP ${record.status}`);
      if (record.detail) parts.push(record.detail);
      return parts.join(' · ');
    }
    case 'websocket': {
      const parts: string[] = [`${record.phase} ${record.url}`];
      if (record.code !== undefined) parts.push(`code ${record.code}`);
      if (record.reason) parts.push(record.reason);
      return parts.join(' · ');
    }
    case 'error':
      return record.excerpt ? `${record.message} · ${record.excerpt}` : record.message;
  }
}

function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** The whole line: seq, UTC time, direction arrow, lane, kind, description. */
export function summarizeRecord(record: TrafficRecord, pairing?: PairingLookup): string {
  const dir = record.kind === 'message' ? (record.direction === 'out' ? '→' : '←') : '·';
  const lane = laneOf(record) ?? '-';
  return `#${record.seq} ${clock(record.at)} ${dir} ${lane} ${kindLabel(record)} ${describeRecord(record, pairing)}`;
}
