// "A stranger's picture waits for your yes" and the moderators' evidence, as
// people meet them: real sessions matched by a real signaling server, fake
// cameras, the controls found by their accessible names; the reports reach a
// real webhook receiver in the test runner.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import {
  cleanUp,
  deepActiveElement,
  findButton,
  findChoice,
  framesArrive,
  openDialog,
  person,
  startServer,
  startWebhook,
  statusText,
  untilButton,
  untilPhase,
  waitFor,
  type Person,
} from '../test/testing.js';
import type { RouletteCall } from './roulette-call.js';

const remoteVideo = (call: RouletteCall) => call.shadowRoot!.querySelector<HTMLVideoElement>('[part~="remote-video"]')!;
const filterOf = (video: HTMLVideoElement) => getComputedStyle(video).filter;

/** `a` waits for a stranger and `b` joins: both in a call with each other, `a`'s remote frames arriving. */
async function match(a: Person, b: Person): Promise<void> {
  void a.session.findStranger();
  await untilPhase(a.session, 'searching');
  void b.session.findStranger();
  await waitFor(() => a.session.state.phase === 'in-call' && a.session.state.peer === b.name, `${a.name} matched with ${b.name}`);
  await untilPhase(b.session, 'in-call');
  await framesArrive(remoteVideo(a.call));
}

/** Presses "Report" in `p`'s call, picks "Nudity or sexual content", leaves "Find the next stranger" as `next`, sends. */
async function report(p: Person, next: boolean): Promise<void> {
  (await untilButton(p.call, 'Report')).click();
  await waitFor(() => openDialog(p.call), 'the report dialog');
  findChoice(p.call, 'Nudity or sexual content')!.click();
  if (!next) findChoice(p.call, 'Find the next stranger')!.click();
  findButton(p.call, 'Send report')!.click();
}

