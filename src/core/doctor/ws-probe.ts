/** The WebSocket upgrade on the endpoint's URL, then `initialize` over it (raw `ws`). */
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import { initializeBody, isObject, parseJson } from './wire';
import { errorText } from './steps';
import type { DoctorTraffic } from './doctor-traffic';

export interface WsOutcome {
  status: number | null;
  connectionId: string | null;
  initialized: boolean;
  result: Record<string, unknown> | null;
  error: string | null;
  upgradeMs: number | null;
}

export function probeWebSocket(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  /** The endpoint's proxy and TLS settings, as the transport's upgrade uses them. */
  agent?: Agent,
  /** Records the upgrade and every frame (Diagnose). */
  traffic?: DoctorTraffic,
): Promise<WsOutcome> {
  const started = performance.now();
  const out: WsOutcome = {
    status: null,
    connectionId: null,
    initialized: false,
    result: null,
    error: null,
    upgradeMs: null,
  };
  const rec = traffic?.socket(url, headers);
  return new Promise((resolve) => {
    let ws: WebSocket;
    const finish = (error?: string) => {
      clearTimeout(timer);
      if (error && !out.error) out.error = error;
      if (error && !out.initialized) rec?.error(error);
      else rec?.closed(1000, 'closed by the doctor');
      try {
        ws.terminate();
      } catch {
        // already gone
      }
      resolve(out);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    try {
      ws = new WebSocket(url, {
        headers,
        handshakeTimeout: timeoutMs,
        followRedirects: false,
        ...(agent ? { agent } : {}),
      });
    } catch (e) {
      clearTimeout(timer);
      out.error = errorText(e);
      resolve(out);
      return;
    }
    ws.on('upgrade', (res) => {
      out.status = res.statusCode ?? 101;
      out.upgradeMs = Math.round(performance.now() - started);
      const id = res.headers['acp-connection-id'];
      out.connectionId = typeof id === 'string' ? id : null;
      rec?.open(out.status, res.headers);
    });
    ws.on('unexpected-response', (_req, res) => {
      out.status = res.statusCode ?? null;
      rec?.open(res.statusCode ?? 0, res.headers);
      res.resume();
      finish(`the upgrade was answered HTTP ${res.statusCode}`);
    });
    ws.on('open', () => {
      const body = initializeBody(1);
      rec?.message('out', body);
      ws.send(body);
    });
    ws.on('message', (data) => {
      rec?.message('in', String(data));
      const m = parseJson(String(data));
      if (isObject(m) && m.id === 1) {
        if (isObject(m.result)) {
          out.initialized = true;
          out.result = m.result;
          finish();
        } else finish(`initialize answered with an error: ${JSON.stringify(m.error).slice(0, 200)}`);
      }
    });
    ws.on('close', (code, reason) => finish(`the socket closed (${code}${reason.length ? ` ${String(reason)}` : ''})`));
    ws.on('error', (e) => finish(errorText(e)));
  });
}
