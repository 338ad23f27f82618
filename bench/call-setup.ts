// Part 2: call setup in a real browser (headless Chromium, fake camera and
// microphone). From the callee's accept to the first decoded remote video
// frame on each side, for the one-page floor, PeerJS's client through its
// server, and our components through our server. The first call of each is
// a warm-up and not counted.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, startChild, stopChild } from './children.js';
import { ask } from './ipc.js';
import type { ServerReady } from './servers/harness.js';
import { sleep } from './time.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // Pages in other contexts must not be throttled as background tabs.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // Calls are started from script, not a click: let the remote <video> play.
  '--autoplay-policy=no-user-gesture-required',
];

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

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** Serves bench/browser/ and PeerJS's browser bundle, on 127.0.0.1. */
async function pageServer(): Promise<{ server: Server; url: string }> {
  const pages = join(ROOT, 'bench/browser');
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://pages').pathname;
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const file =
      path === '/peerjs.min.js' ? join(ROOT, 'node_modules/peerjs/dist/peerjs.min.js') : join(pages, normalize(path));
    if (!file.startsWith(pages) && !file.endsWith('peerjs.min.js')) return res.writeHead(403).end();
    try {
      await stat(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no frames after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`page error: ${(error as Error).message ?? error}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window, { timeout: 15_000 });
  return page;
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

/** Caller and callee on two pages (separate contexts): the callee accepts after the call has rung `RING_MS`. */
async function twoParty(caller: Page, callee: Page, calls: number, failures: string[], between: () => Promise<void>) {
  const samples: SetupSample[] = [];
  for (let i = 0; i <= calls; i++) {
    try {
      await callee.evaluate((ringMs) => {
        const w = window as unknown as { bench: { expectCall(ringMs: number): Promise<unknown> }; pending: Promise<unknown> };
        w.pending = w.bench.expectCall(ringMs);
      }, RING_MS);
      const [a, b] = await withTimeout(
        Promise.all([
          caller.evaluate(() => (window as unknown as { bench: { call(to: string): Promise<TwoPartyCall> } }).bench.call('callee')),
          callee.evaluate(() => (window as unknown as { pending: Promise<TwoPartyCall> }).pending),
        ]),
        15_000 + RING_MS,
        `call ${i}`,
      );
      const sample: SetupSample = { caller: a.frame - b.start, callee: b.frame - b.start, both: Math.max(a.frame, b.frame) - b.start };
      if (a.shown !== undefined && b.shown !== undefined) sample.shown = Math.max(a.shown, b.shown) - b.start;
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
  const { child, ready } = await startChild<ServerReady>('bench/servers/roulette.ts');
  try {
    const url = `${pagesUrl}/roulette.html?server=${encodeURIComponent(`http://127.0.0.1:${ready.port}`)}`;
    const [caller, callee] = await Promise.all([openPage(browser, url, failures), openPage(browser, url, failures)]);
    type Bench = { bench: { connect(n: string): Promise<void>; hangUp(): Promise<void>; idle(): Promise<void> } };
    await caller.evaluate(() => (window as unknown as Bench).bench.connect('caller'));
    await callee.evaluate(() => (window as unknown as Bench).bench.connect('callee'));
    const samples = await twoParty(caller, callee, calls, failures, async () => {
      await caller.evaluate(() => (window as unknown as Bench).bench.hangUp());
      await withTimeout(callee.evaluate(() => (window as unknown as Bench).bench.idle()), 5000, 'callee back to idle');
      await sleep(200);
    });
    await caller.browserContext().close();
    await callee.browserContext().close();
    return { variant: 'roulette', samples, failures };
  } finally {
    await ask(child, 'exit').catch(() => undefined);
    await stopChild(child);
  }
}

export async function measureCallSetup(
  variants: Variant[],
  calls: number,
  progress: (line: string) => void,
): Promise<{ results: SetupResult[]; browserVersion: string }> {
  const { server, url } = await pageServer();
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const browserVersion = await browser.version();
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
  } finally {
    await browser.close();
    server.close();
  }
}
