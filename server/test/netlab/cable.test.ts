// A cable pulled mid-call, with real packets: two Chromiums in their own
// network namespaces call each other through the lab router; one side's
// interface goes down and comes back (see lab.ts). Nothing is forced — the
// tests watch what each person sees: the remote video's presented frames,
// the banners, the phase and the notice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, report, sleep, startCall, useWorld } from './people.js';
import { pull, summary } from './pull.js';

const unavailable = labUnavailable() ?? browsersUnavailable();
const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

describe('cable pulled mid-call (real link down/up in a network namespace)', { skip: unavailable }, () => {
  const world = useWorld();

  let firstPull: Awaited<ReturnType<typeof pull>> | undefined;

  it('a 5 s pull: the call stays up, video resumes on both sides, the pulled side shows a reconnecting banner that clears', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice1'), bob.open('bob1')]);
    await startCall(alice, bob);
    await sleep(1000);
    const result = await pull(world(), 'b', 5000);
    firstPull = result;
    report(t, 'alice (caller, cable in)', summary(result.alice));
    report(t, 'bob (callee, cable pulled)', summary(result.bob));
    for (const side of [result.alice, result.bob]) {
      assert.deepEqual(side.phases, [], 'the call never left in-call');
      assert.ok(side.videoBackAfterMs !== undefined && side.videoBackAfterMs < 8000, `video back ${side.videoBackAfterMs} ms after the plug`);
    }
    // Bob's browser notices the interface go (the signaling socket closes at once).
    assert.ok(result.bob.bannerShownAt !== undefined && result.bob.bannerShownAt < 3000, JSON.stringify(result.bob.banners));
    assert.ok(result.bob.bannerClearedAt !== undefined, 'the banner cleared');
  });

  it(
    'during that pull, the side whose cable stayed in is told nothing is arriving',
    () => {
      assert.ok(firstPull, 'the 5 s pull ran');
      const { bannerShownAt, longestFreezeMs } = firstPull.alice;
      // ICE stays "connected" for ~6 s after the other side drops; the call
      // stats (sampled every 2 s) see that nothing arrives. Told while the
      // cable is still out, not only once it is back.
      assert.ok(
        bannerShownAt !== undefined && bannerShownAt < 5000,
        `alice watched ${longestFreezeMs} ms of frozen video; a banner came ${bannerShownAt ?? 'never'} ms after the pull`,
      );
    },
  );

  it('a 5 s pull, back with another address: a real ICE restart (new ufrag on both sides), "Reconnecting…" shown then cleared, video on both sides', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice2'), bob.open('bob2')]);
    await startCall(alice, bob);
    await sleep(1000);
    const result = await pull(world(), 'a', 5000, `198.18.${world().a.index}.${world().a.address.endsWith('.7') ? 8 : 7}`);
    report(t, 'alice (caller, moved to a new address)', summary(result.alice));
    report(t, 'bob (callee)', summary(result.bob));
    for (const [name, side, was] of [['alice', result.alice, result.before.a], ['bob', result.bob, result.before.b]] as const) {
      assert.deepEqual(side.phases, [], `${name}: the call never left in-call`);
      assert.ok(side.ufrags.length > 0 && side.ufrags.at(-1) !== was, `${name}: ICE restarted (ufrag ${was} → ${side.ufrags.join(', ')})`);
      assert.ok(side.banners.includes('Reconnecting…'), `${name} saw "Reconnecting…": ${JSON.stringify(side.banners)}`);
      assert.ok(side.bannerClearedAt !== undefined, `${name}: the banner cleared`);
      assert.ok(side.videoBackAfterMs !== undefined && side.videoBackAfterMs < 15_000, `${name}: video back ${side.videoBackAfterMs} ms after the plug`);
    }
    const pair = (await alice.stats()).pair;
    assert.equal(pair?.localAddress, world().a.address, 'the new path uses the new address');
  });

  it('a pull longer than the give-up time: both sides end the call with a message', async (t) => {
    const { alice, bob, lab, b } = world();
    // The session's `recovery` option: give up 5 s after ICE leaves `connected` (default 20 s).
    const recovery = { restartAfterMs: 2000, giveUpMs: 5000 };
    await Promise.all([alice.open('alice3', recovery), bob.open('bob3', recovery)]);
    await startCall(alice, bob);
    await sleep(1000);
    const [markA, markB] = await Promise.all([alice.now(), bob.now()]);
    lab.unplug(b);
    try {
      const ended = (s: { phase: string | null; notice: string | null }) => s.phase !== 'in-call' && s.notice !== null;
      const [endA, endB] = await Promise.all([alice.waitFor('the end of the call', ended, 30_000), bob.waitFor('the end of the call', ended, 30_000)]);
      report(t, 'ended', {
        alice: { afterMs: round(endA.now - markA), notice: endA.notice, phase: endA.phase },
        bob: { afterMs: round(endB.now - markB), notice: endB.notice, phase: endB.phase },
      });
      for (const end of [endA, endB]) {
        assert.match(end.notice!, /^(connection-failed: The connection was lost and could not be restored\.|peer-disconnected: .*connection dropped, so the call ended\.)$/);
      }
    } finally {
      lab.plug(b);
    }
  });
});
