// ICE restarts while the signaling path loses or delays descriptions (issue
// 17): two peer sessions in one page, whose signaling the test delivers (in
// order, as the server does) when it chooses, so a lost offer or a late
// answer happens on demand instead of by a busy machine's timing.
import { expect } from '@open-wc/testing';
import type { IceCandidate, Role, SessionDescription } from '../../protocol/index.js';
import { fakeIce, sameCredentials, ufrag, waitFor } from '../test/testing.js';
import { PeerSession } from './peer-session.js';

const RESTART_AFTER_MS = 300;

type Message = { sdp: SessionDescription } | { candidate: IceCandidate };

interface Side {
  peer: PeerSession;
  /** What was sent and not delivered yet, oldest first. */
  outbox: Message[];
}

const opened: Side[] = [];
const streams: MediaStream[] = [];

function side(role: Role, giveUpMs = 60_000): Side {
  const outbox: Message[] = [];
  const peer = new PeerSession({
    iceServers: [],
    role,
    recovery: { restartAfterMs: RESTART_AFTER_MS, giveUpMs },
    signals: {
      description: (sdp) => outbox.push({ sdp }),
      candidate: (candidate) => outbox.push({ candidate }),
    },
  });
  const made = { peer, outbox };
  opened.push(made);
  return made;
}

/** The descriptions waiting in `s`'s outbox. */
function descriptions(s: Side): SessionDescription[] {
  return s.outbox.flatMap((m) => ('sdp' in m ? [m.sdp] : []));
}

/** Takes what waits in `s`'s outbox, up to its `count`-th description and the candidates after it (lost, or held back). */
function take(s: Side, count = Infinity): Message[] {
  let seen = 0;
  const end = s.outbox.findIndex((m) => 'sdp' in m && seen++ === count);
  return s.outbox.splice(0, end < 0 ? s.outbox.length : end);
}

async function receive(to: Side, messages: Message[]): Promise<void> {
  for (const m of messages) {
    if ('sdp' in m) await to.peer.receiveDescription(m.sdp);
    else await to.peer.receiveCandidate(m.candidate);
  }
}

/** Delivers what waits in `from`'s outbox to `to`, up to its `count`-th description (and that one's candidates). */
async function deliver(from: Side, to: Side, count = Infinity): Promise<void> {
  await receive(to, take(from, count));
}

/** Delivers everything both ways until both agree and ICE is connected. */
async function settle(alice: Side, bob: Side, what: string): Promise<void> {
  const connected = (s: Side): boolean => ['connected', 'completed'].includes(s.peer.pc.iceConnectionState);
  let done = false;
  const pump = (async () => {
    while (!done) {
      await deliver(alice, bob);
      await deliver(bob, alice);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  try {
    await waitFor(() => sameCredentials(alice.peer.pc, bob.peer.pc) && connected(alice) && connected(bob), what);
  } finally {
    done = true;
    await pump;
  }
}

const ticks = (n: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, RESTART_AFTER_MS * n));

/** Alice calls Bob; returns both once connected. */
async function inCall(giveUpMs?: number): Promise<[Side, Side]> {
  const alice = side('caller', giveUpMs);
  const bob = side('recipient');
  for (const s of [alice, bob]) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    streams.push(stream);
    s.peer.setLocalStream(stream);
  }
  await settle(alice, bob, 'the call connected');
  return [alice, bob];
}

describe('PeerSession: ICE restart over a lossy signaling path', () => {
  afterEach(() => {
    for (const s of opened.splice(0)) s.peer.close();
    for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
  });

  it('an unanswered restart offer is sent again, not replaced: its late answer still fits', async () => {
    const [alice, bob] = await inCall();
    const restore = fakeIce(alice.peer.pc, 'failed'); // restarts at once
    try {
      const offer = await waitFor(() => descriptions(alice)[0], 'a restart offer');
      await deliver(alice, bob, 1);
      await waitFor(() => descriptions(bob).length, "Bob's answer");
      const late = take(bob); // on its way while Alice's timer runs on
      await waitFor(() => descriptions(alice).length >= 2, 'two more tries');
      for (const sent of descriptions(alice)) expect(ufrag(sent)).to.equal(ufrag(offer));
      await receive(alice, late);
      expect(ufrag(alice.peer.pc.remoteDescription)).to.equal(ufrag(bob.peer.pc.localDescription));
    } finally {
      restore(); // the path is back: no restart after this one
    }
    await settle(alice, bob, 'both sides on the same ICE credentials');
  });

  it("an answer to an earlier offer is not taken for the current restart offer's", async () => {
    const [alice, bob] = await inCall();
    const restore = fakeIce(alice.peer.pc, 'failed');
    try {
      await waitFor(() => descriptions(alice).length > 1, 'a restart offer, sent again');
      await deliver(alice, bob); // both reach Bob: he answers both
      await waitFor(() => descriptions(bob).length > 1, 'two answers');
      await deliver(bob, alice, 1); // the first answer
      const repeated = take(bob); // the other comes late
      // Still failing: Alice restarts again, with new credentials.
      await waitFor(() => alice.peer.pc.signalingState === 'have-local-offer', 'the next restart offer');
      const next = ufrag(alice.peer.pc.localDescription);
      await receive(alice, repeated);
      expect(alice.peer.pc.signalingState, 'the late answer was not taken').to.equal('have-local-offer');
      expect(ufrag(alice.peer.pc.localDescription)).to.equal(next);
    } finally {
      restore();
    }
    await settle(alice, bob, 'both sides on the same ICE credentials');
  });

  it('a restart offer lost while the path came back by itself is sent until answered', async () => {
    const [alice, bob] = await inCall();
    const restore = fakeIce(alice.peer.pc, 'failed');
    await waitFor(() => descriptions(alice).length, 'a restart offer');
    take(alice); // lost
    restore();
    await waitFor(() => descriptions(alice).length, 'the offer sent again');
    await settle(alice, bob, 'both sides on the same ICE credentials');
    await ticks(2.5);
    expect(descriptions(alice), 'nothing more once answered').to.deep.equal([]);
  });

  it('an offer the server no longer relays is sent for giveUpMs, not for ever', async () => {
    const [alice] = await inCall(4 * RESTART_AFTER_MS);
    // Chromium keeps the old path while the offer is out (ICE "connected", the call goes on); Firefox starts
    // the restart with the offer ("checking" until answered), so there the give-up ends the call, as it would.
    alice.peer.addEventListener('failure', () => alice.peer.close()); // as the session does
    const restore = fakeIce(alice.peer.pc, 'failed');
    await waitFor(() => descriptions(alice).length, 'a restart offer');
    restore();
    await waitFor(() => descriptions(alice).length > 1, 'the offer sent again');
    await ticks(5); // past giveUpMs, nothing answered (the server restarted, say)
    take(alice);
    await ticks(2.5);
    expect(descriptions(alice), 'no more tries').to.deep.equal([]);
  });
});
