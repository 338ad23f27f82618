// Pulling a host's cable mid-call and reading back what each person saw:
// shared by the Chromium cable tests and the cross-browser ones.
import { longestGap, sleep, type LabEvent, type Person, type World } from './people.js';

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

/** What one person saw from `mark` (just before the pull) on, times relative to the mark and to the plug. */
export async function seen(person: Person, mark: number, plugged: number) {
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

export type Seen = Awaited<ReturnType<typeof seen>>;

/** Without the raw events, for the report line. */
export function summary(s: Seen): Omit<Seen, 'events'> {
  const { events: _, ...rest } = s;
  return rest;
}

/** Pulls `who`'s cable for `ms`, plugs it back (maybe with a new address), waits until both see moving video. */
export async function pull(world: World, who: 'a' | 'b', ms: number, address?: string) {
  const { lab, alice, bob } = world;
  const host = who === 'a' ? world.a : world.b;
  const [markA, markB] = await Promise.all([alice.now(), bob.now()]);
  const before = { a: (await alice.state()).ufrag, b: (await bob.state()).ufrag };
  lab.unplug(host);
  const pulledAt = Date.now();
  await sleep(ms);
  lab.plug(host, { address });
  const [plugA, plugB] = await Promise.all([alice.now(), bob.now()]);
  const recovered = (s: { phase: string | null; connection: string | null; recovering: boolean; banner: string | null }) =>
    s.phase === 'in-call' && s.connection === 'connected' && !s.recovering && s.banner === null;
  try {
    await Promise.all([alice.waitFor('recovery', recovered, 45_000), bob.waitFor('recovery', recovered, 45_000)]);
    await Promise.all([alice.waitForVideo('video after recovery', 20_000), bob.waitForVideo('video after recovery', 20_000)]);
  } catch (error) {
    // What both saw says which side stalled, and whether ICE restarted.
    const saw = { alice: summary(await seen(alice, markA, plugA)), bob: summary(await seen(bob, markB, plugB)) };
    throw new Error(`${(error as Error).message}\nseen: ${JSON.stringify(saw)}`);
  }
  const sawA = await seen(alice, markA, plugA);
  const sawB = await seen(bob, markB, plugB);
  return { pulledFor: Date.now() - pulledAt, before, alice: sawA, bob: sawB };
}
