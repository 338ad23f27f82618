// Signaling outages (issue 11, item 8): a server restart does not end a call
// in progress, since its media are peer to peer; and what was under way but
// not yet a call ends with a clear notice when the server no longer knows it
// (protocol v2 `resumed: false`).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../index.js';
import type { RouletteCall } from './roulette-call.js';
import type { RouletteSession } from '../session/session.js';
import {
  callAndAccept,
  cleanUp,
  connected,
  framesArrive,
  framesDuring,
  startServer,
  stopServer,
  untilPhase,
  waitFor,
} from '../test/testing.js';

async function callView(session: RouletteSession): Promise<RouletteCall> {
  await customElements.whenDefined('roulette-call');
  return fixture<RouletteCall>(html`<roulette-call .session=${session}></roulette-call>`);
}

const remoteVideo = (el: RouletteCall): HTMLVideoElement =>
  el.shadowRoot!.querySelector<HTMLVideoElement>('[part="remote-video"]')!;

const banner = (el: RouletteCall): string | undefined =>
  el.shadowRoot!.querySelector('[part="reconnecting"]')?.textContent?.trim();

/** Drops the session's transport and keeps it away for `ms` (longer than the server's resume grace). */
function dropFor(session: RouletteSession, ms: number): void {
  const manager = session.signaling!.socket!.io;
  manager.randomizationFactor(0);
  manager.reconnectionDelay(ms);
  manager.reconnectionDelayMax(ms);
  manager.engine.close();
}

describe('signaling outages', function () {
  // A call, 3 s without a server, a restart and a reconnection with backoff: more than the default 20 s under load.
  this.timeout(60_000);

  afterEach(async () => {
    await cleanUp();
  });

  it('a server restart keeps the call: media flow, the banner shows, both register again, hang-up still arrives', async () => {
    const first = await startServer();
    const alice = await connected(first, 'alice');
    const bob = await connected(first, 'bob');
    const aliceView = await callView(alice);
    const bobView = await callView(bob);
    await callAndAccept(alice, bob);
    await Promise.all([framesArrive(remoteVideo(aliceView)), framesArrive(remoteVideo(bobView))]);
    const phases: string[] = [];
    const record = (): void => void phases.push(alice.state.phase, bob.state.phase);
    alice.addEventListener('change', record);
    bob.addEventListener('change', record);

    await stopServer(first, 'Restarting.');
    await waitFor(() => alice.state.reconnecting && bob.state.reconnecting, 'both reconnecting');
    await Promise.all([aliceView.updateComplete, bobView.updateComplete]);
    expect(banner(aliceView)).to.equal('Connection lost — reconnecting…');
    expect(banner(bobView)).to.equal('Connection lost — reconnecting…');
    // Media are peer to peer: frames keep coming on both sides while the server is away.
    const [a, b] = await Promise.all([framesDuring(remoteVideo(aliceView), 3000), framesDuring(remoteVideo(bobView), 3000)]);
    // Frames keep arriving (a busy machine decodes the fake camera at a few frames a second, so no rate is judged).
    expect(a, 'frames at alice in 3 s without a server').to.be.at.least(5);
    expect(b, 'frames at bob in 3 s without a server').to.be.at.least(5);
    expect(alice.state.phase).to.equal('in-call');
    expect(bob.state.phase).to.equal('in-call');

    // The same address again (a restarted single process: it knows nobody).
    await startServer({ port: first.port });
    await waitFor(() => !alice.state.reconnecting && !bob.state.reconnecting, 'both registered again', 20_000);
    await Promise.all([aliceView.updateComplete, bobView.updateComplete]);
    expect(banner(aliceView)).to.equal(undefined);
    expect(banner(bobView)).to.equal(undefined);
    expect(alice.state.username).to.not.equal(undefined);
    expect(phases.every((phase) => phase === 'in-call'), `phases seen: ${[...new Set(phases)].join(', ')}`).to.equal(true);
    await framesArrive(remoteVideo(bobView), 3);

    // The new server does not know of the call: the hang-up reaches bob over the data channel.
    const ended = oneEvent(bob, 'roulette-call-end');
    await alice.hangUp();
    expect((await ended).detail).to.deep.equal({ peer: alice.state.username, reason: 'peer-hangup' });
    expect(bob.state.phase).to.equal('idle');
    expect(bob.state.notice?.message).to.equal(`${alice.state.username} hung up.`);
    // Both are free on the new server: they can call again.
    void bob.call(alice.state.username!);
    await untilPhase(alice, 'incoming');
  });

  it('`resumed: false` while calling: the request is over, and the caller is told', async () => {
    const server = await startServer({ ringTimeoutMs: 30_000, resumeGraceMs: 300 });
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    dropFor(alice, 1500);
    await waitFor(() => alice.state.reconnecting, 'reconnecting');
    await untilPhase(bob, 'idle'); // the grace ran out: bob was told
    await waitFor(() => !alice.state.reconnecting, 'registered again', 15_000);
    await untilPhase(alice, 'idle');
    expect(alice.state.notice?.message).to.equal(`Your call request to ${bob.state.username} ended while you were offline.`);
    expect(alice.peerConnection).to.equal(undefined);
  });

  it('`resumed: false` while looking for a stranger: the search is over, and the person is told', async () => {
    const server = await startServer({ resumeGraceMs: 300 });
    const alice = await connected(server, 'alice');
    await alice.findStranger();
    expect(alice.state.phase).to.equal('searching');
    dropFor(alice, 1500);
    await waitFor(() => alice.state.reconnecting, 'reconnecting');
    await waitFor(() => !alice.state.reconnecting, 'registered again', 15_000);
    await untilPhase(alice, 'idle');
    expect(alice.state.notice?.message).to.equal('You lost your place in the queue while you were offline. Look for a stranger again.');
  });
});
