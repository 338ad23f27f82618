// The React wrappers (package entry "roulette-calls/react") rendered by real
// React 19 and react-dom against a real signaling server, as
// docs/frameworks.md, "React", shows them. React is served as ES modules by the test runner
// (web-test-runner.config.mjs, reactPlugin).
import { expect } from '@open-wc/testing';
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { RouletteCallStartDetail, RouletteIncomingCallDetail, RouletteStateChangeDetail } from './events.js';
import { RouletteCall, RouletteLobby, RouletteLogin, RouletteSession } from './react.js';
import type { RouletteSessionElement } from './roulette-session/roulette-session.js';
import {
  acceptOnPage,
  cleanUpPage,
  connected,
  expectUnmountedAndGone,
  isShown,
  startServer,
  typeName,
  untilLobbyFor,
  untilPhase,
  waitFor,
  type TestServer,
} from './test/testing.js';

/** What the React event props received. */
interface Seen {
  states: RouletteStateChangeDetail[];
  incoming: RouletteIncomingCallDetail[];
  callStarts: RouletteCallStartDetail[];
}

const roots: Root[] = [];

/** `<RouletteSession server=…><RouletteLogin /><RouletteLobby /><RouletteCall /></RouletteSession>` in a React root. */
async function mount(server: TestServer) {
  const seen: Seen = { states: [], incoming: [], callStarts: [] };
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  roots.push(root);
  root.render(
    createElement(
      RouletteSession,
      {
        server: server.url,
        onStateChange: (e) => seen.states.push(e.detail),
        onIncomingCall: (e) => seen.incoming.push(e.detail),
        onCallStart: (e) => seen.callStarts.push(e.detail),
      },
      createElement(RouletteLogin),
      createElement(RouletteLobby),
      createElement(RouletteCall),
    ),
  );
  const el = await waitFor(() => container.querySelector('roulette-session'), 'React to render <roulette-session>');
  await el.updateComplete;
  return {
    root,
    container,
    el,
    login: el.querySelector('roulette-login')!,
    lobby: el.querySelector('roulette-lobby')!,
    call: el.querySelector('roulette-call')!,
    seen,
  };
}

/** A person types their name in the React-rendered login form and presses Enter. */
async function logIn(el: RouletteSessionElement, login: HTMLElement, seen: Seen): Promise<string> {
  const name = await typeName(login, 'react');
  await waitFor(() => seen.states.some((s) => s.state === 'idle'), 'onStateChange with "idle"');
  expect(el.session!.state.username).to.equal(name);
  return name;
}

describe('React wrappers (roulette-calls/react) in React 19', () => {
  afterEach(async () => {
    for (const root of roots.splice(0)) root.unmount();
    await cleanUpPage();
  });

  it('renders the login form; typing a name connects, and onStateChange gets the new state', async () => {
    const server = await startServer();
    const { el, login, lobby, call, seen, container } = await mount(server);
    // The props reached the element as properties, the children are React's.
    expect(el.server).to.equal(server.url);
    expect(container.querySelectorAll('roulette-session > *').length).to.equal(3);
    expect(isShown(login)).to.equal(true);
    expect([isShown(lobby), isShown(call)]).to.deep.equal([false, false]);

    const name = await logIn(el, login, seen);
    const idle = seen.states.find((s) => s.state === 'idle')!;
    expect(idle.username).to.equal(name);
    expect(idle.previous).to.equal('connecting');
    await untilLobbyFor(login, lobby, name);
    el.session!.disconnect();
  });

  it('a call from another person reaches the React lobby: onIncomingCall, Accept, then onCallStart and the call shown', async () => {
    const server = await startServer();
    const { el, login, lobby, call, seen } = await mount(server);
    const name = await logIn(el, login, seen);
    const bob = await connected(server, 'bob');

    await acceptOnPage(bob, name, lobby, call);
    expect(seen.incoming).to.deep.equal([{ from: bob.state.username }]);
    expect(seen.callStarts).to.deep.equal([{ peer: bob.state.username, role: 'recipient' }]);
    el.session!.disconnect();
  });

  it('unmounting the React root throws nothing, and the person leaves: the name no longer rings anywhere', async () => {
    const server = await startServer();
    const { root, container, el, login, seen } = await mount(server);
    const name = await logIn(el, login, seen);
    const session = el.session!;
    const bob = await connected(server, 'bob');

    const errors: unknown[] = [];
    const onError = (e: ErrorEvent): void => void errors.push(e.error ?? e.message);
    window.addEventListener('error', onError);
    try {
      root.unmount();
      roots.splice(roots.indexOf(root), 1);
      // <roulette-session> out of the page ends the session it made (docs/elements.md).
      await untilPhase(session, 'disconnected');
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
    await expectUnmountedAndGone(container, el, bob, name);
    expect(seen.incoming).to.deep.equal([]);
  });
});
