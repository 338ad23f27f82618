// Part of the quality-of-experience section: what the page itself costs
// during a call (a phone's battery). The floor is floor.html's one-page call
// (two RTCPeerConnections, each side's remote video and muted preview shown,
// nothing else); ours is the same call between our components on two pages
// through our server. Over the same window, each variant alone in the
// browser: the CPU time of every renderer process (all its threads: media
// encoding and decoding, and the page's own work — DevTools protocol
// SystemInfo.getProcessInfo) and the main threads' busy time (Performance
// metrics TaskDuration: where a UI's timers, re-renders and animations show).
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { openPage, withRoulettePair, withTimeout } from './browser-pages.js';
import { placeCall } from './call-setup.js';

export interface PageCpu {
  /** floor: one page, both peer connections; floor-2: two pages, one each (relayed by the bench); roulette: our components. */
  variant: 'floor' | 'floor-2' | 'roulette';
  seconds: number;
  /** Renderer processes' CPU seconds per second of call, summed. */
  rendererCpu: number;
  /** Main threads' busy seconds per second of call, summed over the variant's pages. */
  mainThread: number;
  /** Script run on the main threads, seconds per second. */
  script: number;
  /** Style recalculation and layout, seconds per second. */
  styleLayout: number;
}

async function rendererCpuSeconds(browser: Browser): Promise<number> {
  const cdp = await browser.target().createCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
    return processInfo.filter((p) => p.type === 'renderer').reduce((n, p) => n + p.cpuTime, 0);
  } finally {
    await cdp.detach();
  }
}

type Metrics = Record<'TaskDuration' | 'ScriptDuration' | 'RecalcStyleDuration' | 'LayoutDuration', number>;

/** The main threads' counters, summed over `pages` (Performance metrics count only while enabled: keep the sessions). */
async function mainThread(sessions: CDPSession[]): Promise<Metrics> {
  const total: Metrics = { TaskDuration: 0, ScriptDuration: 0, RecalcStyleDuration: 0, LayoutDuration: 0 };
  for (const cdp of sessions) {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    for (const m of metrics) if (m.name in total) total[m.name as keyof Metrics] += m.value;
  }
  return total;
}

/** CPU over `seconds` of the call the pages hold. */
async function windowOf(browser: Browser, pages: Page[], variant: PageCpu['variant'], seconds: number): Promise<PageCpu> {
  const sessions = await Promise.all(pages.map((page) => page.createCDPSession()));
  await Promise.all(sessions.map((cdp) => cdp.send('Performance.enable')));
  const [cpu0, main0] = [await rendererCpuSeconds(browser), await mainThread(sessions)];
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const [cpu1, main1] = [await rendererCpuSeconds(browser), await mainThread(sessions)];
  await Promise.all(sessions.map((cdp) => cdp.detach()));
  const per = (a: number, b: number) => (b - a) / seconds;
  return {
    variant,
    seconds,
    rendererCpu: per(cpu0, cpu1),
    mainThread: per(main0.TaskDuration, main1.TaskDuration),
    script: per(main0.ScriptDuration, main1.ScriptDuration),
    styleLayout: per(main0.RecalcStyleDuration + main0.LayoutDuration, main1.RecalcStyleDuration + main1.LayoutDuration),
  };
}

/** Settle after the first frames (our components step up to full resolution after 1 s). */
const SETTLE_MS = 3000;

export async function measurePageCpu(browser: Browser, pagesUrl: string, seconds: number): Promise<PageCpu[]> {
  const failures: string[] = [];
  const floorPage = await openPage(browser, `${pagesUrl}/floor.html`, failures);
  await withTimeout(floorPage.evaluate(() => (window as unknown as { bench: { hold(): Promise<void> } }).bench.hold()), 60_000, 'floor call');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const floor = await windowOf(browser, [floorPage], 'floor', seconds);
  await floorPage.evaluate(() => (window as unknown as { bench: { end(): void } }).bench.end());
  await floorPage.browserContext().close();
  // The two-page floor: as many renderer processes as our call has.
  type Side = { bench: { open(): Promise<void>; offer(): Promise<object>; take(m: object): Promise<object | undefined>; drain(): object[]; shown(): Promise<void>; end(): void } };
  const [a, b] = [await openPage(browser, `${pagesUrl}/floor.html`, failures), await openPage(browser, `${pagesUrl}/floor.html`, failures)];
  await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as Side).bench.open())));
  const offer = await a.evaluate(() => (window as unknown as Side).bench.offer());
  const answer = await b.evaluate((o) => (window as unknown as Side).bench.take(o), offer);
  await a.evaluate((m) => (window as unknown as Side).bench.take(m!), answer);
  const relay = async (from: Page, to: Page) => {
    for (const m of await from.evaluate(() => (window as unknown as Side).bench.drain())) await to.evaluate((x) => (window as unknown as Side).bench.take(x), m);
  };
  const both = Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as Side).bench.shown())));
  let up = false;
  void both.then(() => (up = true));
  for (let i = 0; i < 300 && !up; i++) {
    await relay(a, b);
    await relay(b, a);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await withTimeout(both, 30_000, 'two-page floor call');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const floor2 = await windowOf(browser, [a, b], 'floor-2', seconds);
  await a.browserContext().close();
  await b.browserContext().close();
  const ours = await withRoulettePair(browser, pagesUrl, failures, async (caller, callee) => {
    await placeCall(caller, callee, 'page-cpu call', 30_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const result = await windowOf(browser, [caller, callee], 'roulette', seconds);
    await caller.evaluate(() => (window as unknown as { bench: { hangUp(): Promise<void> } }).bench.hangUp());
    return result;
  });
  return [floor, floor2, ours];
}
