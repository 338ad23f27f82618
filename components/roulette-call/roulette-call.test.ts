import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteCall } from './roulette-call.js';
import type { RouletteSession } from '../session/session.js';
import {
  alertText,
  breakCamera,
  buttonNamed,
  callAndAccept,
  cleanUp,
  connected,
  framesArrive,
  isShown,
  slowCamera,
  startServer,
  stopServer,
  untilPhase,
  waitFor,
} from '../test/testing.js';

function remoteVideo(el: RouletteCall): HTMLVideoElement {
  return el.shadowRoot!.querySelector<HTMLVideoElement>('video[part="remote-video"]')!;
}

function localVideo(el: RouletteCall): HTMLVideoElement {
  return el.shadowRoot!.querySelector<HTMLVideoElement>('video[part="local-video"]')!;
}

async function callView(session: RouletteSession): Promise<RouletteCall> {
  return fixture<RouletteCall>(html`<roulette-call .session=${session}></roulette-call>`);
}

describe('<roulette-call>', () => {
  let undoCamera: (() => void) | undefined;

  afterEach(async () => {
    undoCamera?.();
    undoCamera = undefined;
    await cleanUp();
  });

  it('renders', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const el = await callView(alice);
    expect(isShown(el)).to.equal(false);
    await callAndAccept(alice, bob);
    await el.updateComplete;
    expect(isShown(el)).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent).to.equal(`In a call with ${bob.state.username}`);
    expect(remoteVideo(el)).to.exist;
    expect(localVideo(el).muted).to.equal(true);
    expect(buttonNamed(el, 'Hang up')).to.exist;
  });

  it('is accessible', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const el = await callView(alice);
    await callAndAccept(alice, bob);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('full two-party call: both sides receive decoded remote video', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceView = await callView(alice);
    const bobView = await callView(bob);
    const started = oneEvent(alice, 'roulette-call-start');
    await callAndAccept(alice, bob);
    expect((await started).detail).to.deep.equal({ peer: bob.state.username, role: 'caller' });
    await aliceView.updateComplete;
    // Waiting state until the first frames.
    expect(aliceView.shadowRoot!.querySelector('[part="waiting"]')!.textContent).to.contain(
      `Waiting for ${bob.state.username}'s video…`,
    );
    const [a, b] = await Promise.all([framesArrive(remoteVideo(aliceView)), framesArrive(remoteVideo(bobView))]);
    expect(remoteVideo(aliceView).videoWidth).to.be.greaterThan(0);
    expect(remoteVideo(bobView).videoWidth).to.be.greaterThan(0);
    expect(a).to.be.at.least(5);
    expect(b).to.be.at.least(5);
    // Frames keep coming.
    const [a2, b2] = await Promise.all([framesArrive(remoteVideo(aliceView), 3), framesArrive(remoteVideo(bobView), 3)]);
    expect(a2).to.be.at.least(3);
    expect(b2).to.be.at.least(3);
    await waitFor(() => aliceView.hasAttribute('receiving') && bobView.hasAttribute('receiving'), 'receiving');
    expect(getComputedStyle(aliceView.shadowRoot!.querySelector('[part="waiting"]')!).display).to.equal('none');
    // Local preview shows our own camera, muted.
    await framesArrive(localVideo(aliceView), 2);
    expect(alice.peerConnection!.connectionState).to.equal('connected');
  });

  it('hang up by keyboard returns both to idle and tells the other side', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const bobView = await callView(bob);
    await callAndAccept(alice, bob);
    await bobView.updateComplete;
    const ended = oneEvent(alice, 'roulette-call-end');
    const ownEnd = oneEvent(bob, 'roulette-call-end');
    buttonNamed(bobView, 'Hang up').focus();
    await sendKeys({ press: 'Enter' });
    expect((await ended).detail).to.deep.equal({ peer: bob.state.username, reason: 'peer-hangup' });
    expect((await ownEnd).detail.reason).to.equal('hangup');
    await untilPhase(alice, 'idle');
    expect(bob.state.phase).to.equal('idle');
    expect(alice.state.notice?.message).to.equal(`${bob.state.username} hung up.`);
    expect(alice.peerConnection).to.equal(undefined);
    await bobView.updateComplete;
    expect(isShown(bobView)).to.equal(false);
  });

  it('announces a peer whose connection dropped for good', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const bobName = bob.state.username!;
    await callAndAccept(alice, bob);
    const ended = oneEvent(alice, 'roulette-call-end');
    bob.signaling!.socket!.disconnect(); // bob's socket is gone, without a hang-up
    expect((await ended).detail).to.deep.equal({ peer: bobName, reason: 'peer-disconnected' });
    expect(alice.state.phase).to.equal('idle');
    expect(alice.state.notice?.message).to.equal(`${bobName}'s connection dropped, so the call ended.`);
  });

  it('caller with a blocked camera: clear instruction, and the request is withdrawn', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const incoming = oneEvent(bob, 'roulette-incoming-call');
    undoCamera = breakCamera('NotAllowedError');
    const error = oneEvent(alice, 'roulette-error');
    void alice.call(bob.state.username!);
    expect((await error).detail.code).to.equal('media-denied');
    await incoming;
    await untilPhase(bob, 'idle');
    // v2 `reason: 'media'` (needs the server's relay): not "canceled the call".
    expect(bob.state.notice?.message).to.equal(`${alice.state.username} couldn't start the camera, so the call was withdrawn.`);
    expect(alice.state.phase).to.equal('idle');
    expect(alice.state.notice?.tone).to.equal('error');
    expect(alice.state.notice?.message).to.match(/^Camera and microphone access is blocked\. Allow them/);
  });

  it('recipient with a blocked camera: the accepted call is hung up so the caller is told', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const lobby = await fixture(html`<roulette-lobby .session=${bob}></roulette-lobby>`);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => alice.state.localStream, "the caller's camera");
    undoCamera = breakCamera('NotAllowedError');
    await bob.accept();
    expect(bob.state.phase).to.equal('idle');
    await waitFor(() => alertText(lobby), 'an alert');
    expect(alertText(lobby)).to.match(/Camera and microphone access is blocked/);
    await untilPhase(alice, 'idle');
    // Accept went out at once, so the server ends a call rather than a request;
    // v2 `reason: 'media'` says why (not "hung up").
    expect(alice.state.notice?.message).to.equal(`${bob.state.username} couldn't start the camera, so the call ended.`);
    // The one called is not told to "call again".
    expect(alertText(lobby)).to.not.match(/call again/);
    expect(alertText(lobby)).to.match(/try again\.$/);
  });

  it('accept is sent at once: a slow camera still answers with its tracks, video flows both ways', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceView = await callView(alice);
    const bobView = await callView(bob);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => alice.state.localStream, "the caller's camera");
    undoCamera = slowCamera(1500);
    const accepting = bob.accept();
    // The caller hears of the accept (and sends its offer) while bob's camera is still starting.
    await untilPhase(alice, 'in-call');
    expect(bob.state.phase).to.equal('incoming');
    expect(bob.state.busy).to.equal(true);
    expect(bob.state.localStream).to.equal(undefined);
    await waitFor(() => bob.peerConnection?.remoteDescription, "alice's offer at bob");
    expect(bob.peerConnection!.localDescription).to.equal(null); // no answer without the camera
    await accepting;
    expect(bob.state.phase).to.equal('in-call');
    const [a, b] = await Promise.all([framesArrive(remoteVideo(aliceView)), framesArrive(remoteVideo(bobView))]);
    expect(a).to.be.at.least(5);
    expect(b).to.be.at.least(5);
    // The answer carried bob's tracks: no renegotiation, and bob never offered.
    expect(bob.peerConnection!.localDescription!.type).to.equal('answer');
    expect(bob.peerConnection!.getSenders().filter((s) => s.track).map((s) => s.track!.kind).sort()).to.deep.equal([
      'audio',
      'video',
    ]);
    expect(alice.peerConnection!.signalingState).to.equal('stable');
  });

  it('a camera denied after accepting ends the call cleanly for both', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const lobby = await fixture(html`<roulette-lobby .session=${bob}></roulette-lobby>`);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => alice.state.localStream, "the caller's camera");
    undoCamera = breakCamera('NotAllowedError', 1000);
    const aliceEnd = oneEvent(alice, 'roulette-call-end');
    const bobError = oneEvent(bob, 'roulette-error');
    const accepting = bob.accept();
    await untilPhase(alice, 'in-call');
    await waitFor(
      () => lobby.shadowRoot!.querySelector('[part="incoming"]')?.textContent?.includes('Starting your camera…'),
      '"Starting your camera…"',
    );
    expect((await bobError).detail.code).to.equal('media-denied');
    await accepting;
    expect(bob.state.phase).to.equal('idle');
    expect(bob.peerConnection).to.equal(undefined);
    await waitFor(() => alertText(lobby), 'an alert');
    expect(alertText(lobby)).to.match(/^Camera and microphone access is blocked\. Allow them/);
    expect((await aliceEnd).detail).to.deep.equal({ peer: bob.state.username, reason: 'peer-hangup' });
    await untilPhase(alice, 'idle');
    expect(alice.state.notice?.message).to.equal(`${bob.state.username} couldn't start the camera, so the call ended.`);
    expect(alice.peerConnection).to.equal(undefined);
    // Both are free for the next call.
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
  });

  it('a missing camera has its own message', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    undoCamera = breakCamera('NotFoundError');
    await alice.call(bob.state.username!);
    await waitFor(() => alice.state.notice?.code === 'media-missing', 'media-missing');
    expect(alice.state.notice?.message).to.equal('No camera or microphone was found. Connect one, then try again.');
    await untilPhase(bob, 'idle');
  });

  it('a brief signaling drop mid-call: frames keep flowing, the session resumes, hang-up still arrives', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const bobView = await callView(bob);
    const aliceView = await callView(alice);
    await callAndAccept(alice, bob);
    await framesArrive(remoteVideo(bobView));
    alice.signaling!.socket!.io.engine.close(); // unintended drop
    await waitFor(() => alice.state.reconnecting, 'reconnecting');
    await aliceView.updateComplete;
    expect(aliceView.shadowRoot!.querySelector('[part="reconnecting"]')!.textContent).to.equal(
      'Connection lost — reconnecting…',
    );
    expect(alice.state.phase).to.equal('in-call');
    await framesArrive(remoteVideo(bobView), 3); // media are peer to peer
    await waitFor(() => !alice.state.reconnecting, 'resumed');
    expect(alice.state.phase).to.equal('in-call');
    const ended = oneEvent(bob, 'roulette-call-end');
    await alice.hangUp();
    expect((await ended).detail.reason).to.equal('peer-hangup');
  });

  it('the server shutting down mid-call keeps the call and reconnects (see outage.test.ts)', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    await callAndAccept(alice, bob);
    await waitFor(() => alice.state.connection === 'connected', 'the peer-to-peer connection');
    await stopServer(server, 'Maintenance.');
    await waitFor(() => alice.state.reconnecting, 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(alice.state.phase).to.equal('in-call');
    expect(alice.peerConnection?.connectionState).to.equal('connected');
  });
});
