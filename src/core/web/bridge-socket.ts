/**
 * One browser tab's bridge: the IPC contract carried over a WebSocket (see
 * shared/ipc/web-protocol.ts). Frames from the page are untrusted input: anything that is not
 * a well-formed `invoke` frame is dropped without an answer (there is no id to answer to), an
 * oversized frame closes the socket with 1008, and nothing a page sends can throw out of here.
 */
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { EventChannel, EventContract } from '../../shared/ipc/contract';
import type { WebEventFrame, WebResultFrame, WebServerFrame } from '../../shared/ipc/web-protocol';
import { err } from '../../shared/util/result';
import { dispatchInvoke, type InvokeHandlers } from '../host/dispatch';
import type { Logger } from '../log/logger';
import type { HostEvents } from '../host/events';
import { TrafficClient } from '../traffic/traffic-client';

/** Largest client frame the bridge reads; larger ones close the socket with 1008. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** 1008 = policy violation (RFC 6455 §7.4.1). */
export const CLOSE_POLICY = 1008;

/** The part of AppCore the web host needs. */
export interface WebHostCore {
  readonly handlers: InvokeHandlers;
  readonly events: HostEvents;
}

const invokeFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});

/**
 * Wires one accepted socket to the core: invokes go through `dispatchInvoke` (the same
 * validation pipeline as Electron IPC), host events are pushed until the socket closes.
 */
export function attachBridgeSocket(socket: WebSocket, core: WebHostCore, logger?: Pick<Logger, 'error'>): void {
  // This tab's traffic subscriptions: its `traffic:records` reach this socket only.
  const traffic = new TrafficClient((subscriptionId) => core.handlers['traffic:unsubscribe']({ subscriptionId }));
  const unsubscribe = core.events.subscribe(<C extends EventChannel>(channel: C, payload: EventContract[C]) => {
    if (!traffic.accepts(channel, payload)) return;
    const frame: WebEventFrame<C> = { type: 'event', channel, payload };
    send(socket, frame);
  });
  socket.on('close', () => {
    unsubscribe();
    traffic.dispose();
  });
  socket.on('error', (e) => logger?.error('bridge socket error', { error: e }));
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    if (byteLength(data) > MAX_FRAME_BYTES) {
      socket.close(CLOSE_POLICY, 'Frame too large');
      return;
    }
    void handleText(socket, core, traffic, rawText(data), logger);
  });
}

async function handleText(
  socket: WebSocket,
  core: WebHostCore,
  traffic: TrafficClient,
  text: string,
  logger?: Pick<Logger, 'error'>,
): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: like a frame that fails the schema below, it is not a request and gets no answer.
    return;
  }
  const frame = invokeFrameSchema.safeParse(json);
  if (!frame.success) return;
  const { id, channel, payload } = frame.data;
  let result: WebResultFrame['result'];
  try {
    result = await dispatchInvoke(core.handlers, channel, payload, logger);
  } catch (e) {
    logger?.error('dispatch failed', { error: e });
    result = err('internal', 'Unexpected error');
  }
  traffic.observe(channel, payload, result);
  send(socket, { type: 'result', id, result });
}

/** Sends if the socket is still open; a value JSON cannot carry becomes an `internal` error. */
function send(socket: WebSocket, frame: WebServerFrame): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(frame);
  } catch {
    // Handled: a result that JSON cannot carry becomes an `internal` error; an event is dropped.
    if (frame.type !== 'result') return;
    text = JSON.stringify({ ...frame, result: err('internal', 'The response could not be encoded.') });
  }
  socket.send(text);
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}
