// axe-core over the whole <roulette-session> (login, lobby, call, devices) in
// every state a person meets — login, lobby, calling, ringing, looking for a
// stranger, in a call (muted, camera off, a chat that scrolls, the quality
// details open), an error and a notice — at 360 px and 1280 px, light and
// dark: 0 violations of WCAG 2.0 A/AA, 2.1 AA and axe's best practices.
// One server and one pair of sessions for the whole file; the states follow
// one another like a person's evening.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
import '../index.js';
import type { RouletteSession } from '../session/session.js';
import {
  callAndAccept,
  cleanUp,
  connected,
  createSession,
  startServer,
  untilPhase,
  waitFor,
  type TestServer,
} from '../test/testing.js';

// axe-core's browser build registers `window.axe` (its typings describe that object).
// @ts-expect-error -- a script without module typings
await import('axe-core/axe.min.js');
declare const axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];
const WIDTHS = [360, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

/** What each browser lets the test change: Firefox over WebDriver BiDi cannot emulate media features. */
const firefox = navigator.userAgent.includes('Firefox');
const can = { viewport: true, colorScheme: !firefox };
const skipped = new Set<string>(firefox ? ['colour scheme: checked in Firefox\'s own, set to dark by web-test-runner.config.mjs'] : []);

/** Runs axe on `root` in every width and colour scheme; returns the violations, one line each. */
async function violations(root: Element, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const width of WIDTHS) {
    if (can.viewport) {
      try {
        await setViewport({ width, height: 800 });
      } catch (error) {
        can.viewport = false;
        skipped.add(`viewport: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    for (const scheme of SCHEMES) {
      if (can.colorScheme) {
        try {
          await emulateMedia({ colorScheme: scheme });
        } catch (error) {
          can.colorScheme = false;
          skipped.add(`colour scheme: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      // Without emulation, the one run is in the browser's own scheme (Firefox's is set to dark in web-test-runner.config.mjs).
      const actual = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
      if (!can.colorScheme && scheme !== actual) continue;
      await nextFrame();
      await nextFrame();
      const results = await axe.run(root, { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] });
      for (const v of results.violations) {
        const where = v.nodes.map((n) => n.target.join(' › ')).join('; ');
        found.push(`${state} @${can.viewport ? width : 'default'}px ${actual}: ${v.id} (${v.impact}) — ${where}`);
      }
    }
    if (!can.viewport) break;
  }
  return found;
}

describe('accessibility of <roulette-session> (axe-core)', function () {
  this.timeout(120_000);

  let server: TestServer;
  let alice: RouletteSession;
  let bob: RouletteSession;
  let page: HTMLElement;
  let aliceView: Element;
  let bobView: Element;

  before(async () => {
    // Firefox cannot switch schemes here: make sure its one run is the dark one that Chromium's light run does not cover.
    if (firefox) expect(matchMedia('(prefers-color-scheme: dark)').matches, "Firefox's colour scheme").to.equal(true);
    server = await startServer({ ringTimeoutMs: 60_000 });
    alice = createSession(server);
    bob = await connected(server, 'bob');
  });

  // A page with both people's views (fixtures are removed after each test).
  beforeEach(async () => {
    page = await fixture(html`
      <main>
        <h1>Roulette</h1>
        <roulette-session id="alice" .session=${alice}>
          <roulette-login></roulette-login>
          <roulette-lobby></roulette-lobby>
          <roulette-call></roulette-call>
        </roulette-session>
        <roulette-session id="bob" .session=${bob}>
          <roulette-login></roulette-login>
          <roulette-lobby></roulette-lobby>
          <roulette-call></roulette-call>
        </roulette-session>
      </main>
    `);
    aliceView = page.querySelector('#alice')!;
    bobView = page.querySelector('#bob')!;
  });

  after(async () => {
    if (skipped.size) console.warn(`[${firefox ? 'Firefox' : 'Chromium'}] not emulated: ${[...skipped].join('; ')}`);
    await setViewport({ width: 800, height: 600 }).catch(() => undefined);
    if (!firefox) await emulateMedia({ colorScheme: 'light' }).catch(() => undefined);
    await cleanUp();
  });

  const call = (view: Element) => view.querySelector('roulette-call')!.shadowRoot!;

  it('login, a login error (an alert), and the lobby', async () => {
    const found = await violations(aliceView, 'login');
    await alice.connect(bob.state.username!);
    await waitFor(() => alice.state.notice?.tone === 'error', 'the name-taken error');
    found.push(...(await violations(aliceView, 'login error')));
    await alice.connect(`alice-${Date.now().toString(36)}`);
    await untilPhase(alice, 'idle');
    found.push(...(await violations(aliceView, 'lobby')));
    expect(found).to.deep.equal([]);
  });

  it('notices in the lobby', async () => {
    await alice.call('nobody-here');
    await waitFor(() => alice.state.phase === 'idle' && alice.state.notice, 'the not-online notice');
    const found = await violations(aliceView, 'lobby not-online notice');
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await bob.reject();
    await waitFor(() => alice.state.phase === 'idle' && alice.state.notice?.tone === 'info', 'the declined notice');
    found.push(...(await violations(aliceView, 'lobby declined notice')));
    expect(found).to.deep.equal([]);
  });

  it('calling and ringing', async () => {
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => alice.state.localStream, 'the caller camera');
    const found = await violations(aliceView, 'outgoing');
    found.push(...(await violations(bobView, 'incoming')));
    await alice.cancel();
    await untilPhase(bob, 'idle');
    expect(found).to.deep.equal([]);
  });

  it('looking for a stranger', async () => {
    await alice.findStranger();
    await untilPhase(alice, 'searching');
    await waitFor(() => alice.state.localStream, 'the camera while searching');
    const found = await violations(aliceView, 'searching');
    await alice.cancelSearch();
    await untilPhase(alice, 'idle');
    expect(found).to.deep.equal([]);
  });

  it('in a call: plain, muted with the camera off, a long chat, the quality details open', async () => {
    await callAndAccept(alice, bob);
    const found = await violations(aliceView, 'in call');

    alice.setMuted(true);
    alice.setCameraOff(true);
    await waitFor(() => bob.state.peerMuted && bob.state.peerCameraOff, 'the peer state');
    found.push(...(await violations(aliceView, 'muted, camera off')));
    found.push(...(await violations(bobView, 'peer muted, camera off')));
    alice.setMuted(false);
    alice.setCameraOff(false);

    for (let i = 1; i <= 30; i += 1) bob.sendMessage(`Line ${i} of a chat long enough to scroll`);
    await waitFor(() => (alice.state.messages?.length ?? 0) >= 30, 'the chat lines');
    await waitFor(() => alice.state.stats, 'the connection quality', 15_000);
    await waitFor(() => call(aliceView).querySelector('[part="quality"]'), 'the quality indicator');
    (call(aliceView).querySelector('[part="quality"]') as HTMLDetailsElement).open = true;
    // The chat opens on demand (its button in the call's bar).
    call(aliceView).querySelector<HTMLButtonElement>('[part~="chat-button"]')!.click();
    const log = call(aliceView).querySelector<HTMLElement>('[part="chat-log"]')!;
    await nextFrame();
    expect(log.scrollHeight, 'the chat log overflows').to.be.greaterThan(log.clientHeight);
    found.push(...(await violations(aliceView, 'long chat, details open')));

    // The layout those states need: the quality details beside, not over, the
    // chat on a wide screen; the message field on screen on a phone.
    const box = (part: string) => call(aliceView).querySelector(`[part="${part}"]`)!.getBoundingClientRect();
    await setViewport({ width: 1280, height: 800 });
    await nextFrame();
    const details = call(aliceView).querySelector('[part="quality"] p')!.getBoundingClientRect();
    const chat = box('chat');
    const overlaps = details.left < chat.right && chat.left < details.right && details.top < chat.bottom && chat.top < details.bottom;
    expect(overlaps, 'the quality details cover the chat at 1280 px').to.equal(false);
    await setViewport({ width: 360, height: 800 });
    await nextFrame();
    expect(box('chat-input').bottom, 'the message field at 360 px').to.be.at.most(800);

    await alice.hangUp();
    await untilPhase(bob, 'idle');
    found.push(...(await violations(bobView, 'peer hung up')));
    expect(found).to.deep.equal([]);
  });
});
