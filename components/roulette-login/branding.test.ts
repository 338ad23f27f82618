import { expect, fixture, html } from '@open-wc/testing';
import '../index.js';
import type { RouletteLogin } from './roulette-login.js';
import { cleanUp, createSession } from '../internal/testing.js';

describe('<roulette-login> branding', () => {
  afterEach(cleanUp);

  const heading = (el: RouletteLogin) => el.shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
  const serverLine = (el: RouletteLogin) => el.shadowRoot!.querySelector<HTMLElement>('.server')!;

  it('replaces the heading by the `heading` attribute and hides the server line with `hide-server`', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(
      html`<roulette-login .session=${session} heading="Talk to our team" hide-server></roulette-login>`,
    );
    expect(heading(el).textContent?.trim()).to.equal('Talk to our team');
    expect(heading(el).checkVisibility()).to.be.true;
    expect(serverLine(el).checkVisibility()).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('takes markup in slot="heading", and hides the heading with `hide-heading`', async () => {
    const session = createSession('http://127.0.0.1:9');
    const el = await fixture<RouletteLogin>(
      html`<roulette-login .session=${session}><span slot="heading">Acme <em>video</em></span></roulette-login>`,
    );
    const slot = heading(el).querySelector('slot')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Acme video');
    expect(serverLine(el).checkVisibility()).to.be.true;
    el.hideHeading = true;
    await el.updateComplete;
    expect(heading(el).checkVisibility()).to.be.false;
  });
});
