// People in the network lab: a headless Chromium (driven by puppeteer over a
// pipe) or Firefox ESR (over WebDriver BiDi, see firefox.ts) inside a host's
// namespace, on page.html from the signaling server's origin, using the
// components from the served bundle.
import { existsSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX, launchFirefox } from './firefox.js';
import { Lab, startCoturn, startSignaling, type Host, type LabCoturn, type LabSignaling } from './lab.js';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export type LabBrowser = 'chromium' | 'firefox';
const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

export interface LabEvent {
  t: number;
  kind: 'banner' | 'quality' | 'phase' | 'notice' | 'ice' | 'connection' | 'recovering' | 'reconnecting' | 'ufrag';
  value: string | boolean | null;
}

export interface LabState {
  now: number;
  phase: string | null;
  notice: string | null;
  banner: string | null;
  quality: string | null;
  /** The numbers under the quality indicator, as shown. */
  qualityDetails: string | null;
  recovering: boolean;
  connection: string | null;
  ice: string | null;
  ufrag: string | null;
  frames: number;
  lastFrame: number | null;
  stats: { quality: string; peer?: string; rtt?: number; loss: number; inbound: number; outbound: number; available?: number; relayed: boolean } | null;
}

export interface LabStats {
  t: number;
  pair: {
    local: string | null; localAddress: string | null; localProtocol: string | null; relayProtocol: string | null;
    remote: string | null; remoteAddress: string | null; rtt: number | null; localUfrag: string | null;
  } | null;
  outVideo: { bytesSent: number | null; framesSent: number | null; frameWidth: number; frameHeight: number; fps: number; limitation: string | null; targetBitrate: number | null } | null;
  outAudio: { bytesSent: number | null; packetsSent: number | null } | null;
  inVideo: { bytesReceived: number | null; framesDecoded: number | null; frameWidth: number; frameHeight: number; freezeCount: number; totalFreezesDuration: number } | null;
  inAudio: { packetsReceived: number | null; packetsLost: number | null; bytesReceived: number | null; concealedSamples: number; totalSamplesReceived: number } | null;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Person {
  constructor(
    readonly name: string,
    readonly host: Host,
    readonly browser: Browser,
    readonly page: Page,
    readonly server: string,
    readonly kind: LabBrowser = 'chromium',
    readonly close: () => Promise<void> = () => browser.close(),
  ) {}

  /** A fresh page and session registered as `name` (recovery: the session's `recovery` option). */
  async open(name: string, recovery?: { restartAfterMs?: number; giveUpMs?: number }): Promise<void> {
    (this as { name: string }).name = name;
    await this.page.goto(`${this.server}/netlab.html`);
    await this.page.waitForFunction('window.labReady === true', { timeout: 20_000 });
    await this.page.evaluate((n, r) => (window as any).lab.connect(n, r), name, recovery ?? null);
  }

  now(): Promise<number> {
    return this.page.evaluate(() => (window as any).lab.now());
  }
  state(): Promise<LabState> {
    return this.page.evaluate(() => (window as any).lab.state());
  }
  stats(): Promise<LabStats> {
    return this.page.evaluate(() => (window as any).lab.stats());
  }
  events(since = 0): Promise<LabEvent[]> {
    return this.page.evaluate((s) => (window as any).lab.events(s), since);
  }
  frames(since = 0): Promise<number[]> {
    return this.page.evaluate((s) => (window as any).lab.frames(s), since);
  }
  /** Test-only ICE shaping for this page's next calls (page.html `shapeIce`). */
  shapeIce(options: { noTurn?: boolean; delayRelayMs?: number }): Promise<void> {
    return this.page.evaluate((o) => (window as any).lab.shapeIce(o), options);
  }
  answerNext(): Promise<void> {
    return this.page.evaluate(() => (window as any).lab.answerNext());
  }
  call(to: string): Promise<void> {
    return this.page.evaluate((n) => (window as any).lab.call(n), to);
  }
  hangUp(): Promise<void> {
    return this.page.evaluate(() => (window as any).lab.hangUp());
  }

  /** Polls `state()` every 200 ms until `ok` holds; throws with the last state after `timeoutMs`. */
  async waitFor(what: string, ok: (s: LabState) => boolean, timeoutMs = 30_000): Promise<LabState> {
    const deadline = Date.now() + timeoutMs;
    let last: LabState | undefined;
    while (Date.now() < deadline) {
      last = await this.state();
      if (ok(last)) return last;
      await sleep(200);
    }
    throw new Error(`${this.name}: ${what} did not happen within ${timeoutMs} ms; last state ${JSON.stringify(last)}`);
  }

  /**
   * Frames keep coming: at least `count` presented within the last
   * `windowMs` (modest: the machine may be busy with other tests).
   */
  async waitForVideo(what: string, timeoutMs = 30_000, count = 5, windowMs = 1500): Promise<LabState> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const now = await this.now();
      const recent = await this.frames(now - windowMs);
      if (recent.length >= count) return this.state();
      await sleep(200);
    }
    throw new Error(`${this.name}: ${what}: no moving video within ${timeoutMs} ms; last state ${JSON.stringify(await this.state())}`);
  }
}

