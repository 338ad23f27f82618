// Part: quality of experience. One call held for a window of wall time
// (60 s; 10 s with --quick) in headless Chromium with the fake camera and
// microphone, watched on both sides as a person lives it: video element
// reloads, freezes, audio concealment, frames decoded per second against the
// camera's rate, and playback time against wall time (bench/browser/qoe.js).
// The floor is the one-page two-RTCPeerConnection call of floor.html, shown
// in its own <video> elements; then our components, caller and callee in
// two pages through our server. Same window, same browser, one after the
// other.
import type { Browser } from 'puppeteer-core';
import { openPage, withBrowser, withRoulettePair, withTimeout, type RoulettePage } from './browser-pages.js';
import { placeCall } from './call-setup.js';
import { measurePageCpu, type PageCpu } from './page-cpu.js';

/** One side's window, as bench/browser/qoe.js reports it. */
export interface SideQoe {
  wall: number;
  reloads: { remote: number; local: number; replaced: number };
  freezes: number;
  freezeSeconds: number;
  pauses: number;
  concealedSamples: number;
  samplesReceived: number;
  concealmentEvents: number;
  /** Seconds of audio played out (inbound-rtp totalSamplesDuration). */
  audioSeconds: number;
  decodedFps: number;
  droppedFrames: number;
  /** Size of the frames received at the end of the window. */
  frameWidth: number;
  frameHeight: number;
  /** Frames the side's own camera delivered per second (media-source stats). */
  cameraFps: number;
  cameraSettingsFps?: number;
  sentFps: number;
  /** Remote `video.currentTime` advanced, seconds. */
  played: number;
  zeroWidthShare: number;
  pausedShare: number;
  pcChanged: boolean;
}

export type QoeVariant = 'floor' | 'roulette';

export interface QoeResult {
  variant: QoeVariant;
  /** Caller (or the floor's first peer connection), then callee. */
  sides: SideQoe[];
  failures: string[];
}

/** The summary numbers of one variant, over both sides. */
export interface QoeSummary {
  reloads: number;
  replaced: number;
  freezes: number;
  freezeSeconds: number;
  /** Concealed / received audio samples, both sides pooled. */
  concealment: number;
  concealmentEvents: number;
  /** Height of the received frames at the end, the lower side. */
  frameHeight: number;
  /** Mean over the two receivers. */
  decodedFps: number;
  cameraFps: number;
  sentFps: number;
  /** Each receiver's decoded rate over the far camera's rate, the lower side. */
  decodedOverCamera: number;
  /** Audio played out over wall time, the lower side. */
  audioOverWall: number;
  /** Remote playback advanced over wall time, the lower side. */
  playbackOverWall: number;
  droppedFrames: number;
  zeroWidthShare: number;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => sum(values) / values.length;

export function summarize(result: QoeResult): QoeSummary | undefined {
  const s = result.sides;
  if (s.length !== 2) return undefined;
  return {
    reloads: sum(s.map((side) => side.reloads.remote + side.reloads.local + side.reloads.replaced)),
    replaced: sum(s.map((side) => side.reloads.replaced)),
    freezes: sum(s.map((side) => side.freezes)),
    freezeSeconds: sum(s.map((side) => side.freezeSeconds)),
    concealment: sum(s.map((side) => side.concealedSamples)) / sum(s.map((side) => side.samplesReceived)),
    concealmentEvents: sum(s.map((side) => side.concealmentEvents)),
    frameHeight: Math.min(...s.map((side) => side.frameHeight)),
    decodedFps: mean(s.map((side) => side.decodedFps)),
    cameraFps: mean(s.map((side) => side.cameraFps)),
    sentFps: mean(s.map((side) => side.sentFps)),
    decodedOverCamera: Math.min(...s.map((side, i) => side.decodedFps / s[1 - i].cameraFps)),
    audioOverWall: Math.min(...s.map((side) => side.audioSeconds / side.wall)),
    playbackOverWall: Math.min(...s.map((side) => side.played / side.wall)),
    droppedFrames: sum(s.map((side) => side.droppedFrames)),
    zeroWidthShare: Math.max(...s.map((side) => side.zeroWidthShare)),
  };
}

/** After both sides decode their first frame, before the window opens (the components step up to full resolution after 1 s). */
export const SETTLE_MS = 2000;

// The window, plus getting media and the first frames up on a loaded machine.
const limit = (seconds: number) => seconds * 1000 + 60_000;

async function floor(browser: Browser, pagesUrl: string, seconds: number): Promise<QoeResult> {
  const failures: string[] = [];
  const page = await openPage(browser, `${pagesUrl}/floor.html`, failures);
  try {
    const sides = await withTimeout(
      page.evaluate(
        (s, settle) =>
          (window as unknown as { bench: { qoe(s: number, settle: number): Promise<SideQoe[]> } }).bench.qoe(s, settle),
        seconds,
        SETTLE_MS,
      ),
      limit(seconds),
      'floor call',
    );
    return { variant: 'floor', sides, failures };
  } finally {
    await page.browserContext().close();
  }
}

/** Tries to get the call up this many times (a loaded machine can miss the first), 30 s each. */
const CALL_ATTEMPTS = 3;

async function roulette(browser: Browser, pagesUrl: string, seconds: number): Promise<QoeResult> {
  const failures: string[] = [];
  type Watch = { bench: { watch(s: number): Promise<SideQoe> } } & RoulettePage;
  const sides = await withRoulettePair(browser, pagesUrl, failures, async (caller, callee) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await placeCall(caller, callee, `call attempt ${attempt}`, 30_000);
        break;
      } catch (error) {
        failures.push(String((error as Error).message ?? error));
        if (attempt === CALL_ATTEMPTS) throw error;
        await caller.evaluate(() => (window as unknown as Watch).bench.hangUp()).catch(() => undefined);
        await withTimeout(callee.evaluate(() => (window as unknown as Watch).bench.idle()), 10_000, 'callee back to idle');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const watched = await withTimeout(
      Promise.all([caller, callee].map((page) => page.evaluate((s) => (window as unknown as Watch).bench.watch(s), seconds))),
      limit(seconds),
      'watching the call',
    );
    await caller.evaluate(() => (window as unknown as Watch).bench.hangUp());
    return watched;
  });
  return { variant: 'roulette', sides, failures };
}

export async function measureQoe(
  seconds: number,
  progress: (line: string) => void,
): Promise<{ results: QoeResult[]; browserVersion: string; pageCpu?: PageCpu[]; pageCpuError?: string }> {
  return withBrowser(async (browser, url, browserVersion) => {
    const results: QoeResult[] = [];
    const run: Record<QoeVariant, typeof floor> = { floor, roulette };
    for (const variant of ['floor', 'roulette'] as const) {
      progress(`qoe: ${variant}: one call watched for ${seconds} s`);
      try {
        results.push(await run[variant](browser, url, seconds));
      } catch (error) {
        results.push({ variant, sides: [], failures: [String((error as Error).stack ?? error)] });
      }
    }
    progress(`qoe: page CPU, each variant alone, ${seconds} s`);
    try {
      return { results, browserVersion, pageCpu: await measurePageCpu(browser, url, seconds) };
    } catch (error) {
      return { results, browserVersion, pageCpuError: String((error as Error).message ?? error) };
    }
  });
}
