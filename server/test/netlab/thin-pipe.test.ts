// A thin pipe, with real packets: one side's link is held to 300 kbit/s in
// both directions by a token bucket (tc tbf, see lab.ts) in the middle of a
// call, then released. The tests watch the video the other side is shown,
// the sender's bitrate and resolution (getStats outbound-rtp), the audio's
// concealment, and the quality indicator in <roulette-call>.
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, longestGap, report, sleep, startCall, useWorld, type LabBrowser, type LabStats, type Person } from './people.js';


/** Sending rate, resolution and audio concealment of `person` over `ms`. */
async function measure(person: Person, ms: number) {
  const first: LabStats = await person.stats();
  await sleep(ms);
  const last: LabStats = await person.stats();
  const seconds = (last.t - first.t) / 1000;
  const kbps = (a?: number | null, b?: number | null) => Math.round((((b ?? 0) - (a ?? 0)) * 8) / 1000 / seconds);
  const samples = (last.inAudio?.totalSamplesReceived ?? 0) - (first.inAudio?.totalSamplesReceived ?? 0);
  const concealed = (last.inAudio?.concealedSamples ?? 0) - (first.inAudio?.concealedSamples ?? 0);
  return {
    outVideoKbps: kbps(first.outVideo?.bytesSent, last.outVideo?.bytesSent),
    outAudioKbps: kbps(first.outAudio?.bytesSent, last.outAudio?.bytesSent),
    sent: `${last.outVideo?.frameWidth}x${last.outVideo?.frameHeight}@${last.outVideo?.fps}`,
    sentPixels: (last.outVideo?.frameWidth ?? 0) * (last.outVideo?.frameHeight ?? 0),
    limitation: last.outVideo?.limitation,
    inVideoKbps: kbps(first.inVideo?.bytesReceived, last.inVideo?.bytesReceived),
    inAudioPackets: (last.inAudio?.packetsReceived ?? 0) - (first.inAudio?.packetsReceived ?? 0),
    concealment: samples > 0 ? Math.round((concealed / samples) * 1000) / 1000 : null,
    rttMs: last.pair?.rtt === null || last.pair?.rtt === undefined ? null : Math.round(last.pair.rtt * 1000),
  };
}

/**
 * alice (the first browser, the caller) is held to the thin pipe. With a
 * Firefox bob: Firefox's stats have no bandwidth estimate, and once the
 * sender has adapted its round trip and loss look fine, so its indicator says
 * Fair or Poor only because alice's own rating comes over the call's data
 * channel. (Firefox is not the capped side here: a tbf on its own interface
 * drops its packets inside its host, which it counts as sent and does not
 * adapt to — unlike a real thin link.)
 */
