import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteLogin } from './roulette-login.js';
import {
  alertText,
  buttonNamed,
  cleanUp,
  connected,
  createSession,
  inputLabelled,
  isShown,
  startServer,
  stopServer,
  uniqueName,
  untilPhase,
  waitFor,
} from '../test/testing.js';

async function typeAndSubmit(el: RouletteLogin, name: string): Promise<void> {
  inputLabelled(el, 'Username').focus();
  if (name) await sendKeys({ type: name });
  await sendKeys({ press: 'Enter' });
}

describe('<roulette-login>', () => {
  afterEach(cleanUp);

  it('renders', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    expect(isShown(el)).to.equal(true);
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(inputLabelled(el, 'Username')).to.exist;
    expect(buttonNamed(el, 'Connect').type).to.equal('submit');
    expect(el.shadowRoot!.textContent).to.contain('Server: 127.0.0.1:9');
  });

  it('is accessible', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    await expect(el).to.be.accessible();
  });

  it('stays hidden without a session, and once connected', async () => {
    const lonely = await fixture<RouletteLogin>(html`<roulette-login></roulette-login>`);
    expect(isShown(lonely)).to.equal(false);
    const server = await startServer();
    const session = await connected(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(isShown(el)).to.equal(false);
  });

  it('connects with the name typed on the keyboard', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    const name = uniqueName('Zoë');
    await typeAndSubmit(el, name);
    await untilPhase(session, 'idle');
    expect(session.state.username).to.equal(name);
    expect(session.state.guest).to.equal(false);
    await el.updateComplete;
    expect(isShown(el)).to.equal(false);
  });

  it('shows "Connecting to …" while connecting', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    const done = session.connect(uniqueName());
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('connecting');
    expect(el.shadowRoot!.textContent).to.contain(`Connecting to ${new URL(server.url).host}…`);
    expect(buttonNamed(el, 'Connect').getAttribute('aria-disabled')).to.equal('true');
    await done;
  });

  it('says a taken name is taken and lets the person pick another', async () => {
    const server = await startServer();
    const first = await connected(server);
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    await typeAndSubmit(el, first.state.username!.toUpperCase());
    await waitFor(() => alertText(el), 'an alert');
    expect(alertText(el)).to.equal('That name is taken — pick another.');
    expect(session.state.phase).to.equal('disconnected');
    expect(isShown(el)).to.equal(true);

    const input = inputLabelled(el, 'Username');
    input.select();
    await typeAndSubmit(el, uniqueName('second'));
    await untilPhase(session, 'idle');
  });

  it('gives a guest name for an empty name', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    await typeAndSubmit(el, '');
    await untilPhase(session, 'idle');
    expect(session.state.guest).to.equal(true);
    expect(session.state.username).to.match(/^[\p{L}\p{M}\p{N}_.-]{1,32}$/u);
    expect(session.state.notice?.message).to.contain(session.state.username!);
  });

  it('says which server cannot be reached and that it can be retried', async () => {
    const server = await startServer();
    await stopServer(server);
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    await typeAndSubmit(el, uniqueName());
    await waitFor(() => alertText(el), 'an alert');
    expect(alertText(el)).to.contain(new URL(server.url).host);
    expect(alertText(el)).to.match(/try again/i);
    expect(session.state.phase).to.equal('disconnected');
    expect(isShown(el)).to.equal(true);
  });

  it('is shown again with the reason when the server closes the connection', async () => {
    const server = await startServer();
    const session = await connected(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session}></roulette-login>`);
    expect(isShown(el)).to.equal(false);
    await stopServer(server, 'Back in five minutes: we are updating the server.');
    await untilPhase(session, 'disconnected');
    await el.updateComplete;
    expect(isShown(el)).to.equal(true);
    expect(alertText(el)).to.equal(
      'The server closed the connection: Back in five minutes: we are updating the server.',
    );
  });
});
