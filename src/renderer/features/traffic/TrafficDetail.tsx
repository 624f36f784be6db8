/**
 * The detail of the selected row: its JSON as a tree or as raw text, the HTTP exchange of an
 * HTTP record (request line, status, version, redacted headers), the pairing (latency, a jump
 * to the other half of the exchange), and copy as JSON / as curl.
 */
import { useId, useState } from 'react';
import type { HttpExchangeRecord, TrafficRecord } from '../../../shared/domain/traffic';
import { foldLabel, foldText } from '../../../shared/traffic/folding';
import { curlFor, findPostBody } from '../../../shared/traffic/har';
import { formatDuration } from '../../../shared/traffic/message-info';
import type { Exchange } from '../../../shared/traffic/pairing';
import { describeRecord } from '../../../shared/traffic/summary';
import { copyText } from '../chat/markdown/clipboard';
import { JsonTree } from './JsonTree';
import { ShowInChat } from './ShowInChat';
import type { DisplayRow, TrafficModel } from './traffic-rows';

type Tab = 'tree' | 'raw' | 'http';

function Headers({ title, headers }: Readonly<{ title: string; headers?: Readonly<Record<string, string>> }>) {
  const entries = Object.entries(headers ?? {});
  return (
    <div className="traffic-headers">
      <h5 className="traffic-headers-title">{title}</h5>
      {entries.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <dl className="traffic-header-list">
          {entries.map(([name, value]) => (
            <div key={name} className="traffic-header">
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function HttpView({ record }: Readonly<{ record: HttpExchangeRecord }>) {
  return (
    <div className="traffic-http" data-testid="traffic-http">
      <p className="traffic-http-line">
        <code>
          {record.method} {record.url} {record.httpVersion ? `HTTP/${record.httpVersion}` : ''}
        </code>
      </p>
      <dl className="traffic-facts">
        <dt>Status</dt>
        <dd>{record.status ?? 'no response'}</dd>
        <dt>HTTP version</dt>
        <dd>{record.httpVersion ?? 'unknown'}</dd>
        {record.ttfbMs !== undefined && (
          <>
            <dt>Time to headers</dt>
            <dd>{formatDuration(record.ttfbMs)}</dd>
          </>
        )}
        {record.durationMs !== undefined && (
          <>
            <dt>Duration</dt>
            <dd>{formatDuration(record.durationMs)}</dd>
          </>
        )}
        {record.error && (
          <>
            <dt>Error</dt>
            <dd>{record.error}</dd>
          </>
        )}
      </dl>
      <Headers title="Request headers" headers={record.requestHeaders} />
      <Headers title="Response headers" headers={record.responseHeaders} />
    </div>
  );
}

function pairingText(exchange: Exchange | undefined, record: TrafficRecord): string | null {
  if (!exchange) return null;
  const isRequest = exchange.requestSeq === record.seq;
  if (isRequest) {
    if (exchange.state === 'answered')
      return `Answered in ${formatDuration(exchange.latencyMs ?? 0)}${exchange.failed ? ' with an error' : ''}.`;
    return exchange.state === 'pending' ? 'Waiting for its response.' : 'Never answered.';
  }
  return `Answers ${exchange.method} #${String(exchange.id)} after ${formatDuration(exchange.latencyMs ?? 0)}.`;
}

export interface TrafficDetailProps {
  readonly row: DisplayRow;
  readonly model: TrafficModel;
  readonly onJump: (key: string) => void;
  readonly onClose: () => void;
}

function bodyOf(row: DisplayRow): unknown {
  const r = row.entry.record;
  return r.kind === 'message' ? r.message : r;
}

function useCopy() {
  const [note, setNote] = useState('');
  const copy = async (text: string, what: string) =>
    setNote((await copyText(text)) ? `Copied ${what}.` : 'Copying failed.');
  return { note, copy };
}

function Actions({ row, model, onJump }: Readonly<Omit<TrafficDetailProps, 'onClose'>>) {
  const { note, copy } = useCopy();
  const r = row.entry.record;
  const exchange = model.exchangeOf(row.key);
  const partner = model.partnerOf(row.key);
  const isRequest = exchange?.requestSeq === r.seq;
  const post = r.kind === 'http' && r.method === 'POST' ? r : undefined;
  return (
    <div className="traffic-detail-actions">
      {partner && (
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          data-testid="traffic-jump"
          onClick={() => onJump(partner)}
        >
          {isRequest ? 'Go to response' : 'Go to request'}
        </button>
      )}
      <ShowInChat entry={row.entry} exchange={exchange} />
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => void copy(JSON.stringify(bodyOf(row), null, 2), 'the message as JSON')}
      >
        Copy as JSON
      </button>
      {post && (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() =>
            void copy(curlFor(post, findPostBody(model.recordsOf(row.entry.endpointId), post)), 'a curl command')
          }
        >
          Copy as curl
        </button>
      )}
      <span className="visually-hidden" role="status">
        {note}
      </span>
    </div>
  );
}

export function TrafficDetail({ row, model, onJump, onClose }: TrafficDetailProps) {
  const id = useId();
  const r = row.entry.record;
  const [tab, setTab] = useState<Tab>(r.kind === 'http' ? 'http' : 'tree');
  const tabs: [Tab, string][] = [
    ['tree', 'Tree'],
    ['raw', 'Raw'],
    ...(r.kind === 'http' ? [['http', 'HTTP'] as [Tab, string]] : []),
  ];
  const shown = tab === 'http' && r.kind !== 'http' ? 'tree' : tab;
  const exchange = model.exchangeOf(row.key);
  const pairing = pairingText(exchange, r);
  return (
    <section className="traffic-detail" aria-labelledby={`${id}-title`} data-testid="traffic-detail" data-key={row.key}>
      <header className="traffic-detail-header">
        <h4 id={`${id}-title`} className="traffic-detail-title">
          #{row.entry.logSeq} {row.cols.what}
        </h4>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose}>
          Close detail
        </button>
      </header>
      <p className="traffic-detail-summary muted">
        {describeRecord(r, exchange ? { exchangeOf: () => exchange, isUnmatchedResponse: () => false } : undefined)}
      </p>
      {pairing && (
        <p className="traffic-detail-pairing" data-testid="traffic-pairing">
          {pairing}
        </p>
      )}
      {row.fold && (
        <div className="traffic-fold-detail">
          <p>{foldLabel(row.fold)}</p>
          <pre className="traffic-raw">{foldText(row.fold)}</pre>
        </div>
      )}
      <Actions row={row} model={model} onJump={onJump} />
      <div className="traffic-tabs" role="group" aria-label="Detail view">
        {tabs.map(([t, label]) => (
          <button
            key={t}
            type="button"
            className="btn btn-ghost btn-sm"
            aria-pressed={shown === t}
            onClick={() => setTab(t)}
          >
            {label}
          </button>
        ))}
      </div>
      {shown === 'tree' && <JsonTree key={row.key} value={bodyOf(row)} label="Message as a tree" />}
      {shown === 'raw' && (
        <pre className="traffic-raw" data-testid="traffic-raw" tabIndex={0} aria-label="Message as raw JSON">
          {JSON.stringify(bodyOf(row), null, 2)}
        </pre>
      )}
      {shown === 'http' && r.kind === 'http' && <HttpView record={r} />}
    </section>
  );
}
