import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteCall } from '../roulette-call/roulette-call.js';
import type { RouletteSessionElement } from '../roulette-session/roulette-session.js';
import type { RouletteLobby } from './roulette-lobby.js';
import { RouletteSession } from '../session/session.js';
import {
  alertText,
  breakCamera,
  buttonNamed,
  untilButton,
  cleanUp,
  connected,
  framesArrive,
  hasButton,
  isShown,
  startServer,
  statusText,
  uniqueName,
  untilPhase,
  waitFor,
  person,
  type Person,
  type TestServer,
} from '../test/testing.js';

/** The lobby button whose accessible name contains "stranger". */
function strangerButton(lobby: RouletteLobby): HTMLButtonElement {
  const found = [...lobby.shadowRoot!.querySelectorAll('button')].find((b) => /stranger/i.test(b.textContent ?? ''));
  if (!found) throw new Error('no "… stranger" button in <roulette-lobby>');
  return found;
}

function remoteVideo(call: RouletteCall): HTMLVideoElement {
  return call.shadowRoot!.querySelector<HTMLVideoElement>('video[part="remote-video"]')!;
}

/** Both see each other: a video size and frames still arriving. */
async function seeEachOther(a: Person, b: Person): Promise<void> {
  await Promise.all([a.call.updateComplete, b.call.updateComplete]);
  const [fromB, fromA] = await Promise.all([framesArrive(remoteVideo(a.call)), framesArrive(remoteVideo(b.call))]);
  expect(fromB).to.be.at.least(5);
  expect(fromA).to.be.at.least(5);
  for (const p of [a, b]) {
    const video = remoteVideo(p.call);
    expect(video.videoWidth, `${p.name}'s view of ${p.session.state.peer} (readyState ${video.readyState})`).to.be.greaterThan(0);
  }
}

/** `session` is still searching after a pause long enough for any pairing (the server pairs at once). */
async function staysSearching(...sessions: RouletteSession[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 600));
  for (const session of sessions) expect(session.state.phase).to.equal('searching');
}

