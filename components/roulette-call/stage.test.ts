// The call stage as a person meets it, in real calls, at five window sizes:
// two upright phones (360×740, 390×844), a phone on its side (740×360) and
// two laptops (1280×800, 1366×768). The other person is a separate Chromium
// whose camera is an upright phone's (a generated 360×640 clip), or, in
// stranger mode, sessions in this page with the browser's landscape fake
// camera. Measured: how much of the window the other person's picture
// covers, that every primary control is on screen (≥ 44×44 px, ≥ 8 px apart)
// without page scroll, that no button or notice clips its text in English,
// German and Arabic, the More menu and the chat (keyboard, axe), full screen
// (the bar fades and a tap brings Hang up back), the self-view in any corner,
// and that in stranger mode the stage and Next stay put across Next and the
// search while the camera track stays the same. Screenshots of every state
// go to screenshots/ (gitignored) for a person to look at.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
import '../index.js';
import type { RouletteSessionElement } from '../roulette-session/roulette-session.js';
import type { RouletteSession } from '../session/session.js';
import type { RouletteCall } from './roulette-call.js';
import { pictureRect, type Fit } from './stage-fit.js';
import { cleanUp, connected, deepActiveElement, framesArrive, startServer, uniqueName, untilPhase, waitFor } from '../test/testing.js';

// axe-core's browser build registers `window.axe` (its typings describe that object).
// @ts-expect-error -- a script without module typings
await import('axe-core/axe.min.js');
declare const axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const browser = navigator.userAgent.includes('Firefox') ? 'firefox' : 'chromium';

interface Size {
  name: string;
  width: number;
  height: number;
  phone: boolean;
}

const SIZES: Size[] = [
  { name: '360x740', width: 360, height: 740, phone: true },
  { name: '390x844', width: 390, height: 844, phone: true },
  { name: '740x360', width: 740, height: 360, phone: true },
  { name: '1280x800', width: 1280, height: 800, phone: false },
  { name: '1366x768', width: 1366, height: 768, phone: false },
];

/** What the helper sees of the example app's call. */
interface ExampleLook {
  innerWidth: number;
  innerHeight: number;
  scrollHeight: number;
  stage: DOMRectInit & { bottom: number };
  controls: Array<{ left: number; right: number; bottom: number }>;
}

/** Remote-video area per size, as a share of the window (printed for the report). */
const measured: Record<string, string> = {};

