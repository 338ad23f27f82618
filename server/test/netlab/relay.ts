// The path a call took, read from both sides' stats: shared by the
// no-direct-path tests (Chromium) and the cross-browser ones.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { report, startCall, type Person } from './people.js';

/** Why coturn cannot run here, or undefined. */
export function coturnMissing(): string | undefined {
  try {
    execFileSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'coturn is not installed (Debian: apt-get install coturn)';
  }
}

/** The selected pair, and what the quality indicator says (its first sample comes 4 s into the call). */
export async function path(person: Person) {
  const state = await person.waitFor('a quality sample', (s) => s.stats !== null, 20_000);
  const stats = await person.stats();
  return { ...stats.pair, indicator: state.stats?.relayed, quality: state.quality };
}

export type Path = Awaited<ReturnType<typeof path>>;

/** Both sides use the same pair, through coturn, each relay end reached over one of `protocols`. */
export function relayed(alice: Path, bob: Path, ...protocols: Array<'udp' | 'tcp'>) {
  assert.ok(alice.local === 'relay' || alice.remote === 'relay', `alice's pair: ${JSON.stringify(alice)}`);
  assert.equal(alice.local, bob.remote, 'the two sides see the same pair');
  assert.equal(alice.remote, bob.local, 'the two sides see the same pair');
  for (const side of [alice, bob]) {
    if (side.local === 'relay') assert.ok(protocols.includes(side.relayProtocol as 'udp'), `to coturn over ${protocols.join(' or ')}: ${JSON.stringify(side)}`);
    assert.equal(side.indicator, true, 'the quality indicator says relayed (TURN)');
  }
}

/** alice calls bob (both opened); the selected pairs, reported under the test, once the indicators have a sample. */
export async function callPaths(t: { diagnostic(message: string): void }, alice: Person, bob: Person, timeoutMs?: number) {
  const started = Date.now();
  await startCall(alice, bob, timeoutMs);
  const paths = { alice: await path(alice), bob: await path(bob) };
  report(t, 'selected pairs', { ...paths, callUpMs: Date.now() - started });
  return paths;
}
