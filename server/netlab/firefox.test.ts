// Firefox ESR and Chromium in one call, with real packets (see lab.ts and
// firefox.ts): Firefox is alice, the caller — the side that makes the ICE
// restart offer — and her cable is pulled mid-call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUnavailable } from './lab.js';
import { browsersUnavailable, report, sleep, startCall, useWorld } from './people.js';
import { pull, summary } from './pull.js';

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
