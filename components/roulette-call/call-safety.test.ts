// Block, Report, interests and the safety code, as people meet them: two
// real sessions on a real signaling server, driven through the controls'
// accessible names, with what each side sees and hears (live regions).
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteLobby } from '../roulette-lobby/roulette-lobby.js';
import {
  alertText,
  callAndAccept,
  cleanUp,
  connected,
  deepActiveElement,
  findButton,
  findChoice,
  openDialog,
  startServer,
  statusText,
  untilButton,
  untilPhase,
  waitFor,
  person,
  type TestServer,
} from '../test/testing.js';
import type { RouletteCall } from './roulette-call.js';

/** Opens the call's "Safety code" and waits for the code (4 groups of 4 digits). */
async function safetyCode(call: RouletteCall): Promise<string> {
  // In the "Safety and devices" panel, which comes with the stage's chunk.
  const safety = await waitFor(() => call.shadowRoot!.querySelector('roulette-call-safety'), 'the safety panel');
  await safety.updateComplete;
  const details = safety.shadowRoot!.querySelector('details')!;
  if (!details.open) safety.shadowRoot!.querySelector('summary')!.click();
  return waitFor(() => {
    const text = safety.shadowRoot!.querySelector('[part="code"]')?.textContent?.trim() ?? '';
    return /^\d{4} \d{4} \d{4} \d{4}$/.test(text) && text;
  }, 'the safety code');
}

/** Types interests into the lobby's "Interests (optional)" field, each followed by Enter. */
async function typeInterests(lobby: RouletteLobby, ...items: string[]): Promise<void> {
  const field = lobby.shadowRoot!.querySelector('roulette-interests')!;
  field.shadowRoot!.querySelector('input')!.focus();
  for (const item of items) {
    await sendKeys({ type: item });
    await sendKeys({ press: 'Enter' });
  }
}

/** Opens the call's "More" menu (Block, Report, Safety code…), as a person would. */
async function openMore(call: HTMLElement): Promise<void> {
  (await untilButton(call, 'More')).click();
}

