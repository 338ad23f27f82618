// Part of the bundle section: what a person's browser downloads from our
// server before each screen is usable, as it travels. Our server in its own
// process (compressing as it does for everyone: the build's .br/.gz), two
// pages of bench/browser/roulette.html in headless Chromium, every response
// from our server recorded through the DevTools protocol (bytes on the
// wire with headers, and decoded). Milestones, on the callee's page: the
// login is usable (its Connect button is there), the lobby shows after
// connecting, the first frame of the other side's video arrives in a call.
import type { Page } from 'puppeteer-core';
import { openPage, withBrowser, withTimeout, type RoulettePage } from './browser-pages.js';
import { startChild, stopChild } from './children.js';
import { ask } from './ipc.js';
import type { ServerReady } from './servers/harness.js';

export interface Milestone {
  label: string;
  /** Responses from our server finished by then. */
  requests: number;
  /** Their bytes on the wire (compressed body and headers). */
  wire: number;
  /** Their bodies decoded: what an uncompressing server would have sent. */
  decoded: number;
}

/** Records every finished response from `origin` on `page`. */
async function record(page: Page, origin: string) {
  const cdp = await page.createCDPSession();
  const urls = new Map<string, string>();
  const decoded = new Map<string, number>();
  const done: { wire: number; decoded: number }[] = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on('Network.loadingFinished', (e) => {
    if (urls.get(e.requestId)?.startsWith(origin)) done.push({ wire: e.encodedDataLength, decoded: decoded.get(e.requestId) ?? 0 });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return (label: string): Milestone => ({
    label,
    requests: done.length,
    wire: done.reduce((n, r) => n + r.wire, 0),
    decoded: done.reduce((n, r) => n + r.decoded, 0),
  });
}

type Bench = RoulettePage['bench'] & {
  expectCall(ringMs: number): Promise<unknown>;
  call(to: string): Promise<unknown>;
};

export async function measureFirstScreen(): Promise<Milestone[]> {
  const { child, ready } = await startChild<ServerReady>('bench/servers/roulette.ts');
  const origin = `http://127.0.0.1:${ready.port}`;
  try {
    return await withBrowser(async (browser, pagesUrl) => {
      const url = `${pagesUrl}/roulette.html?server=${encodeURIComponent(origin)}`;
      const errors: string[] = [];
      // The callee's page is recorded from its first request on.
      const context = await browser.createBrowserContext();
      const callee = await context.newPage();
      const snapshot = await record(callee, origin);
      await callee.goto(url);
      await callee.waitForFunction(() => document.querySelector('roulette-login')?.shadowRoot?.querySelector('button'), { timeout: 15_000 });
      const milestones = [snapshot('login usable')];
      await callee.waitForFunction(() => 'bench' in window, { timeout: 15_000 });
      await callee.evaluate(() => (window as unknown as { bench: Bench }).bench.connect('callee'));
      await callee.waitForFunction(() => document.querySelector('roulette-lobby')?.shadowRoot?.childElementCount, { timeout: 15_000 });
      milestones.push(snapshot('lobby shown'));
      const caller = await openPage(browser, url, errors);
      await caller.evaluate(() => (window as unknown as { bench: Bench }).bench.connect('caller'));
      const answered = callee.evaluate(() => (window as unknown as { bench: Bench }).bench.expectCall(0));
      await withTimeout(
        Promise.all([answered, caller.evaluate(() => (window as unknown as { bench: Bench }).bench.call('callee'))]),
        30_000,
        'first-screen call',
      );
      milestones.push(snapshot('first call frame'));
      await context.close();
      await caller.browserContext().close();
      if (errors.length) throw new Error(errors.join('\n'));
      return milestones;
    });
  } finally {
    await ask(child, 'exit').catch(() => undefined);
    await stopChild(child);
  }
}
