// docs/frameworks.md, "Vue 3": the snippet's template, read from the page
// as the page serves it, compiled and rendered by real Vue 3 against a real
// signaling server. Vue is served as its browser ES module build with the
// template compiler (web-test-runner.config.mjs, vuePlugin).
import { expect } from '@open-wc/testing';
import { createApp, type App } from 'vue';
import type { RouletteCallEndDetail } from './events.js';
import './index.js'; // defines the tags, as `import 'roulette-calls'` in the snippet
import type { RouletteLogin } from './roulette-login/roulette-login.js';
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

/** The server address the page's snippet uses; the tests put their server's in its place. */
const SNIPPET_SERVER = 'https://calls.example';

/**
 * docs/frameworks.md's Vue snippet: the `<template>` of its ```vue block, and the tag
 * prefix its `isCustomElement: (tag) => tag.startsWith('…')` option names.
 */
async function docSnippet(): Promise<{ template: string; prefix: string }> {
  const doc = await (await fetch('/docs/frameworks.md')).text();
  const block = /```vue\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const template = /<template>([\s\S]*)<\/template>/.exec(block)?.[1];
  const prefix = /isCustomElement: \(tag\) => tag\.startsWith\('([^']+)'\)/.exec(doc)?.[1];
  if (!template || !prefix) throw new Error('no Vue snippet (isCustomElement option, ```vue block with a <template>) in docs/frameworks.md');
  return { template, prefix };
}

const apps: App[] = [];

/** The page's template in a Vue app; its `ended` handler records what `@roulette-call-end` gets. */
async function mount(server: TestServer) {
  const snippet = await docSnippet();
  const template = snippet.template.replace(SNIPPET_SERVER, server.url);
  const ended: RouletteCallEndDetail[] = [];
  const warnings: string[] = [];
  const container = document.createElement('div');
  document.body.append(container);
  const app = createApp({
    template,
    setup: () => ({ ended: (e: CustomEvent<RouletteCallEndDetail>) => void ended.push(e.detail) }),
  });
  // The runtime compiler's form of the page's vite option
  // (`vue({ template: { compilerOptions: { isCustomElement } } })`). Without
  // it the runtime compiler would fall back to the tags `customElements`
  // knows (a build's compiler has no such fallback); set, it replaces that.
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith(snippet.prefix);
  // Vue's development build warns on the console (e.g. "Failed to resolve component").
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn.apply(console, args);
  };
  try {
    app.mount(container);
  } finally {
    console.warn = warn;
  }
  apps.push(app);
  const el = await waitFor(() => container.querySelector('roulette-session'), 'Vue to render <roulette-session>');
  await el.updateComplete;
  return {
    app,
    container,
    el,
    login: el.querySelector<RouletteLogin>('roulette-login')!,
    lobby: el.querySelector('roulette-lobby')!,
    call: el.querySelector('roulette-call')!,
    ended,
    warnings,
  };
}

/** A person types their name in the Vue-rendered login form and presses Enter. */
async function logIn(el: RouletteSessionElement, login: HTMLElement): Promise<string> {
  const name = await typeName(login, 'vue');
  await untilPhase(el.session!, 'idle');
  expect(el.session!.state.username).to.equal(name);
  return name;
}

describe("docs/frameworks.md's Vue 3 snippet in Vue 3", () => {
  afterEach(async () => {
    for (const app of apps.splice(0)) app.unmount();
    await cleanUpPage();
  });

  it('renders the tags as custom elements, without a warning; server and hide-server reach them; typing a name shows the lobby', async () => {
    const server = await startServer();
    const { el, login, lobby, call, container, warnings } = await mount(server);
    // Vue did not take the roulette-* tags for components of its own.
    expect(warnings).to.deep.equal([]);
    expect([...container.querySelectorAll('roulette-session > *')].map((c) => c.localName)).to.deep.equal([
      'roulette-login',
      'roulette-lobby',
      'roulette-call',
    ]);
    expect(el.server).to.equal(server.url);
    expect(el.session!.server).to.equal(server.url);
    // hide-server: the form shows no server line.
    expect(login.hideServer).to.equal(true);
    expect(login.shadowRoot!.querySelector('[part="server"]')).to.equal(null);
    expect(login.shadowRoot!.textContent).not.to.contain(new URL(server.url).host);
    expect(isShown(login)).to.equal(true);
    expect([isShown(lobby), isShown(call)]).to.deep.equal([false, false]);

    const name = await logIn(el, login);
    await untilLobbyFor(login, lobby, name);
    el.session!.disconnect();
  });

  it('a call from another person: Accept in the Vue lobby, the call shows frames; their hang-up reaches @roulette-call-end', async () => {
    const server = await startServer();
    const { el, login, lobby, call, ended } = await mount(server);
    const name = await logIn(el, login);
    const bob = await connected(server, 'bob');

    await acceptOnPage(bob, name, lobby, call);
    expect(ended).to.deep.equal([]);

    await bob.hangUp();
    await waitFor(() => ended.length, 'the @roulette-call-end handler');
    expect(ended).to.deep.equal([{ peer: bob.state.username, reason: 'peer-hangup' }]);
    el.session!.disconnect();
  });

  it('unmounting the Vue app ends the session: the name no longer rings anywhere', async () => {
    const server = await startServer();
    const { app, container, el, login, ended } = await mount(server);
    const name = await logIn(el, login);
    const session = el.session!;
    const bob = await connected(server, 'bob');

    app.unmount();
    apps.splice(apps.indexOf(app), 1);
    // <roulette-session> out of the page ends the session it made (docs/elements.md).
    await untilPhase(session, 'disconnected');
    await expectUnmountedAndGone(container, el, bob, name);
    expect(ended).to.deep.equal([]);
  });
});
