// Firefox ESR and Chromium in one call, with real packets (see lab.ts and
// firefox.ts). Firefox is alice, the caller — the side that makes the ICE
// restart offer: her cable is pulled mid-call; then, with no direct path
// between the two browsers, the call must find coturn by itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, report, sleep, startCall, useWorld, type Person } from './people.js';
import { pull, summary } from './pull.js';
import { callPaths, coturnMissing, type Path } from './relay.js';

const unavailable = labUnavailable() ?? browsersUnavailable(['firefox', 'chromium']);

describe('Firefox (caller) ↔ Chromium, Firefox\'s cable pulled', { skip: unavailable }, () => {
  const world = useWorld({ browsers: ['firefox', 'chromium'] });

  it('a 5 s pull: a real ICE restart (new ufrag on both sides), video resumes on both sides, the call never left in-call', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice1'), bob.open('bob1')]);
    await startCall(alice, bob);
    await sleep(1000);
    const result = await pull(world(), 'a', 5000);
    report(t, 'alice (Firefox, caller, cable pulled)', summary(result.alice));
    report(t, 'bob (Chromium, callee)', summary(result.bob));
    for (const [name, side, was] of [['alice', result.alice, result.before.a], ['bob', result.bob, result.before.b]] as const) {
      assert.deepEqual(side.phases, [], `${name}: the call never left in-call`);
      assert.ok(side.ufrags.length > 0 && side.ufrags.at(-1) !== was, `${name}: ICE restarted (ufrag ${was} → ${side.ufrags.join(', ')})`);
      assert.ok(side.videoBackAfterMs !== undefined && side.videoBackAfterMs < 15_000, `${name}: video back ${side.videoBackAfterMs} ms after the plug`);
    }
  });
});

describe('Firefox (caller) ↔ Chromium with no direct path, both reach coturn', { skip: unavailable ?? coturnMissing() }, () => {
  const world = useWorld({ reach: 'services', coturn: true, browsers: ['firefox', 'chromium'] });

  it('without any forced policy the call connects through TURN (relay pair) with the CONNECT ack credentials', async (t) => {
    const { alice, bob } = world();
    await Promise.all([alice.open('alice1'), bob.open('bob1')]);
    const paths = await callPaths(t, alice, bob);
    await throughCoturn(t, paths.alice, paths.bob, world().lab.services.address, alice);
    await Promise.all([alice.hangUp(), bob.waitFor('the end of the call', (s) => s.phase === 'idle')]);
  });

  it('Chromium\'s relay candidate trickled late: Firefox reaches it as a peer-reflexive candidate at coturn, and its indicator still says relayed', async (t) => {
    const { alice, bob, lab } = world();
    await Promise.all([alice.open('alice2'), bob.open('bob2')]);
    // Test-only shaping (page.html shapeIce), because the real case came only
    // on a busy machine: Firefox gets no TURN server, so its one way out is
    // its host address ↔ Chromium's relay; Chromium's relay candidate is
    // signalled 3 s late, so Firefox learns that end from Chromium's checks
    // first (peer-reflexive, at coturn's address) and nominates it as such.
    await alice.shapeIce({ noTurn: true });
    await bob.shapeIce({ delayRelayMs: 3000 });
    const paths = await callPaths(t, alice, bob);
    assert.equal(paths.alice.local, 'host', `Firefox's pair starts at its host address: ${JSON.stringify(paths.alice)}`);
    assert.equal(paths.alice.remoteAddress, lab.services.address, 'its other end is at coturn');
    assert.equal(paths.bob.local, 'relay', `Chromium's end is its relay: ${JSON.stringify(paths.bob)}`);
    assert.equal(paths.bob.indicator, true, 'Chromium\'s quality indicator says relayed (TURN)');
    // The case under test: Firefox's stats keep calling that end "prflx";
    // call-stats.ts matches it with the relay candidate trickled for the same
    // address and port.
    assert.equal(paths.alice.remote, 'prflx', 'Firefox saw Chromium\'s relay before its candidate (the case this test makes)');
    await alice.waitFor('Firefox\'s indicator to say relayed', (s) => s.stats?.relayed === true, 10_000);
    await Promise.all([alice.hangUp(), bob.waitFor('the end of the call', (s) => s.phase === 'idle')]);
  });
});

/**
 * Both sides use the same pair (by address), through coturn. Firefox, the
 * controlling side, nominates the first pair that works: its remote end may
 * be the peer-reflexive candidate its checks made before the trickled relay
 * candidate arrived — from coturn's address, the only way in here.
 */
async function throughCoturn(t: { diagnostic(message: string): void }, firefox: Path, chromium: Path, coturn: string, person: Person) {
  assert.equal(firefox.localAddress, chromium.remoteAddress, 'the two sides see the same pair');
  assert.equal(firefox.remoteAddress, chromium.localAddress, 'the two sides see the same pair');
  const prflxRelay = firefox.remote === 'prflx' && firefox.remoteAddress === coturn;
  assert.ok(firefox.local === 'relay' || firefox.remote === 'relay' || prflxRelay, `Firefox's pair: ${JSON.stringify(firefox)}`);
  assert.equal(chromium.indicator, true, 'Chromium\'s quality indicator says relayed (TURN)');
  if (!prflxRelay) return assert.equal(firefox.indicator, true, 'Firefox\'s quality indicator says relayed (TURN)');
  // Firefox's stats keep such a candidate "prflx"; the indicator matches it
  // with the relay candidate trickled for the same address and port
  // (call-stats.ts; the next test makes this case on purpose).
  t.diagnostic(`Firefox's remote end is peer-reflexive at coturn (${firefox.remoteAddress}); its indicator said relayed: ${firefox.indicator}`);
  await person.waitFor('Firefox\'s indicator to say relayed', (s) => s.stats?.relayed === true, 15_000);
}
