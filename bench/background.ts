// Part: background effects (issue 25). For each camera size (1280×720 and
// 640×360), two calls in the same headless Chromium, one after the other:
// blur off, then blur on (the caller turns it on once the call is up). Over
// a window (60 s; 10 s with --quick; --background-seconds) it reads the
// caller's frames sent (outbound-rtp framesSent), the caller page's
// main-thread busy time (DevTools Performance.getMetrics TaskDuration: the
// model and the drawing run there) and the whole browser's CPU time (every
// process, SystemInfo.getProcessInfo: the encoders and decoders too).
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { withBrowser, withRoulettePair, withTimeout } from './browser-pages.js';
import { placeCall } from './call-setup.js';

export const BACKGROUND_SIZES = [
  [1280, 720],
  [640, 360],
] as const;

export interface BackgroundResult {
  width: number;
  height: number;
  blur: boolean;
  seconds: number;
  /** Caller's video frames sent per second. */
  sentFps?: number;
  /** Caller page's main thread busy, seconds per second. */
  mainThread?: number;
  /** Every browser process's CPU, seconds per second. */
  browserCpu?: number;
  /** What the caller sent and the callee received at the end of the window. */
  sentSize?: string;
  receivedHeight?: number;
  /** A notice the effect gave (reduced size, failed), and whether the camera was turned off. */
  notice?: string;
  cameraOff?: boolean;
  failures: string[];
}

interface Counts {
  framesSent: number;
  sentWidth: number;
  sentHeight: number;
  receivedHeight: number;
  notice?: string;
  cameraOff: boolean;
}

type BenchPage = {
  bench: {
    background(choice: string): Promise<{ cameraOff: boolean; notice?: string }>;
    cameraSize(width: number, height: number): void;
    videoCounts(): Promise<Counts>;
    hangUp(): Promise<void>;
  };
};

const bench = (page: Page) => ({
  counts: () => page.evaluate(() => (window as unknown as BenchPage).bench.videoCounts()),
});

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

async function browserCpuSeconds(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ cpuTime: number }> };
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

async function oneCall(browser: Browser, pagesUrl: string, width: number, height: number, blur: boolean, seconds: number): Promise<BackgroundResult> {
  const result: BackgroundResult = { width, height, blur, seconds, failures: [] };
  await withRoulettePair(browser, pagesUrl, result.failures, async (caller, callee) => {
    for (const page of [caller, callee]) await page.evaluate((w, h) => (window as unknown as BenchPage).bench.cameraSize(w, h), width, height);
    await placeCall(caller, callee, 'call', 60_000);
    if (blur) {
      const applied = await withTimeout(caller.evaluate(() => (window as unknown as BenchPage).bench.background('blur')), 60_000, 'blur on');
      if (applied.cameraOff) result.failures.push(`blur did not start: ${applied.notice}`);
    }
    // The components step up to full resolution after 1 s; the effect's first masks.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const page = await caller.createCDPSession();
    await page.send('Performance.enable');
    const whole = await browser.target().createCDPSession();
    const start = { at: performance.now(), task: await taskSeconds(page), cpu: await browserCpuSeconds(whole), counts: await bench(caller).counts() };
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const end = { at: performance.now(), task: await taskSeconds(page), cpu: await browserCpuSeconds(whole), counts: await bench(caller).counts() };
    const wall = (end.at - start.at) / 1000;
    const received = await bench(callee).counts();
    Object.assign(result, {
      sentFps: (end.counts.framesSent - start.counts.framesSent) / wall,
      mainThread: (end.task - start.task) / wall,
      browserCpu: (end.cpu - start.cpu) / wall,
      sentSize: `${end.counts.sentWidth}×${end.counts.sentHeight}`,
      receivedHeight: received.receivedHeight,
      notice: end.counts.notice,
      cameraOff: end.counts.cameraOff,
    });
    await caller.evaluate(() => (window as unknown as BenchPage).bench.hangUp());
  });
  return result;
}

export async function measureBackground(
  seconds: number,
  progress: (line: string) => void,
): Promise<{ results: BackgroundResult[]; browserVersion: string }> {
  return withBrowser(async (browser, url, browserVersion) => {
    const results: BackgroundResult[] = [];
    for (const [width, height] of BACKGROUND_SIZES) {
      for (const blur of [false, true]) {
        progress(`background: ${width}×${height}, blur ${blur ? 'on' : 'off'}: one call measured for ${seconds} s`);
        try {
          results.push(await oneCall(browser, url, width, height, blur, seconds));
        } catch (error) {
          results.push({ width, height, blur, seconds, failures: [String((error as Error).stack ?? error)] });
        }
      }
    }
    return { results, browserVersion };
  });
}
