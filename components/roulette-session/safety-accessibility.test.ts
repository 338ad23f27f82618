// axe-core over the new safety states (issue 13): the interests chips, the
// consent dialog, an incoming call with "Block" and its confirmation, a
// stranger call with "Report", "Block" and the safety code open, the report
// dialog with a missing reason, and the blocked list — at 360 and 1280 px.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
import '../index.js';
import {
  cleanUp,
  findButton,
  openDialog,
  person,
  startServer,
  untilButton,
  untilPhase,
  waitFor,
  type Person,
} from '../test/testing.js';
import type { RouletteSessionElement } from './roulette-session.js';

// @ts-expect-error -- a script without module typings
await import('axe-core/axe.min.js');
declare const axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };

async function axeAt(root: Element, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const width of [360, 1280]) {
    await setViewport({ width, height: 800 }).catch(() => undefined);
    await nextFrame();
    const { violations } = await axe.run(root, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    for (const v of violations) found.push(`${state} @${width}px: ${v.id} — ${v.nodes.map((n) => n.target.join(' › ')).join('; ')}`);
  }
  return found;
}

describe('accessibility of the safety states (axe-core)', function () {
  // Twelve axe runs over a live call: slow on a loaded machine.
  this.timeout(240_000);

  afterEach(async () => {
    await cleanUp();
  });

  it('0 violations: interests, incoming "Block" and its confirmation, a stranger call with the safety code, the report dialog, the blocked list', async () => {
    localStorage.setItem('roulette-interests', JSON.stringify(['chess', 'jazz']));
    // The call must still ring after axe has run twice (the test servers' default is 1.5 s).
    const server = await startServer({ ringTimeoutMs: 60_000 });
    const found: string[] = [];
    const alice: Person = await person(server, 'alice');
    const bob: Person = await person(server, 'bob');
    const page = alice.lobby.parentElement!;
    found.push(...(await axeAt(page, 'lobby with interests')));

    void bob.session.call(alice.name);
    await untilPhase(alice.session, 'incoming');
    found.push(...(await axeAt(page, 'incoming call with Block')));
    (await untilButton(alice.lobby, 'Block')).click();
    // Over the ringing sheet (itself a dialog): the confirmation's own "Block bob".
    await untilButton(alice.lobby, `Block ${bob.name}`);
    await waitFor(() => openDialog(alice.lobby), 'the block confirmation');
    found.push(...(await axeAt(page, 'block confirmation')));
    findButton(alice.lobby, 'Cancel')!.click();
    await alice.session.reject();
    await untilPhase(bob.session, 'idle');

    void alice.session.findStranger(['chess']);
    await untilPhase(alice.session, 'searching');
    void bob.session.findStranger(['chess']);
    await untilPhase(alice.session, 'in-call');
    const safety = alice.call.shadowRoot!.querySelector('roulette-call-safety')!;
    safety.shadowRoot!.querySelector('summary')!.click();
    await waitFor(() => /\d{4} \d{4}/.test(safety.shadowRoot!.querySelector('[part="code"]')!.textContent ?? ''), 'the code');
    found.push(...(await axeAt(page, 'stranger call, safety code open')));
    (await untilButton(alice.call, 'Report')).click();
    await waitFor(() => openDialog(alice.call), 'the report dialog');
    findButton(alice.call, 'Send report')!.click();
    await nextFrame();
    found.push(...(await axeAt(page, 'report dialog, reason missing')));
    findButton(alice.call, 'Cancel')!.click();
    await alice.session.report('spam', { next: false });
    await untilPhase(alice.session, 'idle');
    const list = await waitFor(() => alice.lobby.shadowRoot!.querySelector('roulette-blocked-list')?.shadowRoot?.querySelector('details'), 'the blocked list');
    list.open = true;
    found.push(...(await axeAt(page, 'blocked list open')));
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('0 violations: the consent dialog with an age statement', async () => {
    localStorage.removeItem('roulette-consent');
    const server = await startServer();
    const el = await fixture<RouletteSessionElement>(html`<roulette-session server=${server.url} consent="Be kind." consent-age="18">
      <roulette-lobby></roulette-lobby>
    </roulette-session>`);
    await el.session!.connect();
    await untilPhase(el.session!, 'idle');
    const agreed = el.ensureConsent();
    await waitFor(() => openDialog(el), 'the consent dialog');
    const found = await axeAt(el, 'consent dialog');
    findButton(el, 'Cancel')!.click();
    expect(await agreed).to.equal(false);
    el.session!.disconnect();
    expect(found, found.join('\n')).to.deep.equal([]);
  });
});
