// Part 2: call setup in a real browser (headless Chromium, fake camera and
// microphone). From the callee's accept to the first decoded remote video
// frame on each side, for the one-page floor, PeerJS's client through its
// server, and our components through our server. The first call of each is
// a warm-up and not counted.
import type { Browser, Page } from 'puppeteer-core';
import { openPage, withBrowser, withRoulettePair, withTimeout, type RoulettePage } from './browser-pages.js';
import { startChild, stopChild } from './children.js';
import { ask } from './ipc.js';
import type { ServerReady } from './servers/harness.js';
import { sleep } from './time.js';

/** `floor-vga`: the floor with getUserMedia's default 640×480 instead of the components' 1280×720. */
export type Variant = 'floor' | 'floor-vga' | 'peerjs' | 'roulette';

export interface SetupSample {
  /** ms from accept to the first decoded remote frame at the caller / the callee. */
  caller: number;
  callee: number;
  /** The later of the two: the call is up on both sides. */
  both: number;
  /** Roulette only: until <roulette-call> shows frames (its `receiving` attribute), later side. */
  shown?: number;
}

export interface SetupResult {
  variant: Variant;
  samples: SetupSample[];
  failures: string[];
}

interface TwoPartyCall {
  start: number;
  frame: number;
  shown?: number;
}

/**
 * How long the callee lets a call ring before accepting: a person's reaction
 * time. Work an implementation does while ringing (camera, offer, ICE
 * gathering on the caller's side) is then not on the clock, as in real use.
 */
export const RING_MS = 1000;

/** One call, caller to callee, accepted after it has rung `RING_MS`; resolves when both sides decode remote frames. */
export async function placeCall(caller: Page, callee: Page, what: string, timeoutMs = 15_000 + RING_MS): Promise<SetupSample> {
  await callee.evaluate((ringMs) => {
    const w = window as unknown as { bench: { expectCall(ringMs: number): Promise<unknown> }; pending: Promise<unknown> };
    w.pending = w.bench.expectCall(ringMs);
  }, RING_MS);
  const [a, b] = await withTimeout(
    Promise.all([
      caller.evaluate(() => (window as unknown as { bench: { call(to: string): Promise<TwoPartyCall> } }).bench.call('callee')),
      callee.evaluate(() => (window as unknown as { pending: Promise<TwoPartyCall> }).pending),
    ]),
    timeoutMs,
    what,
  );
  const sample: SetupSample = { caller: a.frame - b.start, callee: b.frame - b.start, both: Math.max(a.frame, b.frame) - b.start };
  if (a.shown !== undefined && b.shown !== undefined) sample.shown = Math.max(a.shown, b.shown) - b.start;
  return sample;
}

/** Caller and callee on two pages (separate contexts): `calls` counted calls after a warm-up one. */
async function twoParty(caller: Page, callee: Page, calls: number, failures: string[], between: () => Promise<void>) {
  const samples: SetupSample[] = [];
  for (let i = 0; i <= calls; i++) {
    try {
      const sample = await placeCall(caller, callee, `call ${i}`);
      if (i > 0) samples.push(sample);
    } catch (error) {
      failures.push(String((error as Error).message ?? error));
    }
    await between();
  }
  return samples;
}

async function floor(browser: Browser, pagesUrl: string, calls: number, vga = false): Promise<SetupResult> {
  const failures: string[] = [];
  const page = await openPage(browser, `${pagesUrl}/floor.html${vga ? '?media=default' : ''}`, failures);
  const samples: SetupSample[] = [];
  for (let i = 0; i <= calls; i++) {
    try {
      const r = await withTimeout(
        page.evaluate(() =>
          (window as unknown as { bench: { once(): Promise<{ start: number; caller: number; callee: number }> } }).bench.once(),
        ),
        15_000,
        `floor call ${i}`,
      );
      if (i > 0) samples.push({ caller: r.caller - r.start, callee: r.callee - r.start, both: Math.max(r.caller, r.callee) - r.start });
    } catch (error) {
      failures.push(String((error as Error).message ?? error));
    }
    await sleep(100);
  }
  await page.browserContext().close();
  return { variant: vga ? 'floor-vga' : 'floor', samples, failures };
}

async function peerjs(browser: Browser, pagesUrl: string, calls: number): Promise<SetupResult> {
  const failures: string[] = [];
  const { child, ready } = await startChild<ServerReady>('bench/servers/peerjs.ts');
  try {
    const url = `${pagesUrl}/peerjs.html?port=${ready.port}`;
    const [caller, callee] = await Promise.all([openPage(browser, url, failures), openPage(browser, url, failures)]);
    await caller.evaluate(() => (window as unknown as { bench: { connect(n: string): Promise<void> } }).bench.connect('caller'));
    await callee.evaluate(() => (window as unknown as { bench: { connect(n: string): Promise<void> } }).bench.connect('callee'));
    const hangUp = (page: Page) => page.evaluate(() => (window as unknown as { bench: { hangUp(): void } }).bench.hangUp());
    const samples = await twoParty(caller, callee, calls, failures, async () => {
      await Promise.all([hangUp(caller), hangUp(callee)]);
      await sleep(200);
    });
    await caller.browserContext().close();
    await callee.browserContext().close();
    return { variant: 'peerjs', samples, failures };
  } finally {
    await ask(child, 'exit').catch(() => undefined);
    await stopChild(child);
  }
}

async function roulette(browser: Browser, pagesUrl: string, calls: number): Promise<SetupResult> {
  const failures: string[] = [];
  const samples = await withRoulettePair(browser, pagesUrl, failures, (caller, callee) =>
    twoParty(caller, callee, calls, failures, async () => {
      await caller.evaluate(() => (window as unknown as RoulettePage).bench.hangUp());
      await withTimeout(callee.evaluate(() => (window as unknown as RoulettePage).bench.idle()), 5000, 'callee back to idle');
      await sleep(200);
    }),
  );
  return { variant: 'roulette', samples, failures };
}

export async function measureCallSetup(
  variants: Variant[],
  calls: number,
  progress: (line: string) => void,
): Promise<{ results: SetupResult[]; browserVersion: string }> {
  return withBrowser(async (browser, url, browserVersion) => {
    const results: SetupResult[] = [];
    const run: Record<Variant, typeof floor> = {
      floor,
      'floor-vga': (b, u, n) => floor(b, u, n, true),
      peerjs,
      roulette,
    };
    for (const variant of variants) {
      progress(`browser: ${variant}: ${calls} calls (+1 warm-up)`);
      try {
        results.push(await run[variant](browser, url, calls));
      } catch (error) {
        results.push({ variant, samples: [], failures: [String((error as Error).stack ?? error)] });
      }
    }
    return { results, browserVersion };
  });
}
