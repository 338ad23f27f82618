// Screenshots of every state of the served app at 360 px and 1280 px wide,
// in two headless Chromium windows with fake cameras, driven through the
// accessible names a person would use, light and dark. Writes
// screenshots/*.png (or into SCREENSHOTS_DIR).
//
//   npm run build && node bench/screenshots.mjs
//   SCREENSHOTS_DIR=/tmp/shots node bench/screenshots.mjs
import { chromiumArgs } from '../web-test-runner.config.mjs';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const OUT = process.env.SCREENSHOTS_DIR
  ? pathToFileURL(`${process.env.SCREENSHOTS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../screenshots/', import.meta.url);
// SCREENSHOT_WIDTHS=1280 SCREENSHOT_SCHEMES=dark for part of the set.
const WIDTHS = (process.env.SCREENSHOT_WIDTHS ?? '360,1280').split(',').map(Number);
const SCHEMES = (process.env.SCREENSHOT_SCHEMES ?? 'light,dark').split(',');
const pages = new Map();

const { listen } = await tsImport('../server/http/listen.ts', import.meta.url);
const server = await listen({ port: 0, host: '127.0.0.1', ringTimeoutMs: 60_000 });
const browser = await puppeteer.launch({
  executablePath: CHROME_PATH,
  headless: true,
  args: chromiumArgs,
});
await mkdir(OUT, { recursive: true });

const aria = (name, role) => `::-p-aria(${name}${role ? `[role="${role}"]` : ''})`;

async function open(width, scheme = 'light', path = '/') {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height: width < 600 ? 780 : 820 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(server.url + path);
  return page;
}

async function shot(page, name) {
  await new Promise((r) => setTimeout(r, 250)); // let animations settle a frame
  await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, fullPage: true });
  console.log(new URL(`${name}.png`, OUT).pathname);
}

async function login(page, name) {
  await page.locator(aria('Username', 'textbox')).fill(name);
  await page.locator(aria('Connect', 'button')).click();
  await page.locator(aria('Username to call', 'textbox')).wait();
}

async function waitForRemoteFrames(page) {
  await page.waitForFunction(
    () => {
      const call = document.querySelector('roulette-call');
      const video = call?.shadowRoot?.querySelector('video[part="remote-video"]');
      return call?.hasAttribute('receiving') && video && video.videoWidth > 0;
    },
    { timeout: 20_000 },
  );
}

/** Your own camera in the lobby (calling, looking for a stranger) shows frames. */
async function waitForPreview(page) {
  await page.waitForFunction(
    () => document.querySelector('roulette-lobby')?.shadowRoot?.querySelector('video[part="preview"]')?.videoWidth > 0,
    { timeout: 20_000 },
  );
}

try {
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      const tag = `${width}${scheme === 'dark' ? '-dark' : ''}`;
      const alice = await open(width, scheme);
      const bob = await open(width, scheme);
      const a = `alice${tag.replace('-', '')}`;
      const b = `bob${tag.replace('-', '')}`;

      await alice.locator(aria('Username', 'textbox')).wait();
      await shot(alice, `${tag}-01-login`);
      await login(alice, a);
      await shot(alice, `${tag}-02-lobby`);

      // Taken name.
      await bob.locator(aria('Username', 'textbox')).fill(a);
      await bob.locator(aria('Connect', 'button')).click();
      await bob.locator('::-p-text(That name is taken)').wait();
      await shot(bob, `${tag}-03-login-taken`);
      await login(bob, b);

      // Outgoing and incoming.
      await alice.locator(aria('Username to call', 'textbox')).fill(b);
      await alice.locator(aria('Call', 'button')).click();
      await alice.locator(aria('Cancel', 'button')).wait();
      await bob.locator(aria('Accept', 'button')).wait();
      await waitForPreview(alice);
      await shot(alice, `${tag}-04-outgoing`);
      await shot(bob, `${tag}-05-incoming`);

      // Call with frames both ways.
      await bob.locator(aria('Accept', 'button')).click();
      await alice.locator(aria('Hang up', 'button')).wait();
      await Promise.all([waitForRemoteFrames(alice), waitForRemoteFrames(bob)]);
      await shot(alice, `${tag}-06-call`);

      // In-call controls: Alice mutes and turns her camera off; Bob is told.
      await alice.locator(aria('Mute', 'button')).click();
      await alice.locator(aria('Camera', 'button')).click();
      await bob.locator(`::-p-text(${a} is muted)`).wait();
      await bob.locator(`::-p-text(${a}'s camera is off)`).wait();
      await shot(alice, `${tag}-06a-muted-camera-off`);
      await shot(bob, `${tag}-06b-peer-muted`);
      await alice.locator(aria('Mute', 'button')).click();
      await alice.locator(aria('Camera', 'button')).click();

      // Chat, with HTML shown as text; the quality details and the devices open.
      await alice.locator(aria('Message', 'textbox')).fill('Hi Bob! <b>this is not bold</b>');
      await alice.locator(aria('Send', 'button')).click();
      await bob.locator('::-p-text(not bold)').wait();
      await bob.locator(aria('Message', 'textbox')).fill('Hello Alice, I can see you fine.');
      await bob.locator(aria('Send', 'button')).click();
      await alice.locator('::-p-text(see you fine)').wait();
      // Enough lines that the log scrolls.
      await bob.evaluate(() => {
        const session = document.querySelector('roulette-session').session;
        for (let i = 1; i <= 12; i += 1) session.sendMessage(`Line ${i} of a long chat`);
      });
      await alice.locator('::-p-text(Line 12 of)').wait();
      await alice.waitForFunction(() => document.querySelector('roulette-call').shadowRoot.querySelector('[part="quality"]'));
      await alice.evaluate(() => {
        const call = document.querySelector('roulette-call').shadowRoot;
        call.querySelector('[part="quality"]').open = true;
        call.querySelector('roulette-devices').shadowRoot.querySelector('details').open = true;
      });
      await alice.waitForFunction(
        () => document.querySelector('roulette-call').shadowRoot.querySelector('roulette-devices').shadowRoot.querySelector('select'),
        { timeout: 10_000 },
      );
      await shot(alice, `${tag}-06c-chat-quality-devices`);

      // The peer-to-peer path breaks: "Reconnecting…" while ICE is restarted.
      for (const page of [alice, bob]) {
        await page.evaluate(() => {
          const pc = document.querySelector('roulette-session').session.peerConnection;
          Object.defineProperty(pc, 'iceConnectionState', { configurable: true, get: () => 'disconnected' });
          pc.dispatchEvent(new Event('iceconnectionstatechange'));
        });
      }
      await alice.locator('::-p-text(Reconnecting…)').wait();
      await shot(alice, `${tag}-06d-reconnecting`);
      for (const page of [alice, bob]) {
        await page.evaluate(() => {
          const pc = document.querySelector('roulette-session').session.peerConnection;
          delete pc.iceConnectionState;
          pc.dispatchEvent(new Event('iceconnectionstatechange'));
        });
      }
      await alice.waitForFunction(() => !document.querySelector('roulette-session').session.state.recovering);

      // Peer hangs up.
      await bob.locator(aria('Hang up', 'button')).click();
      await alice.locator('::-p-text(hung up)').wait();
      await shot(alice, `${tag}-07-peer-hung-up`);

      // Rejected.
      await alice.locator(aria('Username to call', 'textbox')).fill(b);
      await alice.locator(aria('Call', 'button')).click();
      await bob.locator(aria('Reject', 'button')).click();
      await alice.locator('::-p-text(declined your call)').wait();
      await shot(alice, `${tag}-08-rejected`);

      // Not found.
      await alice.locator(aria('Username to call', 'textbox')).fill('nobody-here');
      await alice.locator(aria('Call', 'button')).click();
      await alice.locator('::-p-text(is online)').wait();
      await shot(alice, `${tag}-09-not-found`);

      // Reconnecting banner: drop alice's transport.
      await alice.evaluate(() => {
        const session = document.querySelector('roulette-session').session;
        session.signaling.socket.io.engine.close();
      });
      await alice.locator('::-p-text(reconnecting)').wait();
      await shot(alice, `${tag}-10-reconnecting`);
      await alice.waitForFunction(() => !document.querySelector('roulette-session').session.state.reconnecting);

      // Guest name.
      const guest = await open(width, scheme);
      await guest.locator(aria('Connect', 'button')).click();
      await guest.locator('::-p-text(Share this name)').wait();
      await shot(guest, `${tag}-11-guest`);
      await guest.browserContext().close();

      // Roulette mode: looking for a stranger, a random match with Next, moved on.
      await alice.locator(aria('Talk to a stranger', 'button')).click();
      await alice.locator('::-p-text(Looking for a stranger)').wait();
      await waitForPreview(alice);
      await shot(alice, `${tag}-12-searching`);
      await bob.locator(aria('Talk to a stranger', 'button')).click();
      await bob.locator(aria('Next', 'button')).wait();
      await Promise.all([waitForRemoteFrames(alice), waitForRemoteFrames(bob)]);
      await shot(bob, `${tag}-13-stranger-call`);
      await bob.locator(aria('Next', 'button')).click();
      await alice.locator('::-p-text(The stranger moved on)').wait();
      await shot(alice, `${tag}-14-stranger-moved-on`);
      await bob.locator(aria('Cancel', 'button')).click();

      await alice.browserContext().close();
      await bob.browserContext().close();
    }
  }

  // Embedded in a shop page, in a call.
  for (const width of WIDTHS) {
    const alice = await open(width, 'light', '/embed.html');
    const bob = await open(width, 'light', '/embed.html');
    await alice.locator(aria('Username', 'textbox')).wait();
    await shot(alice, `${width}-20-embed-login`);
    await login(alice, `shopper${width}`);
    await login(bob, `baker${width}`);
    await alice.locator(aria('Username to call', 'textbox')).fill(`baker${width}`);
    await alice.locator(aria('Call', 'button')).click();
    await bob.locator(aria('Accept', 'button')).wait();
    await shot(bob, `${width}-21-embed-incoming`);
    await bob.locator(aria('Accept', 'button')).click();
    await Promise.all([waitForRemoteFrames(alice), waitForRemoteFrames(bob)]);
    await shot(alice, `${width}-22-embed-call`);
    await alice.browserContext().close();
    await bob.browserContext().close();
  }

  // Server closing: back to login with the reason.
  for (const width of WIDTHS) {
    const page = await open(width);
    await login(page, `closing${width}`);
    if (width === WIDTHS.at(-1)) {
      await server.close('The server is restarting for an update. Try again in a minute.');
      await page.locator('::-p-text(The server closed the connection)').wait();
      await shot(page, `${width}-30-server-closed`);
      for (const w of WIDTHS.slice(0, -1)) {
        await pages.get(w).locator("::-p-text(The server closed the connection)").wait();
        await shot(pages.get(w), `${w}-30-server-closed`);
      }
    } else {
      pages.set(width, page);
    }
  }
} finally {
  await browser.close();
  await server.close().catch(() => undefined);
}
