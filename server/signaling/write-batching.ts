// One write per connection per event-loop turn. A handshake makes the
// server send dozens of small WebSocket frames, and by default each is its
// own write(2): in profiles, socket writes were the largest cost (about 40 %
// of busy time). Corking the TCP socket on the first frame of a turn and
// uncorking it once the turn's I/O is done sends them together in one
// writev(2). Frames still leave within the same turn of the event loop.
import type { Socket as TcpSocket } from 'node:net';

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
}

interface EngineSocket {
  transport: EngineTransport;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

/** Batches the frames `conn` sends over `tcp`; call once per engine.io connection. */
export function batchWrites(conn: EngineSocket, tcp: TcpSocket | undefined): void {
  if (!tcp || typeof tcp.cork !== 'function') return;
  let corked = false;
  const uncork = () => {
    corked = false;
    if (!tcp.destroyed) tcp.uncork();
  };
  const wrap = (transport: EngineTransport) => {
    // Long-polling answers HTTP requests; only a WebSocket owns the socket.
    if (transport.name !== 'websocket') return;
    const send = transport.send.bind(transport);
    transport.send = (packets) => {
      if (!corked) {
        corked = true;
        tcp.cork();
        setImmediate(uncork);
      }
      send(packets);
    };
  };
  wrap(conn.transport);
  conn.on('upgrade', wrap);
}
