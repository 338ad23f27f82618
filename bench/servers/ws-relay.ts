// The floor: the least a relay can do over WebSocket. One `ws` server, a map
// from name to socket, JSON in, `from` added, JSON out. No validation, no
// call state, no acks, no rate limit.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveUnderTest } from './harness.js';

await serveUnderTest(async () => {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const sockets = new Map<string, WebSocket>();
  wss.on('connection', (ws, req) => {
    const id = new URL(req.url ?? '/', 'http://relay').searchParams.get('id');
    if (!id || sockets.has(id)) return ws.close();
    sockets.set(id, ws);
    ws.send('{"type":"OPEN"}');
    ws.on('message', (data) => {
      let message: { to?: unknown; from?: string };
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      const peer = typeof message?.to === 'string' ? sockets.get(message.to) : undefined;
      if (!peer) return;
      message.from = id;
      peer.send(JSON.stringify(message));
    });
    ws.on('close', () => {
      if (sockets.get(id) === ws) sockets.delete(id);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
});
