// Where keyboard focus goes when the view changes (issue 11, Focus): never
// lost to <body>, and never on a control that ends a call right after a call
// starts, so one key press cannot end it. One page has one focus, so each
// test shows the views of one side only; the other side is driven in code.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteSession } from '../session/session.js';
import {
  buttonNamed,
  cleanUp,
  connected,
  createSession,
  startServer,
  uniqueName,
  untilPhase,
  waitFor,
} from '../test/testing.js';

/** The focused element, deep through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A short name for the focused element: its part, else its tag. */
function focused(): string {
  const active = deepActive();
  return active?.getAttribute('part') ?? active?.localName ?? 'nothing';
}

async function views(session: RouletteSession): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(html`
    <roulette-session .session=${session}>
      <roulette-login></roulette-login><roulette-lobby></roulette-lobby><roulette-call></roulette-call>
    </roulette-session>
  `);
  await customElements.whenDefined('roulette-call');
  return el;
}

function view(root: HTMLElement, tag: string): HTMLElement {
  return root.querySelector<HTMLElement>(tag)!;
}

/** Waits until focus is on Mute, or on the call's heading when the camera was not on yet (Mute disabled). */
async function focusOnCall(): Promise<void> {
  await waitFor(() => ['mute-button', 'heading'].includes(focused()), `focus on Mute or the call's heading (now ${focused()})`);
}

/** Waits until the focused element is the one with `part` inside `<tag>`. */
async function focusOn(root: HTMLElement, tag: string, part: string): Promise<void> {
  await waitFor(
    () => deepActive() === view(root, tag).shadowRoot!.querySelector(`[part~="${part}"]`),
    `focus on ${part} in <${tag}> (now ${focused()})`,
  );
}

describe('focus follows the call', () => {
  afterEach(async () => {
    await cleanUp();
  });

  it('caller: login → "Username to call"; call start → Mute (or the call), Enter keeps the call; peer hangs up → "Username to call"', async () => {
    const server = await startServer();
    const bob = await connected(server, 'bob');
    const alice = createSession(server);
    const root = await views(alice);
    const login = view(root, 'roulette-login');
    login.focus();
    await sendKeys({ type: uniqueName('alice') });
    await sendKeys({ press: 'Enter' });
    await untilPhase(alice, 'idle');
    await focusOn(root, 'roulette-lobby', 'input');
    expect(deepActive()!.id).to.equal('callee'); // "Username to call"

    await sendKeys({ type: bob.state.username! });
    await sendKeys({ press: 'Enter' });
    await untilPhase(bob, 'incoming');
    await focusOn(root, 'roulette-lobby', 'cancel-button');
    await bob.accept();
    await untilPhase(alice, 'in-call');
    await focusOnCall();
    expect(focused()).to.not.equal('hangup-button');
    // One Enter right after the call started: the call is still up.
    await sendKeys({ press: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alice.state.phase).to.equal('in-call');
    expect(bob.state.phase).to.equal('in-call');

    await bob.hangUp();
    await untilPhase(alice, 'idle');
    await focusOn(root, 'roulette-lobby', 'input');
  });

  it('recipient: Enter on Accept, then Enter again keeps the call; own Hang up → "Username to call"', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const root = await views(bob);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await focusOn(root, 'roulette-lobby', 'accept-button');
    await sendKeys({ press: 'Enter' });
    await untilPhase(bob, 'in-call');
    await focusOnCall();
    await sendKeys({ press: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bob.state.phase).to.equal('in-call');
    expect(alice.state.phase).to.equal('in-call');

    const hangUp = buttonNamed(view(root, 'roulette-call'), 'Hang up');
    hangUp.focus();
    await sendKeys({ press: 'Enter' });
    await untilPhase(bob, 'idle');
    await focusOn(root, 'roulette-lobby', 'input');
  });

  it('matched with a stranger → Mute (not Next), Enter keeps the call; the stranger moves on → "Find another stranger"', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const stranger = await connected(server, 'stranger');
    const root = await views(alice);
    buttonNamed(view(root, 'roulette-lobby'), 'Talk to a stranger').focus();
    await sendKeys({ press: 'Enter' });
    await untilPhase(alice, 'searching');
    await focusOn(root, 'roulette-lobby', 'cancel-button');
    await stranger.findStranger();
    await untilPhase(alice, 'in-call');
    await focusOnCall();
    expect(focused()).to.not.equal('next-button');
    await sendKeys({ press: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alice.state.phase).to.equal('in-call');
    expect(stranger.state.phase).to.equal('in-call');

    await stranger.hangUp();
    await untilPhase(alice, 'idle');
    await focusOn(root, 'roulette-lobby', 'stranger-button');
    expect(deepActive()!.textContent!.trim()).to.equal('Find another stranger');
  });
});
