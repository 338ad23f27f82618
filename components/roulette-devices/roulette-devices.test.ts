import { expect, fixture, html } from '@open-wc/testing';
import '../index.js';
import type { RouletteCall } from '../roulette-call/roulette-call.js';
import type { RouletteDevices } from './roulette-devices.js';
import { callAndAccept, cleanUp, connected, startServer, waitFor } from '../test/testing.js';

function select(el: RouletteDevices, label: string): HTMLSelectElement | undefined {
  return [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith(label))?.querySelector('select') ?? undefined;
}

async function open(el: RouletteDevices): Promise<void> {
  el.shadowRoot!.querySelector('summary')!.click();
  await waitFor(() => select(el, 'Camera') && select(el, 'Microphone'), 'the device lists');
}

function choose(box: HTMLSelectElement, index: number): string {
  box.selectedIndex = index;
  box.dispatchEvent(new Event('change'));
  return box.value;
}

describe('<roulette-devices>', () => {
  // index.ts defines it from a lazy chunk: a page's tag upgrades when that
  // arrives, which on a busy machine can be after the first fixture renders.
  before(() => customElements.whenDefined('roulette-devices'));

  afterEach(async () => {
    localStorage.removeItem('roulette-devices');
    await cleanUp();
  });

  it('renders closed, lists cameras and microphones when opened, and is accessible', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const el = await fixture<RouletteDevices>(html`<roulette-devices .session=${alice}></roulette-devices>`);
    expect(el.shadowRoot!.querySelector('summary')!.textContent).to.equal('Camera and microphone');
    expect(el.shadowRoot!.querySelector('details')!.open).to.equal(false);
    await open(el);
    expect(select(el, 'Camera')!.options.length).to.be.at.least(1);
    expect(select(el, 'Microphone')!.options.length).to.be.at.least(1);
    expect([...select(el, 'Camera')!.options].every((o) => o.textContent!.trim())).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a choice made before a call is remembered and used by the next call', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const el = await fixture<RouletteDevices>(html`<roulette-devices .session=${alice}></roulette-devices>`);
    await open(el);
    const camera = select(el, 'Camera')!;
    const chosen = choose(camera, camera.options.length - 1);
    expect(JSON.parse(localStorage.getItem('roulette-devices')!).videoinput).to.equal(chosen);
    await callAndAccept(alice, bob);
    await waitFor(() => alice.state.localStream, 'the camera');
    expect(alice.state.localStream!.getVideoTracks()[0].getSettings().deviceId).to.equal(chosen);
  });

  it('a remembered device that is gone falls back to the default one', async () => {
    localStorage.setItem('roulette-devices', JSON.stringify({ videoinput: 'unplugged', audioinput: 'unplugged' }));
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    await callAndAccept(alice, bob);
    await waitFor(() => alice.state.localStream, 'the camera');
    expect(alice.state.localStream!.getTracks().map((t) => t.kind).sort()).to.deep.equal(['audio', 'video']);
  });

  it('during a call, another microphone replaces the sent track without renegotiation', async () => {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    await callAndAccept(alice, bob);
    await waitFor(() => alice.peerConnection?.connectionState === 'connected', 'connected');
    const el = await fixture<RouletteDevices>(html`<roulette-devices .session=${alice}></roulette-devices>`);
    await open(el);
    const old = alice.state.localStream!.getAudioTracks()[0];
    const sdp = alice.peerConnection!.localDescription!.sdp;
    const microphone = select(el, 'Microphone')!;
    const chosen = choose(microphone, microphone.options.length - 1);
    await waitFor(() => alice.state.localStream!.getAudioTracks()[0] !== old, 'the new microphone');
    const track = alice.state.localStream!.getAudioTracks()[0];
    expect(alice.peerConnection!.getSenders().some((s) => s.track === track)).to.equal(true);
    expect(alice.peerConnection!.localDescription!.sdp).to.equal(sdp);
    expect(track.getSettings().deviceId).to.equal(chosen);
    expect(alice.state.phase).to.equal('in-call');
  });

  it('a speaker chosen in the call view plays the other side there (where setSinkId exists)', async function () {
    const server = await startServer();
    const alice = await connected(server, 'alice');
    const bob = await connected(server, 'bob');
    const view = await fixture<RouletteCall>(html`<roulette-call .session=${alice}></roulette-call>`);
    await callAndAccept(alice, bob);
    // In the call's "Safety and devices" panel (it comes with the stage's chunk).
    const el = await waitFor(() => view.shadowRoot!.querySelector('roulette-devices'), 'the devices in the call view');
    await el.updateComplete;
    await open(el);
    const speaker = select(el, 'Speaker');
    // Skipped where there is no speaker to choose: no setSinkId, or none listed (Firefox ESR here).
    if (!speaker) this.skip();
    const chosen = choose(speaker!, speaker!.options.length - 1);
    const video = view.shadowRoot!.querySelector<HTMLVideoElement & { sinkId: string }>('[part="remote-video"]')!;
    await waitFor(() => video.sinkId === chosen, 'the chosen speaker');
    expect(alice.state.devices?.audiooutput).to.equal(chosen);
  });
});
