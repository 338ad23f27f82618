// The framework floor: a plain socket.io 4 server (its defaults, no Express,
// no middleware) carrying our message flow with the least code that can:
// a map from name to socket, each event forwarded to the named peer with
// `from` added, and `{ ok: true }` acked. No validation, no call state, no
// rate limit, no store. What is left is what socket.io itself costs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { serveUnderTest } from './harness.js';

type Ack = (reply: { ok: true }) => void;
type Payload = { to?: string; from?: string; as?: string };

/** Client event → [event the peer gets, the payload field naming the peer]. */
const FORWARD: Record<string, [string, 'to' | 'from']> = {
  REQUEST_CALL: ['CALL_REQUESTED', 'to'],
  ACCEPT_CALL: ['CALL_ACCEPTED', 'from'],
  SEND_CALLER_DESCRIPTOR: ['CALLER_DESCRIPTOR_RECEIVED', 'to'],
  SEND_RECIPIENT_DESCRIPTOR: ['RECIPIENT_DESCRIPTOR_RECEIVED', 'to'],
  SEND_ICE_CANDIDATE: ['ICE_CANDIDATE_RECEIVED', 'to'],
  HANG_UP: ['CALL_ENDED', 'to'],
};

await serveUnderTest(async () => {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const io = new Server(http);
  const sockets = new Map<string, Socket>();
  io.on('connection', (socket) => {
    let name: string | undefined;
    socket.on('CONNECT', (payload: Payload, ack?: Ack) => {
      name = String(payload?.as);
      sockets.set(name, socket);
      ack?.({ ok: true });
    });
    for (const [event, [out, field]] of Object.entries(FORWARD)) {
      socket.on(event, (payload: Payload, ack?: Ack) => {
        const peer = sockets.get(String(payload?.[field]));
        peer?.emit(out, { ...payload, [field]: undefined, from: name });
        ack?.({ ok: true });
      });
    }
    socket.on('disconnect', () => {
      if (name !== undefined && sockets.get(name) === socket) sockets.delete(name);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
});
