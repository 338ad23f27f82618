// The two pictures at the top of README: a call in progress on a phone
// (360×740) and on a desktop (1280×800), taken from a real run — the served
// app, two headless Chromium windows with fake cameras, a real call — so they
// show what the code does today. Writes docs/images/call-phone.png and
// docs/images/call-desktop.png, reduced to 256 colours (ImageMagick's
// `convert`) to keep each well under 150 KB.
//
//   npm run build && node scripts/readme-screenshots.mjs
import { chromiumArgs } from '../web-test-runner.config.mjs';
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const OUT = new URL('../docs/images/', import.meta.url);
const SHOTS = [
  { file: 'call-phone.png', width: 360, height: 740 },
  { file: 'call-desktop.png', width: 1280, height: 800 },
];

const aria = (name, role) => `::-p-aria(${name}[role="${role}"])`;

/** PNG bytes → a 256-colour PNG at `path` (the fake camera's picture survives it). */
function reduce(png, path) {
  return new Promise((resolve, reject) => {
    const child = execFile('convert', ['png:-', '-strip', '-colors', '256', `PNG8:${path}`], (error) =>
      error ? reject(error) : resolve(),
    );
    child.stdin.end(png);
  });
}

async function open(browser, url, { width, height }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(url);
  return page;
}

async function login(page, name) {
  await page.locator(aria('Username', 'textbox')).fill(name);
  await page.locator(aria('Connect', 'button')).click();
  await page.locator(aria('Username to call', 'textbox')).wait();
}

/** The other person's video is playing (frames decoded), not just the call view open. */
async function remoteFramesShown(page) {
  await page.waitForFunction(
    () => {
      const call = document.querySelector('roulette-call');
      const video = call?.shadowRoot?.querySelector('video[part="remote-video"]');
      return call?.hasAttribute('receiving') && video && video.videoWidth > 0;
    },
    { timeout: 20_000 },
  );
}

const { listen } = await tsImport('../server/http/listen.ts', import.meta.url);
const browser = await puppeteer.launch({ executablePath: CHROME_PATH, headless: true, args: chromiumArgs });
await mkdir(OUT, { recursive: true });

let server;
try {
  for (const size of SHOTS) {
    // A server per picture, so both show the names alice and bob.
    server = await listen({ port: 0, host: '127.0.0.1', logLevel: 'silent' });
    const alice = await open(browser, server.url, size);
    const bob = await open(browser, server.url, size);
    await login(alice, 'alice');
    await login(bob, 'bob');
    await alice.locator(aria('Username to call', 'textbox')).fill('bob');
    await alice.locator(aria('Call', 'button')).click();
    await bob.locator(aria('Accept', 'button')).click();
    await Promise.all([remoteFramesShown(alice), remoteFramesShown(bob)]);
    // The chat opens on demand; alice sees the line over her stage.
    await bob.locator(aria('Chat', 'button')).click();
    await bob.locator(aria('Message', 'textbox')).fill('Hi! I can see you fine.');
    await bob.locator(aria('Send', 'button')).click();
    await alice.locator('::-p-text(see you fine)').wait();
    // Past the switch to full resolution one second in, and a quality sample.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // On a phone the call's bar fades after a few seconds without input: a touch of the mouse brings it back.
    await alice.mouse.move(size.width / 2, size.height / 2);
    await alice.mouse.move(size.width / 2 + 5, size.height / 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const path = fileURLToPath(new URL(size.file, OUT));
    await reduce(await alice.screenshot({ type: 'png' }), path);
    console.log(`${path}: ${size.width}×${size.height}, ${((await stat(path)).size / 1024).toFixed(0)} KB`);
    await alice.browserContext().close();
    await bob.browserContext().close();
    await server.close();
    server = undefined;
  }
} finally {
  await browser.close();
  await server?.close().catch(() => undefined);
}
