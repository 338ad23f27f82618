import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../index.js';
import { currentLocale, setPageLocale, setStrings } from '../internal/localize.js';
import type { RouletteCall } from '../roulette-call/roulette-call.js';
import type { RouletteLobby } from '../roulette-lobby/roulette-lobby.js';
import type { RouletteLogin } from '../roulette-login/roulette-login.js';
import type { RouletteSessionElement } from './roulette-session.js';
import { buttonNamed, callAndAccept, cleanUp, connected, createSession, hasButton, inputLabelled, startServer, statusText, waitFor } from '../test/testing.js';

/** The text a person sees in `el`'s view, whitespace collapsed. */
const textOf = (el: Element): string => (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');

/** Waits until `el` shows `text`. */
const shows = (el: Element, text: string) =>
  // A first switch to a language loads its translation: give a busy machine time.
  waitFor(() => textOf(el).includes(text), `"${text}" in <${el.localName}>`, 20_000).catch((error: Error) => {
    throw new Error(`${error.message}; it shows (${currentLocale()}; ${statuses.slice(-6).join(', ')}): ${textOf(el).slice(0, 300)}`);
  });

const UNREACHABLE = 'http://127.0.0.1:9';

/** lit-localize's status events, for the failure messages. */
const statuses: string[] = [];
window.addEventListener('lit-localize-status', (event) => {
  const { status, loadingLocale, readyLocale, errorLocale, errorMessage } = (event as CustomEvent).detail;
  statuses.push(`${status} ${loadingLocale ?? readyLocale ?? errorLocale}${errorMessage ? ` ${errorMessage}` : ''}`);
});

describe('<roulette-session> languages', () => {
  const pageLang = document.documentElement.getAttribute('lang');

  afterEach(async () => {
    // First the elements: they would follow the page's lang put back below.
    fixtureCleanup();
    if (pageLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', pageLang);
    setStrings(undefined);
    await setPageLocale('en');
    await cleanUp();
  });

  it('follows <html lang>, its own lang over it, and falls back to English', async function () {
    this.timeout(60_000);
    document.documentElement.lang = 'es-MX';
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session server=${UNREACHABLE}><roulette-login></roulette-login></roulette-session>`,
    );
    const login = el.querySelector<RouletteLogin>('roulette-login')!;
    await shows(login, 'Únete a Roulette');
    expect(currentLocale()).to.equal('es');
    expect(buttonNamed(login, 'Conectar')).to.exist;
    expect(inputLabelled(login, 'Nombre de usuario')).to.exist;
    expect(textOf(login)).to.contain('Servidor: 127.0.0.1:9');

    el.lang = 'de';
    await shows(login, 'Bei Roulette mitmachen');
    expect(buttonNamed(login, 'Verbinden')).to.exist;

    el.removeAttribute('lang');
    await shows(login, 'Únete a Roulette');

    document.documentElement.lang = 'tlh';
    await shows(login, 'Join Roulette');
    expect(currentLocale()).to.equal('en');
    expect(buttonNamed(login, 'Connect')).to.exist;
    expect(inputLabelled(login, 'Username')).to.exist;
    expect(el.hasAttribute('dir')).to.be.false;
  });

  it('shows the lobby and its notices in the page language, and switches them', async function () {
    this.timeout(60_000);
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session lang="fr" .session=${session}><roulette-lobby></roulette-lobby></roulette-session>`,
    );
    const lobby = el.querySelector<RouletteLobby>('roulette-lobby')!;
    await session.connect('');
    await shows(lobby, 'Vous êtes');
    expect(buttonNamed(lobby, 'Se déconnecter')).to.exist;
    expect(buttonNamed(lobby, 'Parler à un inconnu')).to.exist;
    expect(inputLabelled(lobby, 'Nom d’utilisateur à appeler')).to.exist;
    // The guest notice was made in French, and follows a switch.
    await waitFor(() => statusText(lobby).includes('Vous êtes connecté en tant que'), 'the French guest notice');
    el.lang = 'ja';
    await shows(lobby, '発信先のユーザー名');
    expect(statusText(lobby)).to.contain('として接続しました');
    expect(buttonNamed(lobby, '切断')).to.exist;
  });

  it("names a real call's controls and videos in the language, and switches them", async function () {
    this.timeout(60_000);
    // A long ring: on a busy machine the camera may take a while to answer.
    const server = await startServer({ ringTimeoutMs: 20_000 });
    const me = await connected(server, 'me');
    const them = await connected(server, 'them');
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session lang="de" .session=${me}><roulette-call></roulette-call></roulette-session>`,
    );
    const call = el.querySelector<RouletteCall>('roulette-call')!;
    await callAndAccept(me, them);
    await shows(call, `Im Gespräch mit ${them.state.username}`);
    for (const name of ['Stumm', 'Kamera', 'Auflegen', 'Senden']) expect(buttonNamed(call, name)).to.exist;
    const remote = call.shadowRoot!.querySelector('[part="remote-video"]')!;
    expect(remote.getAttribute('aria-label')).to.equal(`Video von ${them.state.username}`);
    expect(call.shadowRoot!.querySelector('[part="local-video"]')!.getAttribute('aria-label')).to.equal('Deine Kamera');
    expect(call.shadowRoot!.querySelector('[part="chat"]')!.getAttribute('aria-label')).to.equal('Chat');
    expect(call.shadowRoot!.querySelector<HTMLInputElement>('[part="chat-input"]')!.placeholder).to.equal('Nachricht');
    // The safety and media controls (chunks of their own) speak it too.
    const safety = call.shadowRoot!.querySelector('roulette-call-safety')!;
    await waitFor(() => hasButton(safety, 'Blockieren') && hasButton(call, 'Vollbild'), '"Blockieren" and "Vollbild"');
    expect(safety.shadowRoot!.querySelector('summary')!.textContent).to.equal('Sicherheitscode');

    document.documentElement.lang = 'pt-BR';
    el.removeAttribute('lang');
    await shows(call, `Em chamada com ${them.state.username}`);
    for (const name of ['Silenciar', 'Câmera', 'Desligar', 'Enviar']) expect(buttonNamed(call, name)).to.exist;
    expect(remote.getAttribute('aria-label')).to.equal(`Vídeo de ${them.state.username}`);
    await waitFor(() => hasButton(safety, 'Bloquear') && hasButton(call, 'Tela cheia'), '"Bloquear" and "Tela cheia"');
  });

  it('lets the host override single strings, in any language', async function () {
    this.timeout(60_000);
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session server=${UNREACHABLE}><roulette-login></roulette-login></roulette-session>`,
    );
    const login = el.querySelector<RouletteLogin>('roulette-login')!;
    el.strings = { 'login.heading': 'Talk to our team', 'login.server': 'Host {0}', 'login.connect': () => 'Go' };
    await shows(login, 'Talk to our team');
    expect(textOf(login)).to.contain('Host 127.0.0.1:9');
    expect(buttonNamed(login, 'Go')).to.exist;
    // Strings without an override keep the page language.
    el.lang = 'es';
    await shows(login, 'Nombre de usuario');
    expect(textOf(login)).to.contain('Talk to our team');
    el.strings = undefined;
    await shows(login, 'Únete a Roulette');
  });

  it('in Arabic: dir="rtl" and a mirrored call (the page may choose the direction)', async function () {
    this.timeout(60_000);
    // A long ring: on a busy machine the camera may take a while to answer.
    const server = await startServer({ ringTimeoutMs: 20_000 });
    const me = await connected(server, 'me');
    const them = await connected(server, 'them');
    const el = await fixture<RouletteSessionElement>(
      html`<roulette-session .session=${me} style="width: 720px"><roulette-call></roulette-call></roulette-session>`,
    );
    const call = el.querySelector<RouletteCall>('roulette-call')!;
    await callAndAccept(me, them);
    await call.updateComplete;
    const part = (name: string) => call.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!.getBoundingClientRect();
    const layout = () => {
      const stage = part('stage');
      const local = call.shadowRoot!.querySelector('.local')!.getBoundingClientRect();
      return {
        // Where your preview sits across the stage: 0 its start (left), 1 its end (right).
        preview: (local.left + local.width / 2 - stage.left) / stage.width,
        muteBeforeHangUp: part('mute-button').left < part('hangup-button').left,
      };
    };
    const ltr = layout();
    expect(ltr.preview).to.be.above(0.5);
    expect(ltr.muteBeforeHangUp).to.be.true;

    el.lang = 'ar';
    await waitFor(() => el.getAttribute('dir') === 'rtl', 'dir="rtl"');
    await shows(call, 'كتم الصوت');
    expect(getComputedStyle(call.shadowRoot!.querySelector('[part="base"]')!).direction).to.equal('rtl');
    const rtl = layout();
    expect(rtl.preview).to.be.below(0.5);
    expect(rtl.muteBeforeHangUp).to.be.false;

    // Back to a left-to-right language: the direction goes with it.
    el.lang = 'fr';
    await waitFor(() => !el.hasAttribute('dir'), 'no dir');
    expect(layout().muteBeforeHangUp).to.be.true;

    // A direction the page chose is left alone.
    const wrapper = await fixture<HTMLDivElement>(
      html`<div dir="ltr"><roulette-session server=${UNREACHABLE} lang="ar"><roulette-login></roulette-login></roulette-session></div>`,
    );
    const inner = wrapper.querySelector<RouletteSessionElement>('roulette-session')!;
    await shows(inner.querySelector('roulette-login')!, 'انضم إلى Roulette');
    expect(inner.hasAttribute('dir')).to.be.false;
  });
});
