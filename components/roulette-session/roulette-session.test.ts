import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../index.js';
import { define } from '../internal/define.js';
import { RouletteLogin } from '../roulette-login/roulette-login.js';
import { RouletteSessionElement } from './roulette-session.js';
import { RouletteSession } from '../session/session.js';
import {
  callAndAccept,
  cleanUp,
  connected,
  createSession,
  isShown,
  startServer,
  uniqueName,
  untilPhase,
  waitFor,
} from '../test/testing.js';

/** The page goes away: its socket drops without a deliberate disconnect, as in a reload. */
function pageGoesAway(session: RouletteSession): void {
  const socket = session.signaling!.socket!;
  socket.io.reconnection(false);
  socket.io.engine.close();
}

/** A server, alice's session kept in sessionStorage (the page before a reload), and bob. */
async function aliceAndBob() {
  const server = await startServer({ resumeGraceMs: 5000 });
  const before = new RouletteSession({ server: server.url, storage: sessionStorage });
  const name = uniqueName('alice');
  await before.connect(name);
  return { server, before, name, bob: await connected(server, 'bob') };
}

describe('<roulette-session>', () => {
  afterEach(async () => {
    sessionStorage.clear();
    await cleanUp();
  });

  it('renders', async () => {
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session server="http://127.0.0.1:9"><p>hello</p></roulette-session>`,
    );
    expect(el.session).to.be.instanceOf(RouletteSession);
    expect(el.session!.server).to.equal('http://127.0.0.1:9');
    expect(el.shadowRoot!.querySelector('slot')).to.exist;
    el.session!.disconnect();
  });

  it('is accessible', async () => {
    const el = await fixture<RouletteSessionElement>(html`
      <roulette-session server="http://127.0.0.1:9">
        <roulette-login></roulette-login><roulette-lobby></roulette-lobby><roulette-call></roulette-call>
      </roulette-session>
    `);
    await expect(el).to.be.accessible();
  });

  it('defaults to the server the script was loaded from', async () => {
    const el = await fixture<RouletteSessionElement>(html`<roulette-session></roulette-session>`);
    expect(el.server).to.equal(location.origin);
  });

  it('shares one session with every element inside, each shown in its own phases', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteSessionElement>(html`
      <roulette-session .session=${session}>
        <div><roulette-login></roulette-login></div>
        <roulette-lobby></roulette-lobby>
        <roulette-call></roulette-call>
      </roulette-session>
    `);
    const login = el.querySelector('roulette-login')!;
    const lobby = el.querySelector('roulette-lobby')!;
    const call = el.querySelector('roulette-call')!;
    expect(login.activeSession).to.equal(session);
    expect(lobby.activeSession).to.equal(session);
    expect([isShown(login), isShown(lobby), isShown(call)]).to.deep.equal([true, false, false]);
    await session.connect(uniqueName());
    await lobby.updateComplete;
    await login.updateComplete;
    expect([isShown(login), isShown(lobby), isShown(call)]).to.deep.equal([false, true, false]);
  });

  it('fires the session events on the page, bubbling and composed', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteSessionElement>(html`<roulette-session .session=${session}></roulette-session>`);
    const seen: string[] = [];
    const onState = (event: CustomEvent<{ state: string }>): void => {
      seen.push(event.detail.state);
      expect(event.bubbles && event.composed).to.equal(true);
    };
    document.addEventListener('roulette-state-change', onState);
    try {
      await session.connect(uniqueName());
      await waitFor(() => seen.includes('idle'), 'idle event');
      expect(seen).to.deep.equal(['connecting', 'idle']);
      const bob = await connected(server, 'bob');
      const start = oneEvent(el, 'roulette-call-start');
      await callAndAccept(session, bob);
      expect((await start).detail.role).to.equal('caller');
      const end = oneEvent(el, 'roulette-call-end');
      await bob.hangUp();
      expect((await end).detail.reason).to.equal('peer-hangup');
    } finally {
      document.removeEventListener('roulette-state-change', onState);
    }
  });

  it('uses a session handed in right after it was attached', async () => {
    const el = document.createElement('roulette-session');
    document.body.append(el);
    const mine = createSession('http://127.0.0.1:9');
    el.session = mine;
    try {
      await el.updateComplete;
      expect(el.session).to.equal(mine);
      const login = document.createElement('roulette-login');
      el.append(login);
      expect(login.activeSession).to.equal(mine);
    } finally {
      el.remove();
    }
  });

  it('elements given a session directly ignore the provided one', async () => {
    const mine = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteSessionElement>(html`
      <roulette-session server="http://127.0.0.1:8"><roulette-login .session=${mine}></roulette-login></roulette-session>
    `);
    expect(el.querySelector('roulette-login')!.activeSession).to.equal(mine);
  });

  it('works when the provider is defined after the elements asked for it (ContextRoot)', async () => {
    const tag = `late-session-${Math.random().toString(36).slice(2)}`;
    const host = await fixture(`<div><${tag} server="http://127.0.0.1:9"><roulette-login></roulette-login></${tag}></div>`);
    const login = host.querySelector<RouletteLogin>('roulette-login')!;
    expect(login.activeSession).to.equal(undefined);
    customElements.define(tag, class extends RouletteSessionElement {});
    await waitFor(() => login.activeSession, 'the late session');
    expect(login.activeSession!.server).to.equal('http://127.0.0.1:9');
    await login.updateComplete;
    expect(isShown(login)).to.equal(true);
  });

  it('defining the tags again is harmless', () => {
    expect(() => define('roulette-login', class extends RouletteLogin {})).not.to.throw();
    expect(customElements.get('roulette-login')).to.equal(RouletteLogin);
  });

  it('a page reload resumes the name, and a call in progress is ended for the other person', async () => {
    const { server, before, name, bob } = await aliceAndBob();
    await callAndAccept(before, bob);
    pageGoesAway(before);

    const el = await fixture<RouletteSessionElement>(html`<roulette-session server=${server.url}></roulette-session>`);
    const after = el.session!;
    await untilPhase(after, 'idle');
    expect(after.state.username).to.equal(name);
    expect(after.state.notice?.message).to.equal(`The page was reloaded, so your call with ${bob.state.username} ended.`);
    await untilPhase(bob, 'idle');
    expect(bob.state.notice?.message).to.equal(`${name} hung up.`);
    after.disconnect();
    expect(sessionStorage.length).to.equal(0);
  });

  it('after a page reload the lobby still lists the names you blocked, and they are still blocked until you unblock them', async () => {
    const { server, before, name, bob } = await aliceAndBob();
    const bobName = bob.state.username!;
    await before.block(bobName);
    expect(before.state.blocked).to.deep.equal([bobName]);
    pageGoesAway(before);

    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session server=${server.url}><roulette-lobby></roulette-lobby></roulette-session>`,
    );
    const after = el.session!;
    await untilPhase(after, 'idle');
    expect(after.state.username).to.equal(name);
    expect(after.state.blocked).to.deep.equal([bobName]);
    const lobby = el.querySelector('roulette-lobby')!;
    const list = await waitFor(() => lobby.shadowRoot!.querySelector('roulette-blocked-list')?.shadowRoot?.querySelector('details'), 'the blocked list');
    expect(list.querySelector('summary')!.textContent).to.contain('Blocked (1)');
    // The server kept the block with the session: bob still finds her offline.
    await bob.call(name);
    await waitFor(() => bob.state.phase === 'idle' && bob.state.notice?.code === 'USER_NOT_FOUND', 'USER_NOT_FOUND');
    // Unblocking from the restored list reaches the server and is kept too.
    list.querySelector('summary')!.click();
    await waitFor(() => list.querySelector('button'), 'the unblock button');
    list.querySelector('button')!.click();
    await waitFor(() => after.state.blocked?.length === 0, 'the unblock');
    expect(JSON.parse(sessionStorage.getItem(`roulette-session:${server.url}`)!).blocked).to.deep.equal([]);
    void bob.call(name);
    await untilPhase(after, 'incoming');
  });

  it('taken out of the page, it ends the session it made (the call too); moved within the page, it keeps it', async () => {
    const server = await startServer();
    const bob = await connected(server, 'bob');
    const el = await fixture<RouletteSessionElement>(html`<roulette-session server=${server.url}></roulette-session>`);
    const session = el.session!;
    const name = uniqueName('alice');
    await session.connect(name);
    await callAndAccept(session, bob);

    // Moved: out and back in within one task.
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(session.state.phase).to.equal('in-call');

    el.remove();
    await untilPhase(session, 'disconnected');
    await untilPhase(bob, 'idle');
    expect(bob.state.notice?.message).to.equal(`${name} hung up.`);
    other.remove();
  });

  it('taken out of the page, it leaves a session the page handed in alone', async () => {
    const server = await startServer();
    const session = createSession(server);
    await session.connect(uniqueName('alice'));
    const el = await fixture<RouletteSessionElement>(html`<roulette-session .session=${session}></roulette-session>`);
    expect(el.session).to.equal(session);
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(session.state.phase).to.equal('idle');
    session.disconnect();
  });

  it('a new session (not a resumed one) starts with an empty blocked list', async () => {
    const server = await startServer({ resumeGraceMs: 5000 });
    const name = uniqueName('alice');
    sessionStorage.setItem(`roulette-session:${server.url}`, JSON.stringify({ server: server.url, username: name, resume: 'not-a-secret-the-server-gave', blocked: ['mallory'] }));
    const session = new RouletteSession({ server: server.url, storage: sessionStorage });
    await session.connect(name);
    expect(session.state.username).to.equal(name);
    expect(session.state.blocked).to.deep.equal([]);
  });
});
