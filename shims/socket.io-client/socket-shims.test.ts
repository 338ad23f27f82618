import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from '../../components/test/testing.js';
import { Socket as EngineSocket } from './engine-socket.js';
import { Socket as SlimSocket } from './socket.js';

/**
 * A plain socket.io server with a ping every 600 ms and 900 ms to answer: a
 * missed ping shows within 1.5 s, with room for a busy machine's late timers.
 */
async function bareServer() {
  return (await executeServerCommand('bare-socketio-start', { pingInterval: 600, pingTimeout: 900 })) as { id: string; url: string };
}

describe('socket.io stand-ins (Engine.IO over one WebSocket, the slim namespace socket: what the CDN bundle ships)', () => {
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
    expect(socket).to.be.instanceOf(SlimSocket);
    const echoed = await new Promise((resolve) => socket.emit('echo', { text: 'héllo ✓' }, resolve));
    expect(echoed).to.deep.equal({ text: 'héllo ✓' });
  });

  it('answers an ack the server asks for; the server\'s disconnect is "io server disconnect" and is not retried', async () => {
    const { url } = await bareServer();
    const socket = connect(url);
    socket.on('question', (text: string, answer: (reply: string) => void) => answer(`${text} pong!`));
    await waitFor(() => socket.connected, 'connected');
    expect(await new Promise((resolve) => socket.emit('ask me', resolve))).to.equal('ping? pong!');
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    socket.emit('kick');
    await waitFor(() => reasons.length > 0, 'a disconnect');
    expect(reasons).to.deep.equal(['io server disconnect']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.connected).to.equal(false);
    expect(socket.active).to.equal(false);
  });

  it('a middleware refusal is a connect_error with its data; emits made while away are sent on connect', async () => {
    const { url } = await bareServer();
    const refused = connect(url, { auth: { refuse: true } });
    const error = await new Promise<Error & { data?: unknown }>((resolve) => refused.on('connect_error', resolve));
    expect(error.message).to.equal('refused');
    expect(error.data).to.deep.equal({ code: 'NOPE' });

    const later = connect(url, { autoConnect: false });
    const answer = new Promise((resolve) => later.emit('echo', 'buffered', resolve));
    later.connect();
    expect(await answer).to.equal('buffered');
  });

  it('answers the server\'s pings: still connected after several ping timeouts', async () => {
    const { url } = await bareServer();
    const socket = connect(url);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    await waitFor(() => socket.connected, 'connected');
    let pings = 0;
    socket.io.on('ping', () => pings++);
    await new Promise((resolve) => setTimeout(resolve, 3000));
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
    await waitFor(() => reasons.length > 0, 'a disconnect', 6000);
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
