import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../index.js';
import type { RouletteCall } from './roulette-call.js';
import { cleanUp, connected, framesArrive, startServer, uniqueName, untilPhase } from '../test/testing.js';

interface HelperFrames {
  videoWidth: number;
  frames: number;
  userAgent: string;
}

// Run in Firefox, this is the Firefox ↔ Chromium call; in Chromium it calls
// a second, separate Chromium process. The helper uses the built bundle as
// served by the signaling server (run `npm run build` first).
describe('<roulette-call> with a separate Chromium', () => {
  let helper: { id: string } | undefined;

  afterEach(async () => {
    if (helper) await executeServerCommand('helper-chromium-stop', { id: helper.id });
    helper = undefined;
    await cleanUp();
  });

  it('calls a person in another browser; frames flow both ways', async function () {
    this.timeout(60_000);
    const server = await startServer({ ringTimeoutMs: 30_000 });
    const them = uniqueName('chromium');
    helper = await executeServerCommand<{ id: string }, object>('helper-chromium-start', { url: server.url, name: them });
    const me = await connected(server, 'me');
    const view = await fixture<RouletteCall>(html`<roulette-call .session=${me}></roulette-call>`);
    void me.call(them);
    await untilPhase(me, 'in-call', 20_000);
    await view.updateComplete;
    const video = view.shadowRoot!.querySelector<HTMLVideoElement>('video[part="remote-video"]')!;
    const [mine, theirs] = await Promise.all([
      framesArrive(video, 5, 20_000),
      executeServerCommand<HelperFrames, object>('helper-chromium-frames', { id: helper.id }),
    ]);
    expect(mine).to.be.at.least(5);
    expect(video.videoWidth).to.be.greaterThan(0);
    expect(theirs.userAgent).to.contain('Chrome');
    expect(theirs.videoWidth).to.be.greaterThan(0);
    expect(theirs.frames).to.be.at.least(5);
  });
});
