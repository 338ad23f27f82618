// Shared by the parts that run in a real browser (call setup, quality of
// experience): headless Chromium with the fake camera and microphone, a
// loopback server for the pages in bench/browser/, and the two-page
// Roulette call (our server in its own process, caller and callee in two
// browser contexts).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, startChild, stopChild } from './children.js';
import { ask } from './ipc.js';
import type { ServerReady } from './servers/harness.js';

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

/** Headless Chromium and the page server for as long as `use` runs. */
export async function withBrowser<T>(use: (browser: Browser, pagesUrl: string, browserVersion: string) => Promise<T>): Promise<T> {
  const { server, url } = await pageServer();
  try {
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      return await use(browser, url, await browser.version());
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A page in a browser context of its own; its errors and console warnings go to `errors`. */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
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

/** What bench/browser/roulette.html offers on `window.bench`. */
export interface RoulettePage {
  bench: {
    connect(name: string): Promise<void>;
    hangUp(): Promise<void>;
    idle(): Promise<void>;
  };
}

/**
 * Our server in its own process and bench/browser/roulette.html in two
 * contexts, registered as "caller" and "callee", for as long as `use` runs.
 */
export async function withRoulettePair<T>(
  browser: Browser,
  pagesUrl: string,
  failures: string[],
  use: (caller: Page, callee: Page) => Promise<T>,
): Promise<T> {
  const { child, ready } = await startChild<ServerReady>('bench/servers/roulette.ts');
  try {
    const url = `${pagesUrl}/roulette.html?server=${encodeURIComponent(`http://127.0.0.1:${ready.port}`)}`;
    const [caller, callee] = await Promise.all([openPage(browser, url, failures), openPage(browser, url, failures)]);
    await caller.evaluate(() => (window as unknown as RoulettePage).bench.connect('caller'));
    await callee.evaluate(() => (window as unknown as RoulettePage).bench.connect('callee'));
    const result = await use(caller, callee);
    await caller.browserContext().close();
    await callee.browserContext().close();
    return result;
  } finally {
    await ask(child, 'exit').catch(() => undefined);
    await stopChild(child);
  }
}
