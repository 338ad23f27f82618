import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteCall } from './roulette-call.js';
import type { RouletteSession } from '../session/session.js';
import {
  buttonNamed,
  callAndAccept,
  cleanUp,
  connected,
  fakeIce,
  framesArrive,
  inputLabelled,
  sameCredentials,
  startServer,
  ufrag,
  untilPhase,
  waitFor,
} from '../test/testing.js';

function part<T extends HTMLElement = HTMLElement>(el: RouletteCall, name: string): T {
  return el.shadowRoot!.querySelector<T>(`[part="${name}"]`)!;
}

const remoteVideo = (el: RouletteCall): HTMLVideoElement => part<HTMLVideoElement>(el, 'remote-video');

async function callView(session: RouletteSession): Promise<RouletteCall> {
  return fixture<RouletteCall>(html`<roulette-call .session=${session}></roulette-call>`);
}

/** Alice calls Bob; both views show decoded remote frames. */
async function inCall(options?: Parameters<typeof connected>[2]) {
  const server = await startServer();
  const alice = await connected(server, 'alice', options);
  const bob = await connected(server, 'bob', options);
  const aliceView = await callView(alice);
  const bobView = await callView(bob);
  await callAndAccept(alice, bob);
  await Promise.all([framesArrive(remoteVideo(aliceView)), framesArrive(remoteVideo(bobView))]);
  return { server, alice, bob, aliceView, bobView };
}

function logLines(el: RouletteCall): string[] {
  return [...part(el, 'chat-log').querySelectorAll('p')].map((p) => p.textContent!.trim());
}

/** Makes getUserMedia report a missing camera or microphone; returns the undo. */
function withoutDevice(kind: 'audio' | 'video'): () => void {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  media.getUserMedia = (constraints) =>
    constraints?.[kind]
      ? Promise.reject(new DOMException(`Test: no ${kind}`, 'NotFoundError'))
      : original.call(media, constraints);
  return () => {
    media.getUserMedia = original;
  };
}

