/**
 * The WebSocket half of the test proxies (fault-proxy, bearer-gate): replays an upgrade request
 * to the upstream over a raw socket and pipes both ways, so the proxy stays byte-transparent
 * once the handshake is through.
 */
import type http from 'node:http';
import net from 'node:net';

export interface Tunnel {
  /** Tears down both sockets (idempotent). */
  destroy(): void;
}

export interface TunnelOptions {
  readonly host: string;
  readonly port: number;
  /** The upstream's handshake status (101, or the refusal it sent). */
  readonly onStatus?: (status: number) => void;
  /** Called once when either side closes. */
  readonly onClose?: () => void;
}

export function tunnelUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer, o: TunnelOptions): Tunnel {
  const upstream = net.connect(o.port, o.host, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
  upstream.once('data', (c: Buffer) => {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(c.toString('latin1', 0, 20));
    if (m) o.onStatus?.(Number(m[1]));
  });
  const destroy = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', destroy);
  socket.on('error', destroy);
  socket.on('close', () => {
    o.onClose?.();
    upstream.destroy();
  });
  upstream.on('close', () => socket.destroy());
  return { destroy };
}
