// A plain socket.io server on loopback with short heartbeats, started by the
// browser tests (web-test-runner.config.mjs) to test the engine stand-in
// (engine-socket.ts) against socket.io itself, apart from Roulette's server.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

export async function startBareServer({ pingInterval = 300, pingTimeout = 300 } = {}) {
  const http = createServer();
  const io = new Server(http, { pingInterval, pingTimeout, transports: ['websocket'] });
  // A middleware refusal, as Roulette's CORS_ORIGINS check does: a CONNECT_ERROR with data.
  io.use((socket, next) =>
    socket.handshake.auth?.refuse ? next(Object.assign(new Error('refused'), { data: { code: 'NOPE' } })) : next(),
  );
  io.on('connection', (socket) => {
    socket.on('echo', (value, ack) => ack?.(value));
    // The server asks and the client answers (an ack the other way).
    socket.on('ask me', async (ack) => ack(await socket.emitWithAck('question', 'ping?')));
    socket.on('kick', () => socket.disconnect(true));
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    /**
     * Stops pinging every connected client, as a server that hangs would:
     * socket.io has no switch for it, so this stops engine.io's ping timer
     * (a fake of a hung server; the network lab covers a silent network).
     */
    silence() {
      for (const socket of io.sockets.sockets.values()) clearTimeout(socket.conn.pingIntervalTimer);
      return io.sockets.sockets.size > 0;
    },
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
