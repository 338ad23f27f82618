import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteLobby } from './roulette-lobby.js';
import type { RouletteSession } from '../session/session.js';
import {
  alertText,
  buttonNamed,
  cleanUp,
  connected,
  createSession,
  hasButton,
  inputLabelled,
  isShown,
  startServer,
  statusText,
  uniqueName,
  untilPhase,
  waitFor,
} from '../test/testing.js';

async function lobbyFor(session: RouletteSession): Promise<RouletteLobby> {
  return fixture<RouletteLobby>(html`<roulette-lobby .session=${session}></roulette-lobby>`);
}

/** Types `name` into "Username to call" and presses Enter, like a person. */
async function callByKeyboard(el: RouletteLobby, name: string): Promise<void> {
  inputLabelled(el, 'Username to call').focus();
  await sendKeys({ type: name });
  await sendKeys({ press: 'Enter' });
}

describe('<roulette-lobby>', () => {
  afterEach(cleanUp);

  it('renders', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const el = await lobbyFor(alice);
    expect(isShown(el)).to.equal(true);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.shadowRoot!.querySelector('[part="identity"]')!.textContent).to.contain(`You are ${alice.state.username}`);
    expect(inputLabelled(el, 'Username to call')).to.exist;
    expect(hasButton(el, 'Call')).to.equal(true);
    expect(hasButton(el, 'Disconnect')).to.equal(true);
  });

  it('is accessible', async () => {
    const server = await startServer();
    const el = await lobbyFor(await connected(server));
    await expect(el).to.be.accessible();
  });

  it('is hidden while disconnected', async () => {
    const el = await lobbyFor(createSession('http://127.0.0.1:9'));
    expect(isShown(el)).to.equal(false);
  });

  it('shows a guest their server-issued name so they can share it', async () => {
    const server = await startServer();
    const guest = createSession(server);
    await guest.connect('');
    const el = await lobbyFor(guest);
    expect(statusText(el)).to.contain(guest.state.username!);
    expect(statusText(el)).to.contain('Share this name');
  });

  it('calls by keyboard: "Calling bob…" with Cancel; bob sees who calls, with Accept and Decline', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceLobby = await lobbyFor(alice);
    const incoming = oneEvent(bob, 'roulette-incoming-call');
    await callByKeyboard(aliceLobby, bob.state.username!);
    await untilPhase(alice, 'outgoing');
    await aliceLobby.updateComplete;
    expect(aliceLobby.shadowRoot!.textContent).to.contain(`Calling ${bob.state.username}…`);
    expect(hasButton(aliceLobby, 'Cancel')).to.equal(true);
    expect(hasButton(aliceLobby, 'Call')).to.equal(false);
    // Focus moved to Cancel: the Call button it was on is gone.
    expect(aliceLobby.shadowRoot!.activeElement === buttonNamed(aliceLobby, 'Cancel'), 'focus on Cancel').to.equal(true);

    expect((await incoming).detail.from).to.equal(alice.state.username);
    // Bob's view on the same page only now: its ringing sheet is a modal, which takes the page's one focus.
    const bobLobby = await lobbyFor(bob);
    await waitFor(() => bobLobby.shadowRoot!.querySelector('dialog[open]'), "bob's ringing sheet");
    expect(bobLobby.shadowRoot!.textContent).to.contain(`${alice.state.username} is calling you`);
    expect(hasButton(bobLobby, 'Accept')).to.equal(true);
    expect(hasButton(bobLobby, 'Decline')).to.equal(true);
    await expect(bobLobby).to.be.accessible();
    await expect(aliceLobby).to.be.accessible();
  });

  it('reject: the caller is told, the person who rejected stays idle with nothing else', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceLobby = await lobbyFor(alice);
    const bobLobby = await lobbyFor(bob);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await bobLobby.updateComplete;
    buttonNamed(bobLobby, 'Decline').focus();
    await sendKeys({ press: 'Enter' });
    await untilPhase(alice, 'idle');
    await aliceLobby.updateComplete;
    expect(statusText(aliceLobby)).to.equal(`${bob.state.username} declined your call.`);
    expect(bob.state.phase).to.equal('idle');
    expect(bob.state.notice).to.equal(undefined);
    expect(alice.state.localStream).to.equal(undefined);
  });

  it('cancel: the callee sees the request go away with a note', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const aliceLobby = await lobbyFor(alice);
    const bobLobby = await lobbyFor(bob);
    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await aliceLobby.updateComplete;
    buttonNamed(aliceLobby, 'Cancel').click();
    await untilPhase(bob, 'idle');
    await bobLobby.updateComplete;
    expect(statusText(bobLobby)).to.equal(`${alice.state.username} canceled the call.`);
    expect(hasButton(bobLobby, 'Accept')).to.equal(false);
    expect(alice.state.phase).to.equal('idle');
  });

  it('not found, busy and no answer each have their own words', async () => {
    const server = await startServer({ ringTimeoutMs: 1200 });
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const carol = await connected(server, 'carol');
    const aliceLobby = await lobbyFor(alice);
    const carolLobby = await lobbyFor(carol);
    const bobLobby = await lobbyFor(bob);

    const nobody = uniqueName('nobody');
    await alice.call(nobody);
    await aliceLobby.updateComplete;
    expect(alice.state.phase).to.equal('idle');
    expect(statusText(aliceLobby)).to.equal(`Nobody called ${nobody} is online. Check the name and try again.`);

    void alice.call(bob.state.username!);
    await untilPhase(bob, 'incoming');
    await carol.call(bob.state.username!);
    await carolLobby.updateComplete;
    expect(statusText(carolLobby)).to.equal(`${bob.state.username} is busy in another call. Try again later.`);

    await untilPhase(alice, 'idle', 5000);
    await aliceLobby.updateComplete;
    expect(statusText(aliceLobby)).to.equal(`${bob.state.username} didn't answer. Try again later.`);
    await untilPhase(bob, 'idle');
    await bobLobby.updateComplete;
    expect(statusText(bobLobby)).to.equal(`You missed a call from ${alice.state.username}.`);
  });

  it('refuses to call your own name or an empty name', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const el = await lobbyFor(alice);
    await callByKeyboard(el, alice.state.username!.toUpperCase());
    await el.updateComplete;
    expect(alertText(el)).to.equal("That's your own name — type the name of someone else.");
    inputLabelled(el, 'Username to call').value = '';
    buttonNamed(el, 'Call').click();
    await el.updateComplete;
    expect(alertText(el)).to.equal('Type the name of the person you want to call.');
    expect(alice.state.phase).to.equal('idle');
  });

  it('Disconnect frees the name and goes back to login', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const name = alice.state.username!;
    const el = await lobbyFor(alice);
    const change = oneEvent(alice, 'roulette-state-change');
    buttonNamed(el, 'Disconnect').click();
    expect((await change).detail).to.include({ state: 'disconnected', previous: 'idle' });
    await el.updateComplete;
    expect(isShown(el)).to.equal(false);
    const again = createSession(server);
    await again.connect(name);
    expect(again.state.username).to.equal(name);
  });

  it('shows that the connection is being resumed, and keeps the name', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const name = alice.state.username;
    const el = await lobbyFor(alice);
    alice.signaling!.socket!.io.engine.close(); // an unintended drop
    await waitFor(() => alice.state.reconnecting, 'reconnecting');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="reconnecting"]')!.textContent).to.equal(
      'Connection lost — reconnecting…',
    );
    await waitFor(() => !alice.state.reconnecting, 'resumed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="reconnecting"]')).to.equal(null);
    expect(alice.state.username).to.equal(name);
    expect(alice.state.phase).to.equal('idle');
    // The resumed name still receives calls.
    const bob = await connected(server, 'bob');
    void bob.call(name!);
    await untilPhase(alice, 'incoming');
  });
});