describe('safety in a call: block, report, interests, safety code', function () {
  this.timeout(60_000);
  let server: TestServer;

  beforeEach(async () => {
    localStorage.removeItem('roulette-interests');
    server = await startServer({ interestWaitMs: 60_000, ringTimeoutMs: 30_000 });
  });

  afterEach(async () => {
    await cleanUp();
  });

  it('both people see the same safety code, and a new call has a new one', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    await callAndAccept(alice.session, bob.session);
    const [first, other] = await Promise.all([safetyCode(alice.call), safetyCode(bob.call)]);
    expect(first).to.equal(other);
    // How to use it is said next to it.
    const safety = alice.call.shadowRoot!.querySelector('roulette-call-safety')!;
    expect(safety.shadowRoot!.textContent).to.contain(`Read these numbers aloud to ${bob.name}`);

    await alice.session.hangUp();
    await untilPhase(bob.session, 'idle');
    await callAndAccept(bob.session, alice.session);
    const [second, again] = await Promise.all([safetyCode(alice.call), safetyCode(bob.call)]);
    expect(second).to.equal(again);
    expect(second, 'new certificates, new code').not.to.equal(first);
  });

  it('"Block" in a call asks first, ends the call, lists the name with "Unblock", and the other side only hears a hang-up', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    await callAndAccept(bob.session, alice.session);

    await openMore(alice.call);
    (await untilButton(alice.call, 'Block')).click();
    const dialog = await waitFor(() => openDialog(alice.call), 'the block confirmation');
    expect(dialog.textContent).to.contain('They are not told');
    expect(dialog.contains(deepActiveElement()) || dialog.getRootNode().contains(deepActiveElement()), 'focus in the dialog').to.equal(true);
    findButton(alice.call, `Block ${bob.name}`)!.click();

    await untilPhase(alice.session, 'idle');
    await untilPhase(bob.session, 'idle');
    await waitFor(() => statusText(alice.lobby).includes(`You blocked ${bob.name}`), 'the block announced');
    // The lobby adds how long a call by name lasted.
    expect(statusText(bob.lobby)).to.match(new RegExp(`^${alice.name} hung up\\.( Lasted \\d\\d:\\d\\d\\.)?$`));

    // Bob can no longer reach Alice: for him she is offline.
    await bob.session.call(alice.name);
    await waitFor(() => bob.session.state.phase === 'idle' && bob.session.state.notice?.code === 'USER_NOT_FOUND', 'USER_NOT_FOUND');

    // The lobby lists her blocks; "Unblock bob" lifts it.
    const list = await waitFor(() => alice.lobby.shadowRoot!.querySelector('roulette-blocked-list')?.shadowRoot?.querySelector('details'), 'the blocked list');
    expect(list.querySelector('summary')!.textContent).to.contain('Blocked (1)');
    list.querySelector('summary')!.click();
    (await untilButton(alice.lobby, `Unblock ${bob.name}`)).click();
    await waitFor(() => statusText(alice.lobby).includes(`You unblocked ${bob.name}`), 'the unblock announced');
    await callAndAccept(bob.session, alice.session);
  });

  it('"Block" while ringing declines the call; the caller hears "declined"', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void bob.session.call(alice.name);
    await untilPhase(alice.session, 'incoming');
    (await untilButton(alice.lobby, 'Block')).click();
    // Over the ringing sheet (itself a dialog).
    await untilButton(alice.lobby, `Block ${bob.name}`);
    expect(openDialog(alice.lobby)!.textContent).to.contain('Their call is declined');
    findButton(alice.lobby, `Block ${bob.name}`)!.click();
    await untilPhase(alice.session, 'idle');
    await untilPhase(bob.session, 'idle');
    expect(statusText(bob.lobby)).to.equal(`${alice.name} declined your call.`);
    await waitFor(() => statusText(alice.lobby).includes(`You blocked ${bob.name}`), 'the block announced');
  });

  it('"Cancel" in the confirmation blocks nobody', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    await callAndAccept(bob.session, alice.session);
    await openMore(alice.call);
    (await untilButton(alice.call, 'Block')).click();
    await waitFor(() => openDialog(alice.call), 'the block confirmation');
    findButton(alice.call, 'Cancel')!.click();
    await waitFor(() => !openDialog(alice.call), 'the dialog closed');
    expect(alice.session.state.phase).to.equal('in-call');
    expect(alice.session.state.blocked).to.deep.equal([]);
  });

  it('strangers who share interests see and hear "You both like: chess"; "Report" ends the call, blocks and finds the next stranger', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    await typeInterests(alice.lobby, 'Chess', 'jazz');
    await typeInterests(bob.lobby, 'chess');
    expect(findButton(alice.lobby, 'Remove jazz'), 'a chip can be removed').to.exist;
    expect(JSON.parse(localStorage.getItem('roulette-interests')!)).to.deep.equal(['chess'], 'remembered');

    findButton(alice.lobby, 'Talk to a stranger')!.click();
    await untilPhase(alice.session, 'searching');
    findButton(bob.lobby, 'Talk to a stranger')!.click();
    await untilPhase(alice.session, 'in-call');
    await untilPhase(bob.session, 'in-call');
    await waitFor(() => statusText(alice.call).includes('You both like: chess'), 'common interests shown');
    expect(statusText(bob.call)).to.contain('You both like: chess');

    // A direct call has no "Report"; a stranger call does.
    (await untilButton(alice.call, 'Report')).click();
    await waitFor(() => openDialog(alice.call), 'the report dialog');
    findButton(alice.call, 'Send report')!.click();
    await waitFor(() => alertText(alice.call.shadowRoot!.querySelector('roulette-report-dialog')!) === 'Choose what happened.', 'a reason is required');
    findChoice(alice.call, 'Spam or advertising')!.click();
    expect(findChoice(alice.call, 'Find the next stranger')!.checked).to.equal(true);
    findButton(alice.call, 'Send report')!.click();

    await untilPhase(alice.session, 'searching');
    await waitFor(() => statusText(alice.lobby).includes(`Thank you. ${bob.name} was reported and blocked.`), 'the report announced');
    expect(alice.session.state.blocked).to.deep.equal([bob.name]);
    await untilPhase(bob.session, 'idle');
    expect(statusText(bob.lobby)).to.equal('The stranger moved on.');
    await alice.session.cancelSearch();
  });

  it('"Report" with "Find the next stranger" unticked: back in the lobby', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    void alice.session.findStranger();
    await untilPhase(alice.session, 'searching');
    void bob.session.findStranger();
    await untilPhase(alice.session, 'in-call');
    (await untilButton(alice.call, 'Report')).click();
    await waitFor(() => openDialog(alice.call), 'the report dialog');
    findChoice(alice.call, 'Abuse, threats or harassment')!.click();
    findChoice(alice.call, 'Find the next stranger')!.click();
    findButton(alice.call, 'Send report')!.click();
    await untilPhase(alice.session, 'idle');
    await waitFor(() => statusText(alice.lobby).includes('was reported and blocked'), 'the report announced');
  });

  it('a direct call has "Block" but no "Report"', async () => {
    const alice = await person(server, 'alice');
    const bob = await person(server, 'bob');
    await callAndAccept(alice.session, bob.session);
    await openMore(alice.call);
    await untilButton(alice.call, 'Block');
    expect(findButton(alice.call, 'Report')).to.equal(undefined);
  });
});
