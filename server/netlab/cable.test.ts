// A cable pulled mid-call, with real packets: two Chromiums in their own
// network namespaces call each other through the lab router; one side's
// interface goes down and comes back (see lab.ts). Nothing is forced — the
// tests watch what each person sees: the remote video's presented frames,
// the banners, the phase and the notice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, longestGap, report, sleep, startCall, useWorld, type LabEvent, type Person } from './people.js';

const unavailable = labUnavailable() ?? browsersUnavailable();
const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

/** What one person saw from `mark` (just before the pull) on, times relative to the mark and to the plug. */
async function seen(person: Person, mark: number, plugged: number) {
  const events = await person.events(mark);
  const frames = await person.frames(mark);
  const now = await person.now();
  const at = (e: LabEvent | undefined) => round(e && e.t - mark);
  const bannerShown = events.find((e) => e.kind === 'banner' && e.value !== null);
  const lastBanner = events.filter((e) => e.kind === 'banner').at(-1);
  const bannerCleared = bannerShown && lastBanner?.value === null ? lastBanner : undefined;
  return {
    events,
    banners: [...new Set(events.filter((e) => e.kind === 'banner' && e.value !== null).map((e) => e.value))],
    bannerShownAt: at(bannerShown),
    bannerClearedAt: at(bannerCleared),
    ufrags: events.filter((e) => e.kind === 'ufrag' && e.value).map((e) => e.value),
    iceStates: events.filter((e) => e.kind === 'ice').map((e) => `${e.value}@${at(e)}`),
    phases: events.filter((e) => e.kind === 'phase').map((e) => e.value),
    longestFreezeMs: round(longestGap(frames, mark, now)),
    /** From the cable coming back to the first new frame. */
    videoBackAfterMs: round(frames.find((f) => f > plugged)! - plugged),
  };
}

describe('cable pulled mid-call (real link down/up in a network namespace)', { skip: unavailable }, () => {
  const world = useWorld();

  /** Pulls `host`'s cable for `ms`, plugs it back (maybe with a new address), waits until both see moving video. */
  async function pull(who: 'a' | 'b', ms: number, address?: string) {
    const { lab, alice, bob } = world();
    const host = who === 'a' ? world().a : world().b;
    const [markA, markB] = await Promise.all([alice.now(), bob.now()]);
    const before = { a: (await alice.state()).ufrag, b: (await bob.state()).ufrag };
    lab.unplug(host);
    const pulledAt = Date.now();
    await sleep(ms);
    lab.plug(host, { address });
    const [plugA, plugB] = await Promise.all([alice.now(), bob.now()]);
    const recovered = (s: { phase: string | null; connection: string | null; recovering: boolean; banner: string | null }) =>
      s.phase === 'in-call' && s.connection === 'connected' && !s.recovering && s.banner === null;
    await Promise.all([alice.waitFor('recovery', recovered, 45_000), bob.waitFor('recovery', recovered, 45_000)]);
    await Promise.all([alice.waitForVideo('video after recovery', 20_000), bob.waitForVideo('video after recovery', 20_000)]);
    const sawA = await seen(alice, markA, plugA);
    const sawB = await seen(bob, markB, plugB);
    return { pulledFor: Date.now() - pulledAt, before, alice: sawA, bob: sawB };
  }

  const summary = (s: Awaited<ReturnType<typeof seen>>) => {
    const { events: _, ...rest } = s;
    return rest;
  };

  let firstPull: Awaited<ReturnType<typeof pull>> | undefined;

  it('a 5 s pull: the call stays up, video resumes on both sides, the pulled side shows a reconnecting banner that clears', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice1'), bob.open('bob1')]);
    await startCall(alice, bob);
    await sleep(1000);
    const result = await pull('b', 5000);
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
    const result = await pull('a', 5000, `198.18.${world().a.index}.${world().a.address.endsWith('.7') ? 8 : 7}`);
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