/** The bodies the webhook received, once there are `count`. */
async function reports(hook: { received(): Promise<any[]> }, count: number): Promise<any[]> {
  for (let tries = 0; tries < 200; tries += 1) {
    const bodies = await hook.received();
    if (bodies.length >= count) return bodies;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${count} report(s) never reached the webhook`);
}

/** Decodes a base64 JPEG in the browser: its size in pixels. */
async function decodeJpeg(base64: string): Promise<{ width: number; height: number }> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
  return { width: bitmap.width, height: bitmap.height };
}

describe("a stranger's picture waits for your yes", function () {
  this.timeout(120_000);

  beforeEach(() => localStorage.removeItem('roulette-blur-strangers'));
  afterEach(async () => {
    localStorage.removeItem('roulette-blur-strangers');
    await cleanUp();
  });

  it('blurred until "Show video" (per call, by keyboard, announced); Next and Report work meanwhile; no unblurred picture-in-picture; evidence only of what was shown', async () => {
    const hook = await startWebhook();
    const server = await startServer({ reportEvidence: true, reportWebhookUrl: hook.url, interestWaitMs: 0 });
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    const carol = await person(server, 'carol');
    // The site's default for Alice's page; Bob's page keeps the default (off).
    alice.call.setAttribute('blur-strangers', '');
    expect(alice.session.reportEvidence, 'the CONNECT ack said so').to.equal(true);

    await match(alice, bob);
    const video = remoteVideo(alice.call);
    await waitFor(() => alice.call.hasAttribute('veiled'), 'the call veiled');
    expect(filterOf(video)).to.match(/blur\(48px\)/);
    expect(filterOf(video)).to.match(/brightness\(0\.45\)/);
    expect(filterOf(remoteVideo(bob.call)), 'Bob did not ask for it').to.equal('none');
    expect(bob.call.hasAttribute('veiled')).to.equal(false);
    // Said once, in a live region; the sound plays (the video is not muted).
    await waitFor(() => statusText(alice.call).includes(`Video from ${bob.name} is blurred until you choose to see it.`), 'the veil announced');
    expect(video.muted).to.equal(false);
    const show = await untilButton(alice.call, 'Show video');
    expect(show.tabIndex).to.equal(0);
    // The browser's own picture-in-picture would show raw frames: refused while veiled.
    expect(video.hasAttribute('disablepictureinpicture')).to.equal(true);
    if ('disablePictureInPicture' in HTMLVideoElement.prototype) expect(video.disablePictureInPicture).to.equal(true);
    if (document.pictureInPictureEnabled) {
      let refused = false;
      await video.requestPictureInPicture().catch(() => (refused = true));
      expect(refused, 'video picture-in-picture refused').to.equal(true);
    }
    // The stranger is not told.
    expect(statusText(bob.call)).not.to.contain('blurred');
    expect(bob.call.shadowRoot!.textContent).not.to.contain('blurred');

    // "Next" works while veiled: on to Carol, veiled again.
    void carol.session.findStranger();
    await untilPhase(carol.session, 'searching');
    (await untilButton(alice.call, 'Next')).click();
    await waitFor(() => alice.session.state.peer === carol.name && alice.session.state.phase === 'in-call', 'Next: matched with Carol');
    await framesArrive(remoteVideo(alice.call));
    await waitFor(() => alice.call.hasAttribute('veiled'), 'a new stranger veiled');
    expect(filterOf(remoteVideo(alice.call))).to.match(/blur/);

    // Document Picture-in-Picture (Chromium): the window's copy is as blurred, with its own "Show video".
    const docPip = (window as unknown as { documentPictureInPicture?: { window: Window | null } }).documentPictureInPicture;
    const pipButton = findButton(alice.call, 'Picture in picture');
    if (docPip && pipButton) {
      pipButton.focus();
      await sendKeys({ press: 'Enter' });
      const pipWindow = await waitFor(() => docPip.window, 'the picture-in-picture window');
      const pipVideo = await waitFor(() => pipWindow.document.querySelector('video'), 'the video in picture in picture');
      expect(pipWindow.getComputedStyle(pipVideo).filter).to.match(/blur\(48px\)/);
      expect([...pipWindow.document.querySelectorAll('button')].map((b) => b.textContent?.trim())).to.include('Show video');
    }

    // Shown by keyboard, for this call.
    const again = await untilButton(alice.call, 'Show video');
    again.focus();
    expect(deepActiveElement(), 'focusable').to.equal(again);
    // Firefox's window loses the system focus during the call here (its media
    // indicator), and key presses then go nowhere: a press where the page has
    // the focus, a click (the same button) where it has not.
    if (document.hasFocus()) await sendKeys({ press: 'Enter' });
    else again.click();
    await waitFor(() => !alice.call.hasAttribute('veiled'), 'shown');
    expect(filterOf(remoteVideo(alice.call))).to.equal('none');
    expect(remoteVideo(alice.call).hasAttribute('disablepictureinpicture')).to.equal(false);
    expect(findButton(alice.call, 'Show video')).to.equal(undefined);
    if (docPip?.window) {
      const pipVideo = docPip.window.document.querySelector('video')!;
      await waitFor(() => docPip.window!.getComputedStyle(pipVideo).filter === 'none', 'the picture-in-picture copy shown too');
      docPip.window.close();
    }

    // Report what was shown: the frame goes with it.
    await report(alice, true);
    let bodies = await reports(hook, 1);
    expect(bodies[0]).to.include({ reporter: alice.name, target: carol.name, reason: 'nudity' });
    expect(bodies[0].evidence, 'a frame of the shown video').to.be.a('string');
    const picture = await decodeJpeg(bodies[0].evidence);
    expect(picture.width).to.be.greaterThan(16);
    expect(picture.height).to.be.greaterThan(16);
    expect(bodies[0].evidence.length).to.be.at.most(65_536);

    // Next stranger (Bob again, Alice having met Carol between): veiled again; a report now sends no frame.
    await untilPhase(alice.session, 'searching');
    void bob.session.findStranger();
    await waitFor(() => alice.session.state.phase === 'in-call' && alice.session.state.peer === bob.name, 'matched with Bob again');
    await framesArrive(remoteVideo(alice.call));
    await waitFor(() => alice.call.hasAttribute('veiled'), 'veiled again: showing was for one call');
    await report(alice, false);
    await untilPhase(alice.session, 'idle');
    bodies = await reports(hook, 2);
    expect(bodies[1]).to.include({ reporter: alice.name, target: bob.name });
    expect(bodies[1].evidence, 'nothing of a veiled stranger').to.equal(undefined);
  });

  it("the person's own choice wins over the site's, is remembered for the site; evidence is off unless the server asks", async () => {
    const hook = await startWebhook();
    const server = await startServer({ reportWebhookUrl: hook.url, interestWaitMs: 0 });
    const dan = await person(server, 'dan');
    const eve = await person(server, 'eve');
    expect(dan.session.reportEvidence).to.equal(false);
    await match(dan, eve);
    // Off by default: the person turns it on, and it holds at once and for this site.
    const option = await waitFor(() => findChoice(dan.call, "Blur strangers' video until I choose to see it"), 'the option');
    expect(option.checked).to.equal(false);
    expect(dan.call.hasAttribute('veiled')).to.equal(false);
    option.click();
    await waitFor(() => dan.call.hasAttribute('veiled'), 'veiled by the person');
    expect(localStorage.getItem('roulette-blur-strangers')).to.equal('on');
    // A site default of "blur" does not override a person who said no.
    eve.call.setAttribute('blur-strangers', '');
    localStorage.setItem('roulette-blur-strangers', 'off');
    eve.call.requestUpdate();
    await eve.call.updateComplete;
    expect(eve.call.hasAttribute('veiled')).to.equal(false);
    localStorage.removeItem('roulette-blur-strangers');
    eve.call.requestUpdate();
    await waitFor(() => eve.call.hasAttribute('veiled'), "the site's default when the person has not chosen");

    // Shown and reported on a server without REPORT_EVIDENCE: no frame.
    findButton(dan.call, 'Show video')!.click();
    await waitFor(() => !dan.call.hasAttribute('veiled'), 'shown');
    await report(dan, false);
    const bodies = await reports(hook, 1);
    expect(bodies[0].evidence).to.equal(undefined);
    expect(bodies[0].counted).to.equal(false, 'dan had just connected');
  });
});
