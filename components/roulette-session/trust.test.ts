// Signed sign-in and the consent gate, as a person meets them: a real
// signaling server that requires signed identities (HS256), tokens made the
// way a site's backend makes them, and the controls driven by their names.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteLobby } from '../roulette-lobby/roulette-lobby.js';
import type { RouletteLogin } from '../roulette-login/roulette-login.js';
import {
  TEST_AUTH_SECRET,
  alertText,
  cleanUp,
  deepActiveElement,
  findButton,
  findChoice,
  isShown,
  openDialog,
  signedToken,
  startServer,
  uniqueName,
  untilButton,
  untilPhase,
  waitFor,
  type TestServer,
} from '../test/testing.js';
import type { RouletteSessionElement } from './roulette-session.js';

interface Page {
  el: RouletteSessionElement;
  login: RouletteLogin;
  lobby: RouletteLobby;
}

async function page(template: ReturnType<typeof html>): Promise<Page> {
  const el = await fixture<RouletteSessionElement>(template);
  return { el, login: el.querySelector('roulette-login')!, lobby: el.querySelector('roulette-lobby')! };
}

describe('<roulette-session> signed identities', function () {
  this.timeout(40_000);
  let server: TestServer;

  beforeEach(async () => {
    sessionStorage.clear();
    server = await startServer({ authSecret: TEST_AUTH_SECRET, resumeGraceMs: 8000 });
  });

  afterEach(async () => {
    document.querySelectorAll('roulette-session').forEach((el) => el.session?.disconnect());
    await cleanUp();
  });

  it('with getToken: no login form, the name comes from the server, and a fresh token is asked for on every resume', async () => {
    const name = uniqueName('carol');
    const asked: string[] = [];
    const getToken = async () => {
      asked.push(name);
      return signedToken(name);
    };
    const { el, login, lobby } = await page(html`<roulette-session server=${server.url} .getToken=${getToken}>
      <roulette-login></roulette-login><roulette-lobby></roulette-lobby>
    </roulette-session>`);
    expect(login.shadowRoot!.querySelector('input'), 'no name to type').to.equal(null);
    await untilPhase(el.session!, 'idle');
    expect(isShown(lobby)).to.equal(true);
    expect(lobby.shadowRoot!.querySelector('[part="identity"]')!.textContent).to.contain(name);
    expect(el.session!.state.guest).to.equal(false);
    expect(asked.length).to.equal(1);

    // A dropped connection resumes with a new token.
    el.session!.signaling!.socket!.io.engine.close();
    await waitFor(() => asked.length === 2 && !el.session!.state.reconnecting, 'a resume with a fresh token');
    expect(el.session!.state.phase).to.equal('idle');
    expect(el.session!.state.username).to.equal(name);
  });

  it('with a `token` attribute: connected as the token names', async () => {
    const name = uniqueName('dave');
    const token = await signedToken(name);
    const { el } = await page(html`<roulette-session server=${server.url} token=${token}><roulette-login></roulette-login></roulette-session>`);
    await untilPhase(el.session!, 'idle');
    expect(el.session!.state.username).to.equal(name);
  });

  it('a refused token: a readable message, "Try again", and roulette-error with UNAUTHORIZED for the host', async () => {
    const forged = await signedToken(uniqueName('mallory'), { secret: 'not-the-secret-of-this-server-at-all!!' });
    const el = document.createElement('roulette-session');
    el.server = server.url;
    el.innerHTML = '<roulette-login></roulette-login>';
    const failed = oneEvent(el, 'roulette-error');
    el.token = forged;
    document.body.append(el);
    try {
      const { detail } = await failed;
      expect(detail.code).to.equal('UNAUTHORIZED');
      expect(detail.message).to.equal('Your sign-in was not accepted (it may have expired). Sign in to the site again, then try again.');
      const login = el.querySelector('roulette-login')!;
      await waitFor(() => alertText(login) === detail.message, 'the message shown in the alert region');
      expect(findButton(login, 'Try again')).to.exist;
    } finally {
      el.session?.disconnect();
      el.remove();
    }
  });
});

describe('<roulette-session consent>', function () {
  this.timeout(40_000);
  let server: TestServer;

  beforeEach(async () => {
    localStorage.removeItem('roulette-consent');
    server = await startServer();
  });

  afterEach(async () => {
    document.querySelectorAll('roulette-session').forEach((el) => el.session?.disconnect());
    await cleanUp();
  });

  async function connectedPage(consent: ReturnType<typeof html>): Promise<Page> {
    const p = await page(consent);
    p.login.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: uniqueName('erin') });
    await sendKeys({ press: 'Enter' });
    await untilPhase(p.el.session!, 'idle');
    return p;
  }

  it('asks "I agree" (and the age) before the first stranger search, with focus in the dialog, and remembers it', async () => {
    const { el, lobby } = await connectedPage(html`<roulette-session server=${server.url} consent-age="18">
      <p slot="consent">Be kind. Calls with strangers are not recorded.</p>
      <roulette-login></roulette-login><roulette-lobby></roulette-lobby>
    </roulette-session>`);
    findButton(lobby, 'Talk to a stranger')!.click();
    const dialog = await waitFor(() => openDialog(el), 'the consent dialog');
    expect(dialog.textContent).to.contain('Before you meet strangers');
    expect(el.querySelector('[slot="consent"]')!.assignedSlot, 'the host’s terms are shown').to.exist;
    await waitFor(() => dialog.getRootNode().contains(deepActiveElement()), 'focus in the dialog');

    findButton(el, 'Continue')!.click();
    await waitFor(() => alertText(el.shadowRoot!.querySelector('roulette-consent-gate')!) === 'Tick “I agree” and “I am 18 or older” to continue.', 'what is missing');
    expect(el.session!.state.phase).to.equal('idle');

    findChoice(el, 'I agree')!.click();
    findChoice(el, 'I am 18 or older')!.click();
    findButton(el, 'Continue')!.click();
    await untilPhase(el.session!, 'searching');
    expect(openDialog(el)).to.equal(undefined);

    // Agreed on this site: not asked again.
    await el.session!.cancelSearch();
    (await untilButton(lobby, 'Talk to a stranger')).click();
    await untilPhase(el.session!, 'searching');
    expect(openDialog(el)).to.equal(undefined);
  });

  it('"Cancel" (or Escape) does not search', async () => {
    const { el, lobby } = await connectedPage(html`<roulette-session server=${server.url} consent="Be kind.">
      <roulette-login></roulette-login><roulette-lobby></roulette-lobby>
    </roulette-session>`);
    findButton(lobby, 'Talk to a stranger')!.click();
    await waitFor(() => openDialog(el), 'the consent dialog');
    // The `consent` text, in the dialog (the fallback of the host's consent slot).
    const terms = el.shadowRoot!.querySelector('slot[name="consent"]')!;
    expect(terms.textContent).to.equal('Be kind.');
    expect(openDialog(el)!.querySelector('slot')!.assignedElements()).to.deep.equal([terms]);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !openDialog(el), 'the dialog closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(el.session!.state.phase).to.equal('idle');
    expect(localStorage.getItem('roulette-consent')).to.equal(null);
  });
});
