// Host branding: the heading and the server line replaced (slots) or hidden (attributes).
import { expect, fixture, html } from '@open-wc/testing';
import '../index.js';
import type { RouletteLogin } from './roulette-login.js';
import { buttonNamed, cleanUp, createSession, startServer, untilPhase } from '../test/testing.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`);
/** The text a person sees in a part: its own text, or what is slotted into it. */
function shownText(el: Element, name: string): string {
  const node = part(el, name);
  if (!node) return '';
  const slot = node.querySelector('slot');
  if (!slot) return node.textContent!.trim();
  const assigned = slot.assignedNodes({ flatten: true });
  return (assigned.length ? assigned.map((n) => n.textContent).join('') : slot.textContent!).trim();
}

describe('<roulette-login> branding', () => {
  afterEach(cleanUp);

  it('shows "Join Roulette" and the server by default', async () => {
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${createSession('http://127.0.0.1:9')}></roulette-login>`);
    expect(shownText(el, 'heading')).to.equal('Join Roulette');
    expect(shownText(el, 'server')).to.equal('Server: 127.0.0.1:9');
  });

  it('the heading and the server line can be replaced by slotted content', async () => {
    const el = await fixture<RouletteLogin>(html`
      <roulette-login .session=${createSession('http://127.0.0.1:9')}>
        <span slot="heading">Talk to our support team</span>
        <span slot="server">Calls by Example Co.</span>
      </roulette-login>
    `);
    expect(shownText(el, 'heading')).to.equal('Talk to our support team');
    expect(shownText(el, 'server')).to.equal('Calls by Example Co.');
    expect(el.shadowRoot!.querySelector('h2')).to.exist;
  });

  it('hide-heading and hide-server remove them; connecting says "Connecting…" without the address', async () => {
    const server = await startServer();
    const session = createSession(server);
    const el = await fixture<RouletteLogin>(html`<roulette-login hide-heading hide-server .session=${session}></roulette-login>`);
    expect(el.hideHeading).to.equal(true);
    expect(part(el, 'heading')).to.equal(null);
    expect(part(el, 'server')).to.equal(null);
    expect(el.shadowRoot!.textContent).not.to.contain('127.0.0.1');
    buttonNamed(el, 'Connect').click();
    await untilPhase(session, 'connecting');
    await el.updateComplete;
    expect(shownText(el, 'server')).to.equal('Connecting…');
    await untilPhase(session, 'idle');
  });

  it('the `heading` attribute replaces the heading\'s text (in every language)', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(html`<roulette-login .session=${session} heading="Talk to our team" hide-server></roulette-login>`);
    expect(shownText(el, 'heading')).to.equal('Talk to our team');
    expect(part(el, 'server')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