function thinPipe(browsers: [LabBrowser, LabBrowser]) {
  const title = browsers[1] === 'chromium' ? '' : ` — ${browsers.join(' ↔ ')}, the ${browsers[0]} side capped`;
  const unavailable = labUnavailable() ?? browsersUnavailable(browsers);
  describe(`thin pipe: one side held to 300 kbit/s (tc tbf on both ends of its link)${title}`, { skip: unavailable }, () => {
    const world = useWorld({ browsers });

    it('the call stays up, video adapts without freezing, audio flows, the indicator drops; lifted, it returns to Good', async (t) => {
      const { alice, bob, lab, a } = world();
      await Promise.all([alice.open('alice'), bob.open('bob')]);
      await startCall(alice, bob);
      // Let the bandwidth estimate climb on the open lab link, well above the
      // cap (bounded: a busy machine may never get there).
      const [openA, openB] = await Promise.all([alice.now(), bob.now()]);
      let open = await measure(alice, 3000);
      for (let i = 0; i < 6 && open.outVideoKbps < 450; i++) open = await measure(alice, 3000);
      // How the video moves on this machine with the link open: a busy machine
      // freezes video by itself, and then a freeze under the cap proves nothing.
      const openFreeze = Math.max(
        longestGap(await bob.frames(openB), openB, await bob.now()),
        longestGap(await alice.frames(openA), openA, await alice.now()),
      );
      const openQuality = [(await alice.state()).quality, (await bob.state()).quality];
      report(t, 'open link (alice sending)', { ...open, quality: openQuality, longestFreezeMs: Math.round(openFreeze) });

      const [capA, capB] = await Promise.all([alice.now(), bob.now()]);
      lab.cap(a, 300);
      // Adaptation: alice's sending over time, every 2 s for 12 s.
      const adaptation: string[] = [];
      for (let i = 0; i < 6; i++) {
        const m = await measure(alice, 2000);
        adaptation.push(`${m.outVideoKbps}+${m.outAudioKbps}kbit/s ${m.sent}`);
      }
      const [fromA, fromB] = await Promise.all([alice.now(), bob.now()]);
      const [capped, cappedBob] = await Promise.all([measure(alice, 6000), measure(bob, 6000)]);
      const [toA, toB] = await Promise.all([alice.now(), bob.now()]);
      const freezeBob = Math.round(longestGap(await bob.frames(fromB), fromB, toB));
      const freezeAlice = Math.round(longestGap(await alice.frames(fromA), fromA, toA));
      const qualities = async (p: Person, since: number) =>
        (await p.events(since)).filter((e) => e.kind === 'quality').map((e) => `${e.value}@${Math.round(e.t - since)}`);
      const cappedStates = [await alice.state(), await bob.state()];
      const indicator = { alice: await qualities(alice, capA), bob: await qualities(bob, capB) };
      const adaptingFreeze = {
        bobSees: Math.round(longestGap(await bob.frames(capB), capB, fromB)),
        aliceSees: Math.round(longestGap(await alice.frames(capA), capA, fromA)),
      };
      report(t, 'capped', {
        adaptation,
        longestFreezeWhileAdaptingMs: adaptingFreeze,
        alice: capped,
        bob: cappedBob,
        longestFreezeAfterAdaptationMs: { bobSees: freezeBob, aliceSees: freezeAlice },
        quality: indicator,
        stats: cappedStates.map((s) => s.stats),
      });

      for (const s of cappedStates) assert.equal(s.phase, 'in-call');
      assert.ok(capped.outVideoKbps + capped.outAudioKbps < 300, `alice's sending fits the pipe: ${capped.outVideoKbps + capped.outAudioKbps} kbit/s`);
      if (open.outVideoKbps + open.outAudioKbps > 350) {
        assert.ok(capped.outVideoKbps < open.outVideoKbps, `outgoing video fell: ${open.outVideoKbps} → ${capped.outVideoKbps} kbit/s`);
      } else {
        // A busy machine's encoder never filled the open link: nothing to fall from.
        t.diagnostic(`fall not judged: the open link carried only ${open.outVideoKbps + open.outAudioKbps} kbit/s (load ${loadavg()[0].toFixed(1)})`);
      }
      if (openFreeze <= 1000) {
        assert.ok(freezeBob <= 1000, `bob's view of alice froze for ${freezeBob} ms after adaptation`);
        // Firefox's own sender adapts to the cap on its far side by itself,
        // sometimes after seconds of frozen video (seen in 1 of 2 runs):
        // reported, judged only for Chromium, whose adaptation we rely on.
        if (browsers[1] === 'chromium') assert.ok(freezeAlice <= 1000, `alice's view of bob froze for ${freezeAlice} ms after adaptation`);
        else t.diagnostic(`${browsers[1]}'s sending froze for ${freezeAlice} ms after adaptation (not judged)`);
      } else {
        t.diagnostic(`freezes not judged: the video froze ${Math.round(openFreeze)} ms with the link open (load ${loadavg()[0].toFixed(1)})`);
      }
      assert.ok(cappedBob.inAudioPackets > 200 && capped.inAudioPackets > 200, 'audio kept flowing both ways');
      // The indicator's rule (components/session/call-stats.ts, rateQuality): Fair
      // below 400 kbit/s available for sending (or 250 ms round trip, 2 % loss),
      // Poor below 150 kbit/s (500 ms, 10 %). It must say so for as long as the
      // cap holds, not only while the queue fills: both sides, after adapting.
      const lowered = [...indicator.alice, ...indicator.bob].filter((q) => /^(Fair|Poor)/.test(q));
      assert.ok(lowered.length > 0, `the indicator said Fair or Poor under the cap: ${JSON.stringify(indicator)}`);
      for (const [who, s] of [['alice', cappedStates[0]], ['bob', cappedStates[1]]] as const) {
        assert.match(String(s.quality), /^(Fair|Poor) connection$/, `${who}'s indicator after adapting, still capped: ${s.quality}`);
      }
      // A rating taken from the other side says so under the indicator (read
      // until the view has rendered the latest sample).
      for (const [person, other] of [[alice, 'bob'], [bob, 'alice']] as const) {
        await person.waitFor(`details that say whose measure the rating is`, (s) =>
          s.qualityDetails?.includes(`as ${other} measures it`) === (s.stats?.peer === s.stats?.quality && s.stats?.quality !== 'good'), 5000);
      }

      const [liftA, liftB] = await Promise.all([alice.now(), bob.now()]);
      lab.uncap(a);
      const good = (s: { quality: string | null }) => s.quality === 'Good connection';
      const [backA, backB] = await Promise.all([alice.waitFor('Good again', good, 30_000), bob.waitFor('Good again', good, 30_000)]);
      const lifted = await measure(alice, 3000);
      report(t, 'lifted', {
        goodAgainAfterMs: { alice: Math.round(backA.now - liftA), bob: Math.round(backB.now - liftB) },
        alice: lifted,
      });
      for (const s of [await alice.state(), await bob.state()]) assert.equal(s.phase, 'in-call');
    });
  });
}

thinPipe(['chromium', 'chromium']);
thinPipe(['chromium', 'firefox']);
