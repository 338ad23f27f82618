// Candidate batches (PROTOCOL v2.1) in real calls between real sessions: the
// WebSocket frames each page sends and receives are tapped at the socket,
// and a v2 client is made by taking "features" out of its CONNECT and out of
// the server's answer on the wire (what a client from before v2.1 sends and
// reads).
import { expect } from '@open-wc/testing';
import type { RouletteSession } from './session.js';
import { callAndAccept, cleanUp, connected, startServer, waitFor } from '../test/testing.js';

interface Tap {
  /** A v2 client: "features" stripped both ways. */
  legacy: boolean;
  sent: string[];
  received: string[];
}

const FEATURES = /,"features":\["candidate-batch"\]/;
const taps = new Map<WebSocket, Tap>();
let nextIsLegacy = false;
const originalSend = WebSocket.prototype.send;
const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;

function tapOf(ws: WebSocket): Tap {
  let tap = taps.get(ws);
  if (!tap) taps.set(ws, (tap = { legacy: nextIsLegacy, sent: [], received: [] }));
  return tap;
}

before(() => {
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    const tap = tapOf(this);
    const text = typeof data === 'string' && tap.legacy ? data.replace(FEATURES, '') : data;
    if (typeof text === 'string') tap.sent.push(text);
    return originalSend.call(this, text);
  };
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    ...onmessage,
    set(this: WebSocket, handler: ((event: MessageEvent) => void) | null) {
      const tap = tapOf(this);
      onmessage.set!.call(
        this,
        handler &&
          ((event: MessageEvent) => {
            const data = typeof event.data === 'string' && tap.legacy ? event.data.replace(FEATURES, '') : event.data;
            if (typeof data === 'string') tap.received.push(data);
            handler.call(this, data === event.data ? event : new MessageEvent('message', { data }));
          }),
      );
    },
  });
});

after(() => {
  WebSocket.prototype.send = originalSend;
  Object.defineProperty(WebSocket.prototype, 'onmessage', onmessage);
});

/** The tap of the socket that registered `session`'s name. */
function tapFor(session: RouletteSession): Tap {
  const as = `"as":${JSON.stringify(session.state.username)}`;
  const tap = [...taps.values()].find((t) => t.sent.some((frame) => frame.includes(as)));
  if (!tap) throw new Error('no tapped socket for this session');
  return tap;
}

/** Candidate frames and candidates, each way, from one page's tap. */
function candidates(tap: Tap) {
  const read = (frames: string[], event: string) => {
    const mine = frames.filter((f) => f.includes(`"${event}"`));
    const payloads = mine.map((f) => JSON.parse(f.slice(f.indexOf('['))) as [string, { candidate?: unknown; candidates?: unknown[] }]);
    return {
      frames: mine.length,
      batches: payloads.filter(([, p]) => Array.isArray(p.candidates)).length,
      singles: payloads.filter(([, p]) => p.candidate !== undefined).length,
      candidates: payloads.reduce((n, [, p]) => n + (p.candidates?.length ?? 1), 0),
    };
  };
  return { sent: read(tap.sent, 'SEND_ICE_CANDIDATE'), received: read(tap.received, 'ICE_CANDIDATE_RECEIVED') };
}

async function connectedCall(caller: RouletteSession, callee: RouletteSession): Promise<void> {
  await callAndAccept(caller, callee);
  await waitFor(() => caller.state.connection === 'connected' && callee.state.connection === 'connected', 'both peer connections up', 20_000);
}

describe('candidate batches in real calls', () => {
  afterEach(async () => {
    await cleanUp();
    taps.clear();
  });

  it('two current clients: each page sends its candidates in batches and receives them so; a call with a v2 client connects, sending and receiving one at a time', async () => {
    const server = await startServer();
    const ann = await connected(server, 'ann');
    const bob = await connected(server, 'bob');
    await connectedCall(ann, bob);
    // A call may connect on the first candidates while later ones are still
    // gathered and relayed: read the taps once both ways have settled.
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    await waitFor(() => {
      const [a, b] = [candidates(tapFor(ann)), candidates(tapFor(bob))];
      return a.sent.batches > 0 && b.sent.batches > 0 && same(b.received, a.sent) && same(a.received, b.sent);
    }, 'candidates sent and relayed both ways');
    const a = candidates(tapFor(ann));
    const b = candidates(tapFor(bob));
    console.log('candidate frames, both current:', JSON.stringify({ a, b }));
    for (const side of [a, b]) {
      expect(side.sent.singles, 'no single candidates to a server that takes batches').to.equal(0);
      expect(side.sent.batches).to.be.greaterThan(0);
      expect(side.received.singles).to.equal(0);
    }
    // What one sent, the other received, in as many messages.
    expect(b.received).to.deep.equal(a.sent);
    expect(a.received).to.deep.equal(b.sent);
    expect(a.sent.frames + b.sent.frames, 'fewer frames than candidates').to.be.lessThan(a.sent.candidates + b.sent.candidates);

    nextIsLegacy = true;
    const old = await connected(server, 'old');
    nextIsLegacy = false;
    const cy = await connected(server, 'cy');
    await connectedCall(cy, old);
    await waitFor(() => {
      const [o, c] = [candidates(tapFor(old)), candidates(tapFor(cy))];
      return c.sent.batches > 0 && o.sent.candidates > 0 && o.received.candidates === c.sent.candidates && c.received.singles === o.sent.candidates;
    }, 'candidates sent and relayed both ways, to and from the v2 client');
    const o = candidates(tapFor(old));
    const c = candidates(tapFor(cy));
    console.log('candidate frames, current ↔ v2:', JSON.stringify({ current: c, v2: o }));
    expect(o.sent.batches, 'the v2 client was told of no feature').to.equal(0);
    expect(o.received.batches, 'and got no batch').to.equal(0);
    expect(o.received.candidates).to.equal(c.sent.candidates);
    expect(o.received.frames, 'one message per candidate').to.equal(c.sent.candidates);
    expect(c.sent.batches).to.be.greaterThan(0);
    expect(c.received.singles).to.equal(o.sent.candidates);
  });
});
