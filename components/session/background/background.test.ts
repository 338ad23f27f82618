// The background effect in a real call: two sessions in this page, a real
// signaling server, real peer connections and the browser's fake camera
// (its picture has no person: it is all background, so a blur shows in
// every part of it). What the other side receives is measured.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../index.js';
import type { CameraCheck } from '../../roulette-lobby/camera-check.js';
import { callAndAccept, connected, framesArrive, startServer, untilButton, waitFor } from '../../test/testing.js';
import {
  SEGMENTER_FILES,
  videoOf,
  callWithView,
  canSegment,
  framesSent,
  isChromium,
  meanColour,
  onlyProcessor,
  resetBackgrounds,
  sharpnessOver,
  sleep,
  videoSender,
} from '../../test/background.js';
import { effectOptions } from './camera-effect.js';
import { backgrounds } from './choice.js';
import { runningProcessors } from './processor.js';
import { useSegmenterFiles } from './segmenter.js';

describe('background effects in a call', function () {
  this.timeout(120_000);

  afterEach(resetBackgrounds);

  it('turns the camera off and says so when the runtime cannot be loaded', async () => {
    useSegmenterFiles('/no-such-folder/');
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    await callAndAccept(alice, bob);
    const camera = alice.state.localStream!.getVideoTracks()[0];
    await alice.setBackground('blur');
    // The camera's own track is sent, turned off; the state, the other side and a notice say so.
    expect(alice.state.cameraOff).to.equal(true);
    expect(alice.state.notice?.code).to.equal('background-failed');
    expect(alice.state.notice?.message).to.match(/camera is off/);
    expect(videoSender(alice).track).to.equal(camera);
    expect(camera.enabled).to.equal(false);
    await waitFor(() => bob.state.peerCameraOff, 'Bob told that the camera is off');
    // Remembered: the choice stays, the person decides what next (the camera back on shows the room).
    expect(localStorage.getItem('roulette-background')).to.equal('blur');
    alice.setCameraOff(false);
    expect(camera.enabled).to.equal(true);
    // A background the site does not offer is refused, and nothing changes.
    let refused: unknown;
    await alice.setBackground('https://example.com/not-offered.jpg').catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(RangeError);
    expect(localStorage.getItem('roulette-background')).to.equal('blur');
  });

  it('blurs what the other side receives without renegotiating, keeps the frame rate, follows camera switch and screen share, and restores the camera', async () => {
    useSegmenterFiles(SEGMENTER_FILES);
    // 640×360: the size asked of the frame rate. Held there on this shared machine (keep-up.test.ts tests the policy).
    Object.assign(effectOptions, { level: 1, patience: Infinity });
    const { alice, bob, received } = await callWithView();
    const camera = alice.state.localStream!.getVideoTracks()[0];
    if (!canSegment) {
      // No WebGL 2 (headless Firefox here): the effect cannot run, and says so; the room is not sent.
      await alice.setBackground('blur');
      expect(alice.state.cameraOff).to.equal(true);
      expect(alice.state.notice?.code).to.equal('background-failed');
      expect(camera.enabled).to.equal(false);
      await waitFor(() => bob.state.peerCameraOff, 'Bob told that the camera is off');
      return;
    }
    let renegotiations = 0;
    alice.peerConnection!.addEventListener('negotiationneeded', () => renegotiations++);
    const before = await sharpnessOver(received);

    await alice.setBackground('blur');
    const processor = onlyProcessor();
    const processed = videoSender(alice).track!;
    // What is sent is what you see: the processed track is on the sender and in your preview.
    expect(processed).to.not.equal(camera);
    expect(alice.state.localStream!.getVideoTracks()[0]).to.equal(processed);
    expect(alice.state.cameraOff).to.not.equal(true);
    await waitFor(() => processor.totals.masks > 3, 'a few masks', 30_000);
    await sleep(1500); // the blurred frames reach Bob
    const blurred = await sharpnessOver(received);
    expect(blurred, `sharpness ${before.toFixed(2)} → ${blurred.toFixed(2)}`).to.be.below(before * 0.5);

    // The processed track keeps the camera's frame rate (measured over 4 s, at 640×360).
    const [from, sentFrom, t0] = [{ ...processor.totals }, await framesSent(alice), performance.now()];
    await sleep(4000);
    const seconds = (performance.now() - t0) / 1000;
    const cameraRate = (processor.totals.camera - from.camera) / seconds;
    const outRate = (processor.totals.sent - from.sent) / seconds;
    const encodedRate = ((await framesSent(alice)) - sentFrom) / seconds;
    const maskRate = (processor.totals.masks - from.masks) / seconds;
    console.log(
      `background: camera ${cameraRate.toFixed(1)} fps, processed ${outRate.toFixed(1)} fps, encoded ${encodedRate.toFixed(1)} fps, masks ${maskRate.toFixed(1)}/s, size ${processor.size.width}×${processor.size.height}`,
    );
    expect(processor.size).to.deep.equal({ width: 640, height: 360 });
    expect(outRate, 'processed frame rate').to.be.at.least(cameraRate * 0.9);
    expect(cameraRate).to.be.above(5);

    // Off: the camera's own track, on, sent again; the picture is sharp again.
    await alice.setBackground('none');
    const own = videoSender(alice).track!;
    expect(own).to.not.equal(processed);
    expect(own.readyState).to.equal('live');
    expect(own.enabled).to.equal(true);
    expect(processed.readyState, 'the processed track ended').to.equal('ended');
    expect(runningProcessors.size).to.equal(0);
    await sleep(1500);
    const after = await sharpnessOver(received);
    expect(after, `sharpness ${before.toFixed(2)}, blurred ${blurred.toFixed(2)}, back ${after.toFixed(2)}`).to.be.above(blurred * 2);

    // A picture the site offers: Bob sees it (the fake camera shows no person: all of it is background).
    const red = Object.assign(document.createElement('canvas'), { width: 64, height: 36 });
    const paint = red.getContext('2d')!;
    paint.fillStyle = 'rgb(220, 30, 30)';
    paint.fillRect(0, 0, 64, 36);
    backgrounds.pictures = [{ src: red.toDataURL(), label: 'Red' }];
    await alice.setBackground(red.toDataURL());
    const again = videoSender(alice).track!;
    expect(again).to.not.equal(own);
    expect(onlyProcessor()).to.not.equal(processor);
    await waitFor(() => meanColour(received)[0] > 150 && meanColour(received)[1] < 90, 'the red picture at Bob', 15_000);
    // Blur instead, on the same processed track.
    await alice.setBackground('blur');
    expect(videoSender(alice).track).to.equal(again);
    await waitFor(() => meanColour(received)[0] < 150, 'the blur at Bob again', 15_000);

    // Camera switch and screen share with the effect on.
    // Another camera: the effect takes it, the sender keeps the processed track, frames go on.
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    if (cameras.length > 1) {
      const other = cameras.find((c) => c.deviceId !== own.getSettings().deviceId)!;
      await alice.useDevice('videoinput', other.deviceId);
      expect(videoSender(alice).track).to.equal(again);
      expect(own.readyState, 'the first camera stopped').to.equal('ended');
      await framesArrive(received, 10);
    }

    // A screen share takes the sender and gives it back to the processed track.
    if (isChromium) {
      await alice.shareScreen();
      expect(videoSender(alice).track).to.not.equal(again);
      alice.stopScreenShare();
      await waitFor(() => videoSender(alice).track === again, 'the processed track back after the share');
    }

    await alice.setBackground('none');
    expect(videoSender(alice).track!.readyState).to.equal('live');
    expect(videoSender(alice).track).to.not.equal(again);
    expect(runningProcessors.size).to.equal(0);
    expect(renegotiations, 'no renegotiation').to.equal(0);
  });

  it('keeps the effect on when Next hands the camera to the next stranger', async function () {
    // Skipped without WebGL 2 (headless Firefox here): the test above checks the camera goes off there.
    if (!canSegment) this.skip();
    useSegmenterFiles(SEGMENTER_FILES);
    Object.assign(effectOptions, { level: 1, patience: Infinity });
    const server = await startServer();
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => connected(server, name)));
    void alice.findStranger();
    await waitFor(() => alice.state.phase === 'searching', 'Alice searching');
    await bob.findStranger();
    await waitFor(() => alice.state.phase === 'in-call' && alice.state.localStream?.getVideoTracks().length, "Alice with Bob, her camera on");
    await alice.setBackground('blur');
    const first = await waitFor(() => [...runningProcessors].find((p) => alice.state.localStream?.getVideoTracks()[0] === p.track), "Alice's effect");
    await waitFor(() => first.totals.masks > 2, 'masks in the first call', 30_000);
    void carol.findStranger();
    await waitFor(() => carol.state.phase === 'searching', 'Carol searching');
    await alice.next();
    await waitFor(() => alice.state.phase === 'in-call' && alice.state.peer === carol.state.username && alice.peerConnection, 'Alice with Carol', 20_000);
    // The effect again on the camera carried over: a live processed track is sent, not the room.
    const processor = await waitFor(() => [...runningProcessors].find((p) => p !== first && videoSender(alice)?.track === p.track), "the effect on Alice's new sender", 30_000);
    expect(processor.track.readyState).to.equal('live');
    // (Carol, in this same page, starts with the page's choice too: her own processor runs beside Alice's.)
    await waitFor(() => !runningProcessors.has(first), "the first call's effect stopped");
    const remote = await waitFor(() => (carol.state.remoteStream?.getVideoTracks().length ? carol.state.remoteStream : undefined), "Alice's video at Carol's");
    await framesArrive(videoOf(remote), 10, 30_000);
  });

  it("the lobby's camera check: blur chosen there shows in its preview, is the call's choice, and stops with the check or a call", async () => {
    useSegmenterFiles(SEGMENTER_FILES);
    Object.assign(effectOptions, { level: 1, patience: Infinity });
    localStorage.removeItem('roulette-camera-check');
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const view = await fixture<HTMLElement>(html`<roulette-session .session=${alice}><roulette-lobby></roulette-lobby></roulette-session>`);
    await customElements.whenDefined('roulette-camera-check');
    const check = await waitFor(() => view.querySelector('roulette-lobby')!.shadowRoot!.querySelector<CameraCheck>('[part~="camera-check"]'), 'the camera check');
    const toggle = await untilButton(check, 'Check camera and microphone');
    const inCheck = <T extends Element>(selector: string) => check.shadowRoot!.querySelector<T>(selector);
    try {
      toggle.click();
      const raw = await waitFor(() => check.stream?.getVideoTracks()[0], 'the check’s camera');
      const video = await waitFor(() => inCheck<HTMLVideoElement>('[part="check-preview"]'), 'the preview');
      await waitFor(() => video.videoWidth > 0, 'frames in the preview');
      // The chooser, under the preview, in the check.
      const blur = await waitFor(() => inCheck('[part="background"]')?.shadowRoot?.querySelector<HTMLInputElement>('input[value="blur"]'), 'the chooser in the check');
      expect(inCheck('[part="background"]')!.getBoundingClientRect().top).to.be.above(video.getBoundingClientRect().bottom - 1);
      const sharp = await sharpnessOver(video);
      blur.click();
      await waitFor(() => localStorage.getItem('roulette-background') === 'blur', 'the choice saved for calls');

      if (!canSegment) {
        // No WebGL 2 (headless Firefox here): the check's camera goes off and it says so; no unblurred room shown as blurred.
        await waitFor(() => !raw.enabled, 'the check’s camera off');
        expect(inCheck('[role="alert"]')!.textContent).to.match(/camera is off/);
        // None: the person chooses to show the room again.
        inCheck('[part="background"]')!.shadowRoot!.querySelector<HTMLInputElement>('input[value="none"]')!.click();
        await waitFor(() => raw.enabled && !inCheck('[role="alert"]')!.textContent!.trim(), 'the camera on again, the notice gone');
        expect(localStorage.getItem('roulette-background')).to.equal('none');
        toggle.click();
        await waitFor(() => raw.readyState === 'ended', 'the camera stopped');
        return;
      }

      // The preview shows the processed track: not the camera's, frames flowing, its edges softened.
      const processed = await waitFor(() => (check.stream?.getVideoTracks()[0] !== raw ? check.stream?.getVideoTracks()[0] : undefined), 'the processed track in the preview');
      const processor = onlyProcessor();
      expect(processed).to.equal(processor.track);
      await waitFor(() => (video.srcObject as MediaStream | null)?.getVideoTracks()[0] === processed, 'the preview playing it');
      await waitFor(() => processor.totals.masks > 3, 'a few masks', 30_000);
      const sent = processor.totals.sent;
      await sleep(1000);
      expect(processor.totals.sent, 'frames flowing').to.be.above(sent + 5);
      const blurred = await sharpnessOver(video);
      console.log(`camera check preview: sharpness ${sharp.toFixed(2)} → ${blurred.toFixed(2)} with blur, ${processor.totals.sent - sent} frames in 1 s`);
      expect(blurred, `sharpness ${sharp.toFixed(2)} → ${blurred.toFixed(2)}`).to.be.below(sharp * 0.5);

      // Off: both tracks stopped, the processor with them.
      toggle.click();
      await waitFor(() => raw.readyState === 'ended' && processed.readyState === 'ended', 'the camera and processed tracks stopped');
      expect(runningProcessors.size).to.equal(0);

      // On again: the remembered blur from the first picture. A call starting takes the check, and its effect, away.
      toggle.click();
      const again = await waitFor(() => check.stream?.getVideoTracks()[0], 'the check on again');
      expect([...runningProcessors].map((p) => p.track)).to.deep.equal([again]);
      const bob = await connected(server, 'bob');
      void alice.call(bob.state.username!);
      await waitFor(() => again.readyState === 'ended', 'the check’s processed track stopped while calling');
      await alice.cancel();
      // Back in the lobby: the check again, blurred again; off stops it.
      const back = await waitFor(() => view.querySelector('roulette-lobby')!.shadowRoot!.querySelector<CameraCheck>('[part~="camera-check"]')?.stream?.getVideoTracks()[0], 'the check back after the call attempt');
      expect([...runningProcessors].map((p) => p.track)).to.deep.equal([back]);
      (await untilButton(view.querySelector('roulette-lobby')!.shadowRoot!.querySelector('[part~="camera-check"]')!, 'Check camera and microphone')).click();
      await waitFor(() => runningProcessors.size === 0 && back.readyState === 'ended', 'no processor with the check off');
    } finally {
      localStorage.removeItem('roulette-camera-check');
      fixtureCleanup();
    }
  });
});
