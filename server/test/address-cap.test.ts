// At most MAX_CONNECTIONS_PER_IP connections per client address, refused at
// the handshake with a sentence in the HTTP body; loopback not counted; the
// last X-Forwarded-For entry is the address only with TRUST_PROXY
// (docs/protocol.md, "Connection hygiene"). The cap is per process, so this
// suite runs in the memory setup only.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { sleep, startServer, type TestServer } from './helpers.js';

let t: TestServer | undefined;
const open: Socket[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.disconnect();
  await t?.close();
  t = undefined;
});

/** Connects with `X-Forwarded-For: forwarded`; resolves with the socket, or with the refusal's message. */
function connectFrom(url: string, forwarded: string | null): Promise<Socket | string> {
  const socket = connect(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: forwarded === null ? {} : { 'X-Forwarded-For': forwarded },
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

/** The body of a refused handshake, over long-polling (engine.io's JSON) and over a WebSocket upgrade (plain text). */
async function refusalBodies(url: string, forwarded: string): Promise<{ polling: { status: number; body: any }; websocket: { status: number; body: string } }> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { 'X-Forwarded-For': forwarded } });
  const polling = { status: res.status, body: await res.json() };
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { 'X-Forwarded-For': forwarded } });
  const websocket = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    ws.once('error', () => {});
  });
  return { polling, websocket };
}

describe('connections per client address', () => {
  it('with the proxy trusted: the 51st from one X-Forwarded-For address is refused with a sentence, another address is not', async () => {
    t = await startServer({ trustProxy: true });
    const url = t.server.url;
    const first = await Promise.all(Array.from({ length: 50 }, () => connectFrom(url, '203.0.113.7')));
    assert.ok(first.every((s) => typeof s !== 'string'), 'the first 50 connect');
    const refused = await connectFrom(url, '203.0.113.7');
    assert.equal(typeof refused, 'string');
    // The last entry is the one the proxy added; what the client wrote before it does not count.
    assert.equal(typeof (await connectFrom(url, '198.51.100.1, 203.0.113.7')), 'string');
    assert.notEqual(typeof (await connectFrom(url, '203.0.113.7, 198.51.100.1')), 'string', 'another address connects');
    assert.notEqual(typeof (await connectFrom(url, '203.0.113.8')), 'string');

    const { polling, websocket } = await refusalBodies(url, '203.0.113.7');
    const sentence = /^Too many connections from your address \(at most 50 at a time\); close some and try again\.$/;
    assert.equal(polling.status, 403);
    assert.match(polling.body.message, sentence);
    assert.equal(websocket.status, 400);
    assert.match(websocket.body, sentence);

    // A connection that closes frees its place.
    (first[0] as Socket).disconnect();
    await sleep(100);
    assert.notEqual(typeof (await connectFrom(url, '203.0.113.7')), 'string', 'a freed place is taken again');
    assert.equal(typeof (await connectFrom(url, '203.0.113.7')), 'string', 'and the cap holds again');
  });

  it('loopback is not counted, and without trust X-Forwarded-For is ignored', async () => {
    t = await startServer({ maxConnectionsPerIp: 5 });
    const sockets = await Promise.all(Array.from({ length: 20 }, () => connectFrom(t!.server.url, '203.0.113.7')));
    assert.ok(sockets.every((s) => typeof s !== 'string'));
  });

  it('with the proxy trusted, a loopback X-Forwarded-For (a proxy on the same host) is not counted either', async () => {
    t = await startServer({ trustProxy: true, maxConnectionsPerIp: 3 });
    const sockets = await Promise.all(Array.from({ length: 10 }, () => connectFrom(t!.server.url, '127.0.0.1')));
    assert.ok(sockets.every((s) => typeof s !== 'string'));
    assert.notEqual(typeof (await connectFrom(t.server.url, null)), 'string', 'no header: the loopback peer');
  });
});
