import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from '../internal/testing.js';
import { Socket as EngineSocket } from './engine-socket.js';

/** A plain socket.io server with 300 ms pings and a 300 ms ping timeout. */
async function bareServer() {
  return (await executeServerCommand('bare-socketio-start', { pingInterval: 300, pingTimeout: 300 })) as { id: string; url: string };
}

describe('engine stand-in (Engine.IO over one WebSocket, what the CDN bundle ships)', () => {
  const sockets: Socket[] = [];
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));

  function connect(url: string, options = {}) {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200, ...options });
    sockets.push(socket);
    return socket;
  }

  it('is what socket.io-client uses here, and carries events and acks', async () => {
    const { url } = await bareServer();
    const socket = connect(url);
    await waitFor(() => socket.connected, 'connected');
    expect(socket.io.engine).to.be.instanceOf(EngineSocket);
    expect(socket.io.engine.transport.name).to.equal('websocket');
    expect(await socket.emitWithAck('echo', { text: 'héllo ✓' })).to.deep.equal({ text: 'héllo ✓' });
  });

  it('answers the server\'s pings: still connected after several ping timeouts', async () => {
    const { url } = await bareServer();
    const socket = connect(url);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    await waitFor(() => socket.connected, 'connected');
    let pings = 0;
    socket.io.on('ping', () => pings++);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(reasons).to.deep.equal([]);
    expect(pings).to.be.at.least(3);
    expect(socket.connected).to.equal(true);
  });

  it('a server that stops pinging is dropped with "ping timeout", and socket.io reconnects', async () => {
    const server = await bareServer();
    const socket = connect(server.url);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    await waitFor(() => socket.connected, 'connected');
    const firstId = socket.id;
    expect(await executeServerCommand('bare-socketio-silence', { id: server.id })).to.equal(true);
    await waitFor(() => reasons.length > 0, 'a disconnect', 3000);
    expect(reasons[0]).to.equal('ping timeout');
    await waitFor(() => socket.connected && socket.id !== firstId, 'reconnected');
  });

  it('a forced close of the engine is an unintended drop that reconnects; a refused address is a connect_error', async () => {
    const { url } = await bareServer();
    const socket = connect(url);
    await waitFor(() => socket.connected, 'connected');
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    socket.io.engine.close();
    await waitFor(() => reasons.length > 0 && socket.connected, 'reconnected');
    expect(reasons).to.deep.equal(['forced close']); // engine.io-client's reason too

    const nowhere = connect('http://127.0.0.1:9', { reconnection: false });
    const error = await new Promise<Error & { type?: string }>((resolve) => nowhere.on('connect_error', resolve));
    expect(error.message).to.equal('websocket error');
    expect(error.type).to.equal('TransportError');
  });
});