function part<T extends HTMLElement = HTMLElement>(call: RouletteCall, name: string): T | null {
  return call.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

async function shot(name: string): Promise<void> {
  await nextFrame();
  await executeServerCommand('screenshot', { name: `stage-${browser}-${name}` });
}

/** Resizes the window; false where this browser's driver cannot (said in the log). */
async function resize(size: Size): Promise<boolean> {
  await setViewport({ width: size.width, height: size.height }).catch(() => undefined);
  await waitFor(() => innerWidth === size.width && innerHeight === size.height, `the window at ${size.name}`, 3000).catch(() => undefined);
  await nextFrame();
  await nextFrame();
  if (innerWidth === size.width && innerHeight === size.height) return true;
  console.info(`${browser}: the window could not be set to ${size.name} (is ${innerWidth}×${innerHeight}); measured at what it is`);
  return false;
}

/** The share of the window the other person's picture covers (the part of it inside the window). */
function remoteShare(call: RouletteCall): number {
  const video = part<HTMLVideoElement>(call, 'remote-video')!;
  const fit = (video.classList.contains('contain') ? 'contain' : 'cover') as Fit;
  const picture = pictureRect(video.getBoundingClientRect(), [video.videoWidth, video.videoHeight], fit);
  const stage = part(call, 'stage')!.getBoundingClientRect();
  const w = Math.max(0, Math.min(picture.right, stage.right, innerWidth) - Math.max(picture.left, stage.left, 0));
  const h = Math.max(0, Math.min(picture.bottom, stage.bottom, innerHeight) - Math.max(picture.top, stage.top, 0));
  return (w * h) / (innerWidth * innerHeight);
}

/** The share of the picture itself that is shown (1: whole; less: cropped by `cover`). */
function pictureShown(call: RouletteCall): { width: number; height: number } {
  const video = part<HTMLVideoElement>(call, 'remote-video')!;
  const box = video.getBoundingClientRect();
  const fit = (video.classList.contains('contain') ? 'contain' : 'cover') as Fit;
  const picture = pictureRect(box, [video.videoWidth, video.videoHeight], fit);
  return { width: Math.min(1, box.width / picture.width), height: Math.min(1, box.height / picture.height) };
}

/** The primary controls shown in the bar. */
function primaryControls(call: RouletteCall): HTMLElement[] {
  return [...call.shadowRoot!.querySelectorAll<HTMLElement>('.controls button')].filter((b) => b.getClientRects().length > 0);
}

/** Every primary control is inside the window, big enough, and apart from its neighbours; the page does not scroll. */
function expectControlsInReach(call: RouletteCall, where: string): void {
  const controls = primaryControls(call);
  const names = controls.map((b) => b.getAttribute('part'));
  expect(names, `${where}: the primary controls`).to.include.members(['mute-button', 'camera-button', 'chat-button', 'more-button', 'hangup-button']);
  const boxes = controls.map((b) => b.querySelector('.disc')!.getBoundingClientRect());
  controls.forEach((button, i) => {
    const box = button.getBoundingClientRect();
    const target = boxes[i];
    expect(target.width >= 44 && target.height >= 44, `${where}: ${names[i]} is ${target.width}×${target.height}`).to.equal(true);
    expect(box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight, `${where}: ${names[i]} inside the window (${JSON.stringify(box)})`).to.equal(true);
  });
  const sorted = controls.map((b) => b.getBoundingClientRect()).sort((a, b) => a.left - b.left);
  for (let i = 1; i < sorted.length; i++) {
    // Sub-pixel layout may give 7.99998 for 8.
    expect(sorted[i].left - sorted[i - 1].right, `${where}: space between controls ${i - 1} and ${i}`).to.be.at.least(7.99);
  }
  const page = document.scrollingElement!;
  expect(page.scrollHeight, `${where}: no page scroll`).to.be.at.most(innerHeight + 1);
}

/** Hang up and Next: both shown, at least 8 px apart (more than the others). */
function expectNextApart(call: RouletteCall, where: string): void {
  const next = part(call, 'next-button')!.getBoundingClientRect();
  const hangUp = part(call, 'hangup-button')!.getBoundingClientRect();
  const apart = Math.max(hangUp.left - next.right, next.left - hangUp.right);
  expect(apart, `${where}: Next and Hang up apart`).to.be.at.least(12);
}

/** Every shown button, notice and label in the call (and the panels inside it) keeps its text inside. */
function overflowing(call: RouletteCall): string[] {
  const roots: ParentNode[] = [call.shadowRoot!];
  for (const el of call.shadowRoot!.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  const found: string[] = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll<HTMLElement>('button, [role="status"], [role="alert"], .notice, .banner, summary, .chip, .who, .toast')) {
      if (el.getClientRects().length === 0 || el.classList.contains('sr-only')) continue;
      if (el.scrollWidth > el.clientWidth + 1) found.push(`${el.getAttribute('part') ?? el.className ?? el.localName} "${el.textContent?.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
    }
  }
  return found;
}

async function violations(root: Element, where: string): Promise<string[]> {
  const results = await axe.run(root, { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] });
  return results.violations.map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The part of the call view that has focus. */
function focusedPart(): string | null {
  return deepActiveElement()?.getAttribute('part') ?? null;
}

async function languageIs(el: RouletteSessionElement, call: RouletteCall, lang: string, hangUp: string): Promise<void> {
  el.setAttribute('lang', lang);
  await waitFor(() => part(call, 'hangup-button')?.textContent?.trim() === hangUp, `"${hangUp}" in ${lang}`, 10_000);
  await call.updateComplete;
  await nextFrame();
}

describe('<roulette-call> stage', function () {
  this.timeout(180_000);
  let helper: { id: string } | undefined;

  afterEach(async () => {
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    if (helper) await executeServerCommand('helper-chromium-stop', { id: helper.id });
    helper = undefined;
    await setViewport({ width: 800, height: 600 }).catch(() => undefined);
    await cleanUp();
  });

  after(async () => {
    const text = `${browser}: the other person's picture covers ${JSON.stringify(measured)} of the window`;
    console.info(text);
    await executeServerCommand('screenshot-note', { name: `stage-${browser}-measured`, text });
  });

  it('an upright phone camera fills a phone, is an upright tile on a laptop; controls in reach; no clipped text in en, de, ar; menu, chat, full screen, self-view', async () => {
    const server = await startServer({ ringTimeoutMs: 30_000 });
    const them = uniqueName('phone');
    helper = await executeServerCommand<{ id: string }, object>('helper-chromium-start', { url: server.url, name: them, camera: [360, 640] });
    const me = await connected(server, 'me');
    const el = await fixture<RouletteSessionElement>(html`<roulette-session .session=${me}><roulette-call></roulette-call></roulette-session>`);
    const call = el.querySelector<RouletteCall>('roulette-call')!;
    void me.call(them);
    await untilPhase(me, 'in-call', 30_000);
    const video = part<HTMLVideoElement>(call, 'remote-video')!;
    await framesArrive(video, 5, 30_000);
    await waitFor(() => video.videoHeight > video.videoWidth, `an upright picture (${video.videoWidth}×${video.videoHeight})`, 15_000);
    await waitFor(() => part(call, 'more-button') && part(call, 'fullscreen-button'), 'the media controls');
    const found: string[] = [];

    for (const size of SIZES) {
      const exact = await resize(size);
      await waitFor(() => call.hasAttribute('fills') === (size.phone && exact) || !exact, `${size.name}: the call ${size.phone ? 'covers' : 'stays in'} the page`);
      await nextFrame();
      const share = remoteShare(call);
      measured[size.name] = `${Math.round(share * 100)} %`;
      const shown = pictureShown(call);
      // Never cropped below 80 % of the picture's width or height.
      expect(Math.min(shown.width, shown.height), `${size.name}: the picture shown`).to.be.at.least(0.8);
      if (exact && size.phone && size.height > size.width) {
        // The same shape as the camera: it fills the screen.
        expect(share, `${size.name}: the other person's share of the screen`).to.be.at.least(0.8);
        expect(getComputedStyle(document.documentElement).overflow, `${size.name}: the page behind does not scroll`).to.equal('hidden');
      }
      if (exact && !size.phone) {
        // An upright tile at the stage's full height, whole.
        const stage = part(call, 'stage')!.getBoundingClientRect();
        const picture = pictureRect(video.getBoundingClientRect(), [video.videoWidth, video.videoHeight], 'contain');
        expect(video.classList.contains('contain'), `${size.name}: shown whole`).to.equal(true);
        expect(picture.height, `${size.name}: at the stage's full height`).to.be.closeTo(stage.height, 2);
        expect(stage.bottom, `${size.name}: the call fits the window`).to.be.at.most(innerHeight);
      }
      if (exact) expectControlsInReach(call, size.name);
      for (const [lang, hangUp] of [['en', 'Hang up'], ['de', 'Auflegen'], ['ar', 'إنهاء']] as const) {
        await languageIs(el, call, lang, hangUp);
        found.push(...overflowing(call).map((o) => `${size.name} ${lang}: ${o}`));
        await shot(`${size.name}-call-${lang}`);
      }
      el.removeAttribute('lang');
      await languageIs(el, call, 'en', 'Hang up');
    }
    expect(found, 'text that does not fit').to.deep.equal([]);

    // The example app (examples/index.html, in the other browser): its call fits every size without page scroll.
    for (const size of SIZES) {
      const seen = await executeServerCommand<ExampleLook, object>('helper-chromium-look', { id: helper.id, width: size.width, height: size.height, name: `stage-example-${size.name}` });
      expect(seen.scrollHeight, `example at ${size.name}: no page scroll`).to.be.at.most(seen.innerHeight);
      expect(seen.stage.bottom, `example at ${size.name}: the stage in the window`).to.be.at.most(seen.innerHeight);
      for (const box of seen.controls) {
        expect(box.left >= 0 && box.right <= seen.innerWidth && box.bottom <= seen.innerHeight, `example at ${size.name}: a control inside the window`).to.equal(true);
      }
    }

    // At a phone and a laptop size: the More menu, the chat, full screen (axe in each).
    const axeFound: string[] = [];
    for (const size of [SIZES[0], SIZES[3]]) {
      await resize(size);
      const more = part<HTMLButtonElement>(call, 'more-button')!;
      more.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => part(call, 'more-menu'), 'the menu');
      await waitFor(() => deepActiveElement()?.getAttribute('role') === 'menuitem', 'focus on the first item');
      const first = deepActiveElement();
      await sendKeys({ press: 'ArrowDown' });
      expect(deepActiveElement(), `${size.name}: ArrowDown moves to the next item`).to.not.equal(first);
      await sendKeys({ press: 'End' });
      expect(deepActiveElement()?.textContent?.trim()).to.equal('Connection details');
      expect(more.getAttribute('aria-expanded')).to.equal('true');
      axeFound.push(...(await violations(el, `${size.name} menu open`)));
      found.push(...overflowing(call).map((o) => `${size.name} menu: ${o}`));
      await shot(`${size.name}-menu`);
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !part(call, 'more-menu'), 'the menu closed');
      expect(focusedPart(), `${size.name}: Escape gives focus back to More`).to.equal('more-button');

      // The chat: a message while it is closed is shown over the stage and counted.
      await executeServerCommand('helper-chromium-chat', { id: helper.id, text: `hello at ${size.name}` });
      await waitFor(() => part(call, 'chat-toast')?.textContent?.includes(`hello at ${size.name}`), 'the message over the stage');
      expect(part(call, 'chat-toast')!.getAttribute('role')).to.equal('status');
      expect(part(call, 'chat-button')!.textContent).to.match(/1 unread/);
      await shot(`${size.name}-chat-toast`);
      part<HTMLButtonElement>(call, 'chat-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => focusedPart() === 'chat-input', 'focus in the message field');
      const chat = part(call, 'chat')!.getBoundingClientRect();
      expect(chat.bottom <= innerHeight && chat.right <= innerWidth && chat.left >= 0, `${size.name}: the chat on screen`).to.equal(true);
      expect(part(call, 'chat-button')!.textContent).to.not.match(/unread/);
      axeFound.push(...(await violations(el, `${size.name} chat open`)));
      await shot(`${size.name}-chat`);
      await sendKeys({ press: 'Escape' });
      await waitFor(() => part(call, 'chat')!.hidden, 'the chat closed');
      expect(focusedPart()).to.equal('chat-button');
    }

    // Full screen: the whole call view, bar included; it fades, and a tap brings it back.
    await resize(SIZES[3]);
    part<HTMLButtonElement>(call, 'fullscreen-button')!.focus();
    await sendKeys({ press: 'Enter' });
    const base = part(call, 'base')!;
    const full = await waitFor(() => call.shadowRoot!.fullscreenElement === base, 'the call view in full screen', 5000).catch(() => false);
    if (full) {
      const hangUp = part(call, 'hangup-button')!;
      (deepActiveElement() as HTMLElement | null)?.blur();
      await waitFor(() => getComputedStyle(hangUp.closest('.controls')!).opacity === '0', 'the bar fades', 12_000);
      await shot('fullscreen-faded');
      await sendMouse({ type: 'click', position: [Math.round(innerWidth / 2), Math.round(innerHeight / 2)] });
      await waitFor(() => getComputedStyle(hangUp.closest('.controls')!).opacity === '1', 'the bar back after a tap');
      const box = hangUp.getBoundingClientRect();
      expect(box.bottom <= innerHeight && box.right <= innerWidth, 'Hang up on screen in full screen').to.equal(true);
      const hit = call.shadowRoot!.elementFromPoint(box.left + box.width / 2, box.top + box.height / 3);
      expect(hangUp.contains(hit), 'Hang up is what a tap there reaches').to.equal(true);
      axeFound.push(...(await violations(el, 'full screen')));
      await shot('fullscreen');
      await document.exitFullscreen();
    } else {
      console.info(`${browser}: full screen was refused headless; its check skipped`);
    }

    // The self-view: dragged to another corner, moved by the arrow keys; never over the middle.
    await resize(SIZES[0]);
    const self = part(call, 'self-view')!;
    const stage = part(call, 'stage')!.getBoundingClientRect();
    const start = self.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(start.left + start.width / 2), Math.round(start.top + start.height / 2)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [40, 140] });
    await sendMouse({ type: 'up' });
    await waitFor(() => self.classList.contains('top-start'), 'the preview in the top-left corner');
    await sendMouse({ type: 'click', position: [Math.round(innerWidth / 2), Math.round(innerHeight / 2)] }); // a tap: the bar stays
    self.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => self.classList.contains('bottom-end'), 'the preview back in the bottom-right corner');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const moved = self.getBoundingClientRect();
    const [cx, cy] = [stage.left + stage.width / 2, stage.top + stage.height / 2];
    expect(cx > moved.left && cx < moved.right && cy > moved.top && cy < moved.bottom, 'the preview off the middle').to.equal(false);
    const bar = part(call, 'controls')!.querySelector('.group')!.getBoundingClientRect();
    expect(moved.bottom, 'the preview above the bar').to.be.at.most(bar.top);

    expect(found, 'text that does not fit').to.deep.equal([]);
    expect(axeFound).to.deep.equal([]);
    await me.hangUp();
    expect(call.hasAttribute('fills')).to.equal(false);
    expect(document.documentElement.style.overflow, 'the page scrolls again').to.equal('');
  });

  it('strangers: the stage and Next stay put across Next and the search, with the same camera track', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const carol = await connected(server, 'carol');
    const page = await fixture<HTMLElement>(
      // The page's rule for stranger mode (README, examples/index.html): the call view continuing a search stands in for the lobby.
      html`<style>
          roulette-session:has(roulette-call[active]) roulette-lobby {
            display: none;
          }
        </style>
        <roulette-session .session=${alice}><roulette-lobby></roulette-lobby><roulette-call></roulette-call></roulette-session>`,
    );
    const el = page.parentElement!.querySelector<RouletteSessionElement>('roulette-session')!;
    const call = el.querySelector<RouletteCall>('roulette-call')!;
    const matched = async (session: RouletteSession, other: RouletteSession): Promise<void> => {
      void other.findStranger();
      await untilPhase(other, 'searching');
      if (session.state.phase === 'idle') void session.findStranger();
      await untilPhase(session, 'in-call');
      await framesArrive(part<HTMLVideoElement>(call, 'remote-video')!, 3);
    };
    await matched(alice, bob);
    for (const [round, size] of [SIZES[0], SIZES[2], SIZES[3]].entries()) {
      await resize(size);
      const track = alice.state.localStream!.getVideoTracks()[0];
      const local = part<HTMLVideoElement>(call, 'local-video')!;
      const remote = part<HTMLVideoElement>(call, 'remote-video')!;
      const stage = part(call, 'stage')!.getBoundingClientRect();
      const next = part(call, 'next-button')!.getBoundingClientRect();
      expectNextApart(call, size.name);
      // The browser's fake camera is a landscape one (16:9): it fills a phone on its side.
      const share = remoteShare(call);
      const video = part<HTMLVideoElement>(call, 'remote-video')!;
      measured[`${size.name} with a ${video.videoWidth}×${video.videoHeight} camera`] = `${Math.round(share * 100)} %`;
      if (size === SIZES[2] && video.videoWidth / video.videoHeight > 1.7) expect(share, `${size.name}: a landscape camera's share of the screen`).to.be.at.least(0.8);
      expect(Math.min(pictureShown(call).width, pictureShown(call).height), `${size.name}: the picture shown`).to.be.at.least(0.8);
      expect(part(call, 'quick-report'), 'Report one tap away on the stranger').to.exist;
      await shot(`${size.name}-stranger`);

      // Next: searching, on the same stage.
      part<HTMLButtonElement>(call, 'next-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilPhase(alice, 'searching');
      await call.updateComplete;
      await nextFrame();
      expect(call.hasAttribute('active'), 'the call view stays while searching').to.equal(true);
      expect(part(call, 'waiting')!.textContent!.trim()).to.equal('Looking for a stranger…');
      expect(part(call, 'stage')!.getBoundingClientRect().toJSON(), `${size.name}: the stage while searching`).to.deep.equal(stage.toJSON());
      expect(part(call, 'next-button')!.getBoundingClientRect().toJSON(), `${size.name}: Next while searching`).to.deep.equal(next.toJSON());
      expect(focusedPart(), 'focus stays on Next').to.equal('next-button');
      expect(alice.state.localStream!.getVideoTracks()[0], 'the same camera track').to.equal(track);
      expect(track.readyState).to.equal('live');
      expect(part(call, 'local-video'), 'the same preview element').to.equal(local);
      expect(part(call, 'remote-video'), 'the same video element').to.equal(remote);
      expect(overflowing(call)).to.deep.equal([]);
      await shot(`${size.name}-searching`);
      if (size === SIZES[0]) expect(await violations(el, 'searching')).to.deep.equal([]);

      // The next stranger: the stage and Next where they were.
      const other = round % 2 === 0 ? carol : bob;
      await matched(alice, other);
      await call.updateComplete;
      await nextFrame();
      expect(part(call, 'stage')!.getBoundingClientRect().toJSON(), `${size.name}: the stage matched again`).to.deep.equal(stage.toJSON());
      expect(part(call, 'next-button')!.getBoundingClientRect().toJSON(), `${size.name}: Next matched again`).to.deep.equal(next.toJSON());
      expect(alice.state.localStream!.getVideoTracks()[0], 'still the same camera track').to.equal(track);
    }
  });
});
