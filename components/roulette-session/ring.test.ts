// An incoming call you notice (issue 11, Ring): the ring and the ringback
// (Web Audio, observed through the ringer's `playing` flag and its
// AudioContext's state), the assertive announcement, the page title while
// the tab is hidden, and the opt-in system notification.
import { expect, fixture, html } from '@open-wc/testing';
import '../index.js';
import type { RouletteSessionElement } from './roulette-session.js';
import type { RouletteSession } from '../session/session.js';
import type { CallAlerts } from '../internal/call-alerts.js';
import { cleanUp, connected, startServer, untilPhase, waitFor } from '../test/testing.js';

async function host(session: RouletteSession, attributes: { silent?: boolean; notify?: boolean } = {}) {
  const el = await fixture<RouletteSessionElement>(
    html`<roulette-session .session=${session} ?silent=${!!attributes.silent} ?notify=${!!attributes.notify}></roulette-session>`,
  );
  const alerts = await waitFor(() => el.alerts, 'the call alerts (a lazy chunk)');
  return { el, alerts };
}

function announcement(el: RouletteSessionElement): string {
  const region = el.shadowRoot!.querySelector('[part="announcement"]')!;
  expect(region.getAttribute('role')).to.equal('alert');
  return region.textContent ?? '';
}

/**
 * Headless Firefox keeps every AudioContext suspended here (with the autoplay
 * prefs of web-test-runner.config.mjs too), so the context's state is only
 * checked in Chromium; both browsers check the ringer's `playing`/`tone`.
 */
const audible = navigator.userAgent.includes('Chrome');

async function ringing(alerts: CallAlerts, tone: 'ring' | 'ringback'): Promise<void> {
  await waitFor(() => alerts.ringer.tone === tone, `the ${tone}`);
  expect(alerts.ringer.context).to.be.instanceOf(AudioContext);
  // The tone really plays: the audio context runs.
  if (audible) await waitFor(() => alerts.ringer.context?.state === 'running', 'a running AudioContext');
}

async function silence(alerts: CallAlerts): Promise<void> {
  await waitFor(() => !alerts.ringer.playing, 'no tone');
  await waitFor(() => alerts.ringer.context?.state !== 'running', 'the AudioContext suspended');
}

/**
 * Fakes the tab being hidden or shown: `document.hidden` and
 * `visibilityState` are overridden on the document (a headless browser's
 * tab is always visible), and `visibilitychange` is fired. Returns the undo.
 */
function fakeVisibility(hidden: boolean): () => void {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
  return () => {
    delete (document as { hidden?: boolean }).hidden;
    delete (document as { visibilityState?: string }).visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

describe('<roulette-session> rings', () => {
  let undo: Array<() => void> = [];

  afterEach(async () => {
    for (const fn of undo.reverse()) fn();
    undo = [];
    await cleanUp();
  });

  it('rings and announces an incoming call; accepting stops the ring', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const { el, alerts } = await host(bob);
    expect(alerts.ringer.playing).to.equal(false);
    void alice.call(bob.state.username!);
    await waitFor(() => bob.state.phase === 'incoming', `incoming (alice: ${alice.state.phase}, ${alice.state.notice?.message})`);
    await ringing(alerts, 'ring');
    expect(announcement(el)).to.equal(`Incoming call from ${alice.state.username}`);
    await bob.accept();
    await silence(alerts);
    expect(announcement(el)).to.equal('');
  });

  it('stops on reject, on cancel and on timeout', async () => {
    const server = await startServer({ ringTimeoutMs: 1500 });
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const { alerts } = await host(bob);

    void alice.call(bob.state.username!);
    await ringing(alerts, 'ring');
    await bob.reject();
    await silence(alerts);

    await untilPhase(alice, 'idle');
    void alice.call(bob.state.username!);
    await ringing(alerts, 'ring');
    await alice.cancel();
    await untilPhase(bob, 'idle');
    await silence(alerts);

    void alice.call(bob.state.username!);
    await ringing(alerts, 'ring');
    await untilPhase(bob, 'idle'); // nobody answers: the server's ring timeout
    expect(bob.state.notice?.code).to.equal('timeout');
    await silence(alerts);
  });

  it('the caller hears a ringback until the call is answered', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const { alerts } = await host(alice);
    void alice.call(bob.state.username!);
    await ringing(alerts, 'ringback');
    await untilPhase(bob, 'incoming');
    await bob.accept();
    await untilPhase(alice, 'in-call');
    await silence(alerts);
  });

  it('`silent`: no ring, no ringback, still announced', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const { el, alerts } = await host(bob, { silent: true });
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => announcement(el), 'the announcement');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alerts.ringer.playing).to.equal(false);
    // Sound back on while it rings: the ring starts.
    el.silent = false;
    await ringing(alerts, 'ring');
  });

  it('the title says who is calling while the tab is hidden, and comes back after', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    await host(bob);
    document.title = 'My page';
    undo.push(fakeVisibility(true));
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => document.title === `Incoming call from ${alice.state.username}`, 'the incoming-call title');
    // Back to the tab: the page's own title.
    const show = fakeVisibility(false);
    await waitFor(() => document.title === 'My page', 'the page title back');
    show();
    undo.push(fakeVisibility(true));
    await waitFor(() => document.title.startsWith('Incoming call from'), 'the title again while hidden');
    await alice.cancel();
    await untilPhase(bob, 'idle');
    await waitFor(() => document.title === 'My page', 'the page title after the call request ended');
  });

  it('`notify`: never asks on load, asks on the first click, then notifies while hidden', async () => {
    const created: Array<{ title: string; closed: boolean }> = [];
    let asked = 0;
    let permission: NotificationPermission = 'default';
    class FakeNotification {
      static get permission(): NotificationPermission {
        return permission;
      }
      static requestPermission(): Promise<NotificationPermission> {
        asked += 1;
        permission = 'granted';
        return Promise.resolve(permission);
      }
      readonly record: { title: string; closed: boolean };
      tag: string;
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        this.tag = options.tag ?? '';
        this.record = { title, closed: false };
        created.push(this.record);
      }
      close(): void {
        this.record.closed = true;
      }
    }
    // A fake: the real permission prompt cannot be answered in a headless browser.
    const real = Object.getOwnPropertyDescriptor(window, 'Notification');
    Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: FakeNotification });
    undo.push(() => (real ? Object.defineProperty(window, 'Notification', real) : delete (window as { Notification?: unknown }).Notification));

    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const { el } = await host(bob, { notify: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asked).to.equal(0);
    el.click();
    await waitFor(() => asked === 1, 'the permission asked on a click');
    undo.push(fakeVisibility(true));
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await waitFor(() => created.length === 1, 'a notification');
    expect(created[0].title).to.equal(`Incoming call from ${alice.state.username}`);
    await bob.reject();
    await waitFor(() => created[0].closed, 'the notification closed');
  });
});