describe('<roulette-call> in a call', () => {
  let undo: (() => void) | undefined;

  afterEach(async () => {
    undo?.();
    undo = undefined;
    await cleanUp();
  });

  it('is accessible with the controls, chat and quality shown', async () => {
    const { alice, aliceView } = await inCall();
    alice.sendMessage('hello');
    await waitFor(() => alice.state.stats, 'a stats sample');
    await aliceView.updateComplete;
    expect(buttonNamed(aliceView, 'Mute').getAttribute('aria-pressed')).to.equal('false');
    expect(buttonNamed(aliceView, 'Camera').getAttribute('aria-pressed')).to.equal('true');
    expect(inputLabelled(aliceView, 'Message')).to.exist;
    expect(buttonNamed(aliceView, 'Send')).to.exist;
    expect(part(aliceView, 'chat-log').getAttribute('role')).to.equal('log');
    await expect(aliceView).to.be.accessible();
  });

  describe('recovery', () => {
    it('a caller-initiated ICE restart mid-call keeps frames flowing on both sides', async () => {
      const { alice, bob, aliceView, bobView } = await inCall();
      const [alicePc, bobPc] = [alice.peerConnection!, bob.peerConnection!];
      const before = [ufrag(alicePc.localDescription), ufrag(bobPc.localDescription)];
      alicePc.restartIce();
      await waitFor(
        () =>
          ufrag(alicePc.localDescription) !== before[0] &&
          ufrag(bobPc.localDescription) !== before[1] &&
          ufrag(alicePc.remoteDescription) === ufrag(bobPc.localDescription) &&
          alicePc.signalingState === 'stable',
        'new ICE credentials on both sides',
      );
      await waitFor(() => alicePc.iceConnectionState === 'connected' || alicePc.iceConnectionState === 'completed', 'ICE');
      const [a, b] = await Promise.all([framesArrive(remoteVideo(aliceView), 10), framesArrive(remoteVideo(bobView), 10)]);
      expect(a).to.be.at.least(10);
      expect(b).to.be.at.least(10);
      expect(alice.state.phase).to.equal('in-call');
      expect(bob.state.phase).to.equal('in-call');
    });

    it('a broken path: "Reconnecting…" on both sides, the caller restarts ICE, the call goes on', async () => {
      const { alice, bob, aliceView, bobView } = await inCall({ recovery: { restartAfterMs: 1000, giveUpMs: 20_000 } });
      const [alicePc, bobPc] = [alice.peerConnection!, bob.peerConnection!];
      const before = ufrag(alicePc.localDescription);
      const restoreAlice = fakeIce(alicePc, 'disconnected');
      const restoreBob = fakeIce(bobPc, 'disconnected');
      await aliceView.updateComplete;
      await bobView.updateComplete;
      expect(part(aliceView, 'reconnecting').textContent!.trim()).to.equal('Reconnecting…');
      expect(part(bobView, 'reconnecting').textContent!.trim()).to.equal('Reconnecting…');
      // After a few seconds (here 1 s) of "disconnected", the caller restarts ICE.
      await waitFor(() => ufrag(alicePc.localDescription) !== before && ufrag(bobPc.remoteDescription) !== before, 'an ICE restart');
      await Promise.all([framesArrive(remoteVideo(aliceView), 5), framesArrive(remoteVideo(bobView), 5)]);
      restoreAlice();
      restoreBob();
      await waitFor(() => !alice.state.recovering && !bob.state.recovering, 'recovered');
      await aliceView.updateComplete;
      expect(part(aliceView, 'reconnecting')).to.equal(null);
      expect(alice.state.phase).to.equal('in-call');
      expect(bob.state.phase).to.equal('in-call');
    });

    for (const who of ['caller', 'recipient'] as const) {
      it(`a network drop of the ${who} (signaling and path at once): the restart offer gets through after the resume`, async () => {
        const { alice, bob, aliceView, bobView } = await inCall({ recovery: { restartAfterMs: 500, giveUpMs: 20_000 } });
        const [alicePc, bobPc] = [alice.peerConnection!, bob.peerConnection!];
        const before = ufrag(alicePc.localDescription);
        const dropped = who === 'caller' ? alice : bob;
        dropped.signaling!.socket!.io.engine.close(); // the transport dies; socket.io reconnects by itself
        // With the recipient away, "failed" makes the caller offer at once: that offer is lost and must be made again.
        const restoreAlice = fakeIce(alicePc, who === 'recipient' ? 'failed' : 'disconnected');
        const restoreBob = fakeIce(bobPc, 'disconnected');
        try {
          await waitFor(() => dropped.state.reconnecting, 'reconnecting');
          await waitFor(() => !dropped.state.reconnecting, 'resumed');
          await waitFor(
            () => ufrag(bobPc.remoteDescription) !== before && alicePc.signalingState === 'stable',
            'an ICE restart that reached the other side',
          );
          await Promise.all([framesArrive(remoteVideo(aliceView), 5), framesArrive(remoteVideo(bobView), 5)]);
        } finally {
          restoreAlice();
          restoreBob();
        }
        await waitFor(() => !alice.state.recovering && !bob.state.recovering, 'recovered');
        // Several restart offers may have been made during the drop, and their answers may come late: in the
        // end both sides must hold the same (last) credentials, not a late answer to an older offer (issue 17).
        await waitFor(() => sameCredentials(alicePc, bobPc), 'both sides on the same ICE credentials');
        await Promise.all([framesArrive(remoteVideo(aliceView), 5), framesArrive(remoteVideo(bobView), 5)]);
        expect(alice.state.phase).to.equal('in-call');
        expect(bob.state.phase).to.equal('in-call');
        const ended = oneEvent(bob, 'roulette-call-end');
        await alice.hangUp();
        expect((await ended).detail.reason).to.equal('peer-hangup');
      });
    }

    it('a path that does not come back ends the call on both sides with a message, in bounded time', async () => {
      const server = await startServer();
      const alice = await connected(server, 'alice', { recovery: { restartAfterMs: 500, giveUpMs: 2000 } });
      const bob = await connected(server, 'bob');
      await callAndAccept(alice, bob);
      await waitFor(() => alice.peerConnection!.connectionState === 'connected', 'connected');
      const aliceName = alice.state.username!;
      const ended = oneEvent(alice, 'roulette-call-end');
      const bobEnded = oneEvent(bob, 'roulette-call-end');
      const started = performance.now();
      undo = fakeIce(alice.peerConnection!, 'failed');
      const undoBob = fakeIce(bob.peerConnection!, 'disconnected');
      try {
        expect((await ended).detail.reason).to.equal('connection-failed');
        expect((await bobEnded).detail.reason).to.equal('peer-disconnected');
      } finally {
        undoBob();
      }
      expect(performance.now() - started).to.be.within(1900, 6000);
      expect(alice.state.phase).to.equal('idle');
      expect(alice.state.notice?.message).to.equal('The connection was lost and could not be restored.');
      await untilPhase(bob, 'idle');
      expect(bob.state.notice?.message).to.equal(`${aliceName}'s connection dropped, so the call ended.`);
      expect(alice.peerConnection).to.equal(undefined);
    });
  });

  it('Mute and Camera by keyboard: the other side is told', async () => {
    const { alice, bob, aliceView, bobView } = await inCall();
    const aliceName = alice.state.username!;
    const mute = buttonNamed(aliceView, 'Mute');
    mute.focus();
    await sendKeys({ press: 'Enter' });
    await aliceView.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(alice.state.localStream!.getAudioTracks()[0].enabled).to.equal(false);
    await waitFor(() => bob.state.peerMuted, 'bob hears of the mute');
    await bobView.updateComplete;
    expect(part(bobView, 'peer-state').textContent).to.equal(`${aliceName} is muted`);

    const camera = buttonNamed(aliceView, 'Camera');
    camera.focus();
    await sendKeys({ press: ' ' });
    await aliceView.updateComplete;
    expect(camera.getAttribute('aria-pressed')).to.equal('false');
    expect(alice.state.localStream!.getVideoTracks()[0].enabled).to.equal(false);
    expect(part(aliceView, 'stage').textContent).to.contain('Camera off');
    await waitFor(() => bob.state.peerCameraOff, 'bob hears of the camera');
    await bobView.updateComplete;
    expect(part(bobView, 'waiting').textContent!.trim()).to.equal(`${aliceName}'s camera is off`);
    expect(getComputedStyle(part(bobView, 'waiting')).display).to.not.equal('none');

    mute.click();
    camera.click();
    await waitFor(() => !bob.state.peerMuted && !bob.state.peerCameraOff, 'both back on');
    await bobView.updateComplete;
    expect(part(bobView, 'peer-state').textContent).to.equal('');
    expect(getComputedStyle(part(bobView, 'waiting')).display).to.equal('none');
    expect(alice.state.localStream!.getTracks().every((t) => t.enabled)).to.equal(true);
  });

  it('chat: messages arrive in order both ways, HTML is shown as text', async () => {
    const { alice, bob, aliceView, bobView } = await inCall();
    const [aliceName, bobName] = [alice.state.username!, bob.state.username!];
    // The chat opens on demand.
    buttonNamed(aliceView, 'Chat').click();
    await aliceView.updateComplete;
    const input = inputLabelled(aliceView, 'Message');
    input.focus();
    await sendKeys({ type: 'hi Bob' });
    await sendKeys({ press: 'Enter' });
    expect(input.value).to.equal('');
    for (let i = 1; i <= 5; i++) alice.sendMessage(`line ${i}`);
    const html = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    alice.sendMessage(html);
    await waitFor(() => bob.state.messages?.length === 7, 'seven messages at bob');
    bob.sendMessage('hello Alice');
    await waitFor(() => alice.state.messages?.length === 8, "bob's reply");
    await bobView.updateComplete;
    await aliceView.updateComplete;
    expect(logLines(bobView)).to.deep.equal([
      `${aliceName}: hi Bob`,
      ...[1, 2, 3, 4, 5].map((i) => `${aliceName}: line ${i}`),
      `${aliceName}: ${html}`,
      'You: hello Alice',
    ]);
    expect(logLines(aliceView).at(-1)).to.equal(`${bobName}: hello Alice`);
    expect(logLines(aliceView)[0]).to.equal('You: hi Bob');
    expect(part(bobView, 'chat-log').querySelector('img')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('chat: a clear note when the other side has left', async () => {
    const { alice, bob, aliceView } = await inCall();
    const bobName = bob.state.username!;
    bob.peerConnection!.close(); // bob's tab is gone; the server has not said so yet
    await waitFor(() => alice.state.chatClosed, 'the chat closes');
    await aliceView.updateComplete;
    expect(logLines(aliceView).at(-1)).to.equal(`${bobName} left the chat.`);
    expect(inputLabelled(aliceView, 'Message').disabled).to.equal(true);
    expect(buttonNamed(aliceView, 'Send').disabled).to.equal(true);
  });

  it('shows how long the call has lasted', async () => {
    const { alice, aliceView } = await inCall();
    expect(alice.state.since).to.be.a('number');
    // The clock ticks once a second; under load a tick may come late, so the
    // display may go from 00:01 straight to 00:03 — what matters is that it
    // counts up at the clock's pace.
    const seconds = () => {
      const match = /^Duration 00:(\d\d)$/.exec(part(aliceView, 'duration').textContent!.trim());
      return match ? Number(match[1]) : -1;
    };
    await waitFor(() => seconds() >= 2, 'two seconds', 6000);
    const elapsed = (Date.now() - alice.state.since!) / 1000;
    expect(seconds()).to.be.within(Math.floor(elapsed) - 1, Math.ceil(elapsed));
  });

  it('quality: a roulette-stats event and an indicator with the numbers', async () => {
    const { alice, aliceView } = await inCall();
    const { detail } = await oneEvent(alice, 'roulette-stats');
    expect(detail.quality).to.equal('good');
    expect(detail.relayed).to.equal(false);
    expect(detail.loss).to.be.within(0, 1);
    expect(detail.inbound).to.be.greaterThan(0);
    expect(detail.outbound).to.be.greaterThan(0);
    expect(detail.rtt ?? 0).to.be.within(0, 250);
    await aliceView.updateComplete;
    const quality = part<HTMLDetailsElement>(aliceView, 'quality');
    expect(quality.querySelector('summary')!.textContent!.trim()).to.equal('Good connection');
    expect(quality.textContent).to.contain('kbit/s').and.to.contain('direct');
    // Host pages get it from <roulette-session>, bubbling and composed.
    const host = await fixture(html`<roulette-session .session=${alice}></roulette-session>`);
    const onPage = await oneEvent(document, 'roulette-stats');
    expect(onPage.target).to.equal(host);
    expect(onPage.bubbles && onPage.composed).to.equal(true);
    expect(onPage.detail.quality).to.be.oneOf(['good', 'fair', 'poor']);
  });

  it('switching the camera mid-call replaces the track without renegotiation; frames keep flowing; the choice is kept', async () => {
    const { alice, bob, bobView } = await inCall();
    const pc = alice.peerConnection!;
    const old = alice.state.localStream!.getVideoTracks()[0];
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    const target = cameras.at(-1)!.deviceId;
    const offers = pc.localDescription!.sdp;
    await alice.useDevice('videoinput', target);
    const track = alice.state.localStream!.getVideoTracks()[0];
    expect(track).to.not.equal(old);
    expect(old.readyState).to.equal('ended');
    expect(pc.getSenders().some((s) => s.track === track)).to.equal(true);
    expect(pc.localDescription!.sdp).to.equal(offers); // no renegotiation
    expect(alice.state.devices?.videoinput).to.equal(target);
    expect(JSON.parse(localStorage.getItem('roulette-devices')!).videoinput).to.equal(target);
    await framesArrive(remoteVideo(bobView), 10);
    expect(bob.state.phase).to.equal('in-call');
    localStorage.removeItem('roulette-devices');
  });

  it('audio-only: a caller without a camera still connects, both sides see what is missing', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceView = await callView(alice);
    const bobView = await callView(bob);
    undo = withoutDevice('video');
    void alice.call(bob.state.username!);
    await waitFor(() => alice.state.localStream, "alice's microphone");
    undo();
    undo = undefined;
    await untilPhase(bob, 'incoming');
    await bob.accept();
    await untilPhase(alice, 'in-call');
    expect(alice.state.localStream!.getVideoTracks()).to.have.length(0);
    // Alice still sees Bob; Bob is told Alice has no camera.
    await framesArrive(remoteVideo(aliceView), 5);
    await waitFor(() => bob.state.peerCameraOff, 'bob hears there is no camera');
    await bobView.updateComplete;
    await aliceView.updateComplete;
    expect(part(bobView, 'waiting').textContent!.trim()).to.equal(`${alice.state.username}'s camera is off`);
    expect(buttonNamed(aliceView, 'Camera').disabled).to.equal(true);
    expect(part(aliceView, 'stage').textContent).to.contain('No camera');
    await waitFor(() => alice.peerConnection!.connectionState === 'connected', 'connected');
  });

  it('video-only: a recipient without a microphone still connects', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceView = await callView(alice);
    const bobView = await callView(bob);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => alice.state.localStream, "alice's camera");
    undo = withoutDevice('audio');
    await bob.accept();
    undo();
    undo = undefined;
    await untilPhase(alice, 'in-call');
    expect(bob.state.localStream!.getAudioTracks()).to.have.length(0);
    await Promise.all([framesArrive(remoteVideo(aliceView), 5), framesArrive(remoteVideo(bobView), 5)]);
    await waitFor(() => alice.state.peerMuted, 'alice hears there is no microphone');
    await aliceView.updateComplete;
    await bobView.updateComplete;
    expect(part(aliceView, 'peer-state').textContent).to.equal(`${bob.state.username} is muted`);
    expect(buttonNamed(bobView, 'Mute').disabled).to.equal(true);
  });
});