/** Launches Chromium or Firefox inside `host`'s namespace and opens the lab page on `server`. */
export async function openBrowser(lab: Lab, host: Host, server: string, options: { browser?: LabBrowser } = {}): Promise<Person> {
  if (options.browser === 'firefox') {
    const firefox = await launchFirefox(lab, host, server);
    try {
      const page = (await firefox.browser.pages())[0] ?? (await firefox.browser.newPage());
      await servePage(host, page);
      return new Person(host.name, host, firefox.browser, page, server, 'firefox', firefox.close);
    } catch (error) {
      await firefox.close();
      throw error;
    }
  }
  const browser = await puppeteer.launch({
    executablePath: lab.wrapper(host, CHROMIUM),
    pipe: true,
    headless: true,
    // A fresh profile per launch (puppeteer makes a temporary --user-data-dir).
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required',
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
      `--unsafely-treat-insecure-origin-as-secure=${server}`,
    ],
    protocolTimeout: 60_000,
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await servePage(host, page);
    return new Person(host.name, host, browser, page, server);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The test answers the page's one request for /netlab.html with page.html; everything else goes to the server. */
async function servePage(host: Host, page: Page): Promise<void> {
  page.on('pageerror', (error) => console.error(`[${host.name}] page error: ${error.message}`));
  // The components' own warnings (an ICE candidate refused, …) say why a call misbehaves.
  page.on('console', (m) => m.text().startsWith('Roulette:') && console.error(`[${host.name}] ${m.text()}`));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/netlab.html') {
      void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE });
    } else void request.continue();
  });
}

/**
 * `caller` calls `callee`, who presses Accept; resolves once video moves on
 * both sides.
 */
export async function startCall(caller: Person, callee: Person, timeoutMs = 40_000): Promise<void> {
  await callee.answerNext();
  await caller.call(callee.name);
  await Promise.all([
    caller.waitFor('the call', (s) => s.phase === 'in-call' && s.connection === 'connected', timeoutMs),
    callee.waitFor('the call', (s) => s.phase === 'in-call' && s.connection === 'connected', timeoutMs),
  ]);
  await Promise.all([caller.waitForVideo('call start', timeoutMs), callee.waitForVideo('call start', timeoutMs)]);
}

/** The longest pause between presented frames in [from, to] (including the edges). */
export function longestGap(frames: number[], from: number, to: number): number {
  let previous = from;
  let longest = 0;
  for (const f of frames) {
    if (f < from || f > to) continue;
    longest = Math.max(longest, f - previous);
    previous = f;
  }
  return Math.max(longest, to - previous);
}

/** Why the lab browsers (by default Chromium only) cannot run here, or undefined. */
export function browsersUnavailable(browsers: LabBrowser[] = ['chromium']): string | undefined {
  if (browsers.includes('chromium') && !existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (browsers.includes('firefox') && !existsSync(FIREFOX)) return `Firefox ESR is not installed at ${FIREFOX} (Debian: apt-get install firefox-esr)`;
  return undefined;
}

/** A lab with two people in it, "a" (the caller) and "b", and the signaling server. */
export interface World {
  lab: Lab;
  a: Host;
  b: Host;
  alice: Person;
  bob: Person;
  signaling: LabSignaling;
  coturn?: LabCoturn;
  close(): Promise<void>;
}

/** `browsers`: alice's and bob's browsers (Chromium for both by default). */
export async function openWorld(
  options: { reach?: 'lab' | 'services'; coturn?: boolean; browsers?: [LabBrowser, LabBrowser] } = {},
): Promise<World> {
  if (!existsSync(new URL('../../../dist/roulette.js', import.meta.url))) {
    throw new Error('dist/roulette.js is missing: the lab pages load the served bundle (npm run build first).');
  }
  const lab = Lab.create();
  const people: Person[] = [];
  const close = async () => {
    await Promise.all(people.map((p) => p.close().catch(() => undefined)));
    await lab.close();
  };
  try {
    const a = lab.host('a', { reach: options.reach });
    const b = lab.host('b', { reach: options.reach });
    const coturn = options.coturn ? await startCoturn(lab) : undefined;
    const signaling = await startSignaling(lab, {
      ...(coturn ? { turn: { urls: coturn.urls, secret: coturn.secret, ttlSeconds: 600 } } : {}),
    });
    const browsers = options.browsers ?? ['chromium', 'chromium'];
    for (const [i, host] of [a, b].entries()) people.push(await openBrowser(lab, host, signaling.url, { browser: browsers[i] }));
    const [alice, bob] = people;
    return { lab, a, b, alice, bob, signaling, coturn, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Inside a `describe`: opens the world before its tests and closes it after
 * them (whatever they did); returns a getter for it.
 */
export function useWorld(options: Parameters<typeof openWorld>[0] = {}): () => World {
  let world: World | undefined;
  before(async () => {
    world = await openWorld(options);
  });
  after(async () => {
    await world?.close();
  });
  return () => world!;
}

/** Prints a line of measurements under the test's name (kept in the spec reporter's output). */
export function report(t: { diagnostic(message: string): void }, what: string, values: Record<string, unknown>): void {
  t.diagnostic(`${what}: ${JSON.stringify(values)}`);
}
