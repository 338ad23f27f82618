// Screenshots of the media controls (issue 15): a screen share seen from both
// sides at 1280 px, and the call's controls at 360 px, in headless Chromium
// with fake cameras and a fake screen. Writes screenshots/media-*.png (or
// into SCREENSHOTS_DIR).
//
//   npm run build && node bench/screenshots-media.mjs
import { chromiumArgs } from '../web-test-runner.config.mjs';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const OUT = process.env.SCREENSHOTS_DIR
  ? pathToFileURL(`${process.env.SCREENSHOTS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../screenshots/', import.meta.url);

const { listen } = await tsImport('../server/http/listen.ts', import.meta.url);
const server = await listen({ port: 0, host: '127.0.0.1', ringTimeoutMs: 60_000 });
const browser = await puppeteer.launch({ executablePath: CHROME_PATH, headless: true, args: chromiumArgs });
await mkdir(OUT, { recursive: true });

const aria = (name, role) => `::-p-aria(${name}${role ? `[role="${role}"]` : ''})`;

async function open(width) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height: width < 600 ? 780 : 820 });
  await page.goto(server.url);
  return page;
}

async function shot(page, name) {
  await new Promise((r) => setTimeout(r, 1500)); // a few frames of the new picture
  const path = new URL(`media-${name}.png`, OUT).pathname;
  await page.screenshot({ path, fullPage: true });
  console.log(path);
}

async function login(page, name) {
  await page.locator(aria('Username', 'textbox')).fill(name);
  await page.locator(aria('Connect', 'button')).click();
  await page.locator(aria('Username to call', 'textbox')).wait();
}

async function remoteSize(page) {
  return page.evaluate(() => {
    const video = document.querySelector('roulette-call')?.shadowRoot?.querySelector('video[part="remote-video"]');
    return video ? `${video.videoWidth}x${video.videoHeight}` : '';
  });
}

try {
  for (const width of [1280, 360]) {
    const alice = await open(width);
    const bob = await open(width);
    const [a, b] = [`alice${width}`, `bob${width}`];
    await login(alice, a);
    await login(bob, b);
    await alice.locator(aria('Username to call', 'textbox')).fill(b);
    await alice.locator(aria('Call', 'button')).click();
    await bob.locator(aria('Accept', 'button')).click();
    await alice.locator(aria('Hang up', 'button')).wait();
    await alice.waitForFunction(() => document.querySelector('roulette-call')?.hasAttribute('receiving'), { timeout: 20_000 });
    await bob.waitForFunction(() => document.querySelector('roulette-call')?.hasAttribute('receiving'), { timeout: 20_000 });
    await shot(alice, `${width}-call`);
    const camera = await remoteSize(bob);
    await alice.locator(aria('Share screen', 'button')).click();
    await bob.locator(`::-p-text(${a} is sharing their screen)`).wait();
    await bob.waitForFunction((before) => {
      const video = document.querySelector('roulette-call').shadowRoot.querySelector('video[part="remote-video"]');
      return video.videoWidth === 1920 && `${video.videoWidth}x${video.videoHeight}` !== before;
    }, { timeout: 20_000 }, camera);
    console.log(`bob's remote video: ${camera} → ${await remoteSize(bob)}`);
    await shot(alice, `${width}-sharing-alice`);
    await shot(bob, `${width}-sharing-bob`);
    // Keyboard focus on a stage control (Tab from the one before, so it shows as keyboard focus).
    await alice.locator(aria('Stop sharing', 'button')).click();
    await alice.locator(aria('Share screen', 'button')).wait();
    await (await alice.locator(aria('Picture in picture', 'button')).waitHandle()).focus();
    await alice.keyboard.press('Tab');
    await shot(alice, `${width}-controls-focus`);
    await alice.browserContext().close();
    await bob.browserContext().close();
  }
} finally {
  await browser.close();
  await server.close();
}