describe('Roulette mode (random strangers)', () => {
  let undoCamera: (() => void) | undefined;

  afterEach(async () => {
    undoCamera?.();
    undoCamera = undefined;
    sessionStorage.clear();
    await cleanUp();
  });

  it('the lobby offers "Talk to a stranger" beside calling by name, accessibly', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    expect(strangerButton(alice.lobby).textContent!.trim()).to.equal('Talk to a stranger');
    expect(hasButton(alice.lobby, 'Call')).to.equal(true);
    await expect(alice.lobby).to.be.accessible();
  });

  it('searching: "Looking for a stranger…" with Cancel, by keyboard; Cancel leaves the queue', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    strangerButton(alice.lobby).focus();
    await sendKeys({ press: 'Enter' });
    await untilPhase(alice.session, 'searching');
    await alice.lobby.updateComplete;
    expect(isShown(alice.lobby)).to.equal(true);
    expect(alice.lobby.getAttribute('state')).to.equal('searching');
    expect(statusText(alice.lobby)).to.contain('Looking for a stranger…');
    expect(hasButton(alice.lobby, 'Call')).to.equal(false);
    // Focus moved to Cancel: the button it was on is gone.
    expect(alice.lobby.shadowRoot!.activeElement === buttonNamed(alice.lobby, 'Cancel'), 'focus on Cancel').to.equal(true);
    await expect(alice.lobby).to.be.accessible();
    // The camera starts while waiting, so a match connects quickly.
    await waitFor(() => alice.session.state.localStream, 'the camera while searching');

    await sendKeys({ press: 'Enter' });
    await untilPhase(alice.session, 'idle');
    await alice.lobby.updateComplete;
    expect(alice.session.state.localStream).to.equal(undefined);
    expect(statusText(alice.lobby)).to.equal('');
    expect(strangerButton(alice.lobby)).to.exist;

    // The server no longer has alice in the queue: the next searcher waits.
    const bob = await person(server, 'bob');
    await bob.session.findStranger();
    await staysSearching(bob.session);
    expect(alice.session.state.phase).to.equal('idle');
  });

  it('three strangers: two are matched and see each other, Next moves one on to the third, the one left behind looks again with one click', async function () {
    this.timeout(90_000);
    const server = await startServer();
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    const carol = await person(server, 'carol');

    const aliceMatched = oneEvent(alice.session, 'roulette-matched');
    const bobMatched = oneEvent(bob.session, 'roulette-matched');
    strangerButton(alice.lobby).click();
    await untilPhase(alice.session, 'searching');
    strangerButton(bob.lobby).click();
    // alice waited longer, so she is the caller.
    expect((await aliceMatched).detail).to.deep.equal({ peer: bob.name, role: 'caller' });
    expect((await bobMatched).detail).to.deep.equal({ peer: alice.name, role: 'recipient' });
    await untilPhase(alice.session, 'in-call');
    await untilPhase(bob.session, 'in-call');
    expect(alice.session.state.matched).to.equal(true);
    expect(bob.session.state.matched).to.equal(true);
    // carol joins the queue while they talk, and waits.
    await carol.session.findStranger();
    await seeEachOther(alice, bob);
    expect(carol.session.state.phase).to.equal('searching');

    // The call view of a random match has Next beside Hang up.
    expect(isShown(bob.call)).to.equal(true);
    expect(hasButton(bob.call, 'Next')).to.equal(true);
    expect(hasButton(bob.call, 'Hang up')).to.equal(true);
    await expect(bob.call).to.be.accessible();

    // bob presses Next: alice is left, bob meets carol (who waited longer, so calls).
    const next = oneEvent(bob.session, 'roulette-next');
    const bobEnd = oneEvent(bob.session, 'roulette-call-end');
    const aliceEnd = oneEvent(alice.session, 'roulette-call-end');
    const bobAgain = oneEvent(bob.session, 'roulette-matched');
    buttonNamed(bob.call, 'Next').click();
    expect((await next).detail).to.deep.equal({ peer: alice.name });
    expect((await bobEnd).detail).to.deep.equal({ peer: alice.name, reason: 'hangup' });
    expect((await bobAgain).detail).to.deep.equal({ peer: carol.name, role: 'recipient' });
    await untilPhase(carol.session, 'in-call');
    expect(carol.session.state).to.include({ peer: bob.name, role: 'caller', matched: true });
    await seeEachOther(bob, carol);

    // alice is told, and looks again with one click.
    expect((await aliceEnd).detail).to.deep.equal({ peer: bob.name, reason: 'peer-hangup' });
    await untilPhase(alice.session, 'idle');
    await alice.lobby.updateComplete;
    expect(alice.session.state.matched).to.equal(false);
    expect(statusText(alice.lobby)).to.equal('The stranger moved on.');
    const again = strangerButton(alice.lobby);
    expect(again.textContent!.trim()).to.equal('Find another stranger');
    // The lobby's main control is now this button (on a page of its own, focus lands here when the call view goes).
    alice.lobby.focus();
    expect(alice.lobby.shadowRoot!.activeElement === again, 'focus on "Find another stranger"').to.equal(true);
    await expect(alice.lobby).to.be.accessible();
    again.click();
    await untilPhase(alice.session, 'searching');
    await alice.lobby.updateComplete;
    expect(statusText(alice.lobby)).to.contain('Looking for a stranger…');

    // carol moves on too and meets alice; now bob is the one left behind.
    const carolAgain = oneEvent(carol.session, 'roulette-matched');
    buttonNamed(carol.call, 'Next').click();
    expect((await carolAgain).detail).to.deep.equal({ peer: alice.name, role: 'recipient' });
    await untilPhase(alice.session, 'in-call');
    await seeEachOther(alice, carol);
    await untilPhase(bob.session, 'idle');
    expect(bob.session.state.notice?.message).to.equal('The stranger moved on.');
  });

  it('two people who just left each other wait rather than being paired again', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void alice.session.findStranger();
    await untilPhase(alice.session, 'searching');
    await bob.session.findStranger();
    await untilPhase(alice.session, 'in-call');
    await untilPhase(bob.session, 'in-call');

    await alice.session.next();
    await untilPhase(bob.session, 'idle');
    await bob.session.findStranger();
    await staysSearching(alice.session, bob.session);
    await alice.lobby.updateComplete;
    expect(statusText(alice.lobby)).to.contain('Looking for a stranger…');

    // Someone new is paired with the one who waited longest.
    const carol = await person(server, 'carol');
    await carol.session.findStranger();
    await untilPhase(carol.session, 'in-call');
    expect(carol.session.state.peer).to.equal(alice.name);
    expect(bob.session.state.phase).to.equal('searching');
  });

  it('Hang up in a random call: the stranger is told and can look again', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void alice.session.findStranger();
    await untilPhase(alice.session, 'searching');
    await bob.session.findStranger();
    await untilPhase(alice.session, 'in-call');
    await alice.call.updateComplete;
    buttonNamed(alice.call, 'Hang up').click();
    await untilPhase(bob.session, 'idle');
    await bob.lobby.updateComplete;
    expect(statusText(bob.lobby)).to.equal('The stranger moved on.');
    expect(strangerButton(bob.lobby).textContent!.trim()).to.equal('Find another stranger');
    // alice hung up rather than Next: she is idle, not searching.
    expect(alice.session.state.phase).to.equal('idle');
    await alice.lobby.updateComplete;
    expect(strangerButton(alice.lobby).textContent!.trim()).to.equal('Talk to a stranger');
  });

  it('a call by name has no Next', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void alice.session.call(bob.name);
    await untilPhase(bob.session, 'incoming');
    await bob.session.accept();
    await untilPhase(alice.session, 'in-call');
    await alice.call.updateComplete;
    expect(alice.session.state.matched).to.equal(false);
    expect(hasButton(alice.call, 'Hang up')).to.equal(true);
    expect(hasButton(alice.call, 'Next')).to.equal(false);
  });

  it('cancel racing a match: nobody is left in a call with someone who is gone', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void alice.session.findStranger();
    await untilPhase(alice.session, 'searching');
    // bob's FIND_MATCH and alice's LEAVE_QUEUE reach the server in either order.
    void bob.session.findStranger();
    await alice.session.cancelSearch();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(alice.session.state.phase).to.equal('idle');
    await waitFor(() => bob.session.state.phase !== 'in-call', 'bob not left in a call');
    if (bob.session.state.phase === 'idle') {
      expect(bob.session.state.notice?.message).to.equal('The stranger moved on.');
    } else {
      expect(bob.session.state.phase).to.equal('searching');
    }
  });

  it('a denied camera while searching leaves the queue and says why', async () => {
    const server = await startServer();
    const alice = await person(server, 'alice');
    undoCamera = breakCamera('NotAllowedError');
    strangerButton(alice.lobby).click();
    await waitFor(() => alice.session.state.notice?.code === 'media-denied', 'the camera error');
    await alice.lobby.updateComplete;
    expect(alice.session.state.phase).to.equal('idle');
    expect(alertText(alice.lobby)).to.not.equal('');
    undoCamera();
    undoCamera = undefined;
    const bob = await person(server, 'bob');
    await bob.session.findStranger();
    await staysSearching(bob.session);
  });

  it('a page reload while searching leaves the queue', async () => {
    const server = await startServer({ resumeGraceMs: 5000 });
    const before = new RouletteSession({ server: server.url, storage: sessionStorage });
    await before.connect(uniqueName('alice'));
    void before.findStranger();
    await untilPhase(before, 'searching');
    await waitFor(() => before.state.localStream, 'the camera');
    const socket = before.signaling!.socket!;
    socket.io.reconnection(false);
    socket.io.engine.close();

    const el = await fixture<RouletteSessionElement>(html`<roulette-session server=${server.url}></roulette-session>`);
    const after = el.session!;
    await untilPhase(after, 'idle');
    const bob = await connected(server, 'bob');
    await bob.findStranger();
    await staysSearching(bob);
    expect(after.state.phase).to.equal('idle');
    after.disconnect();
    before.disconnect();
  });

  it('<roulette-session> fires roulette-matched and roulette-next on the page, bubbling and composed', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const el = await fixture<RouletteSessionElement>(html`
      <roulette-session .session=${alice}><roulette-lobby></roulette-lobby><roulette-call></roulette-call></roulette-session>
    `);
    const matched = oneEvent(document, 'roulette-matched');
    void bob.findStranger();
    await untilPhase(bob, 'searching');
    strangerButton(el.querySelector('roulette-lobby')!).click();
    const m = await matched;
    expect(m.bubbles && m.composed).to.equal(true);
    expect(m.detail).to.deep.equal({ peer: bob.state.username, role: 'recipient' });
    const call = el.querySelector('roulette-call')!;
    // The call's bar comes with its stage chunk, fetched as the view connected (just now).
    const nextButton = await untilButton(call, 'Next');
    const next = oneEvent(document, 'roulette-next');
    nextButton.click();
    const n = await next;
    expect(n.bubbles && n.composed).to.equal(true);
    expect(n.detail).to.deep.equal({ peer: bob.state.username });
  });
});
