// Firefox ESR in a lab host's namespace. Puppeteer drives Firefox over
// WebDriver BiDi on a TCP port, and a port inside a namespace cannot be
// reached from the test's (root) namespace. The file system is shared, so
// the port is bridged through a Unix socket in the lab's directory:
//
//   test ── 127.0.0.1:<ephemeral> ──(root ns)── <lab dir>/<host>-bidi.sock
//        ──(host ns: a small node forwarder)── 127.0.0.1:9222 ── Firefox
//
// Firefox and the forwarder are lab children (killed on close); the root-side
// listener is closed by the returned `close()`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { waitForOutput } from '../child-output.js';
import type { Host, Lab } from './lab.js';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const BIDI_PORT = 9222;

/** Prefs of a fresh profile: what a lab call needs, then quiet (no updates, telemetry, first-run pages). */
function prefs(server: string): Record<string, string | number | boolean> {
  return {
    // Fake camera and microphone, no permission prompt, video plays unmuted without a gesture.
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.autoplay.default': 0,
    // Host candidates carry the lab address, not an mDNS .local name.
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    // Without a camera permission Firefox gathers only the "default address"
    // (the one routing to 8.8.8.8): the lab has no default route, so none at
    // all. Allowed camera and microphone make it gather every interface.
    'permissions.default.camera': 1,
    'permissions.default.microphone': 1,
    // The lab origin is plain http: count it as a secure context (getUserMedia needs one).
    'dom.securecontext.allowlist': new URL(server).hostname,
    // A background tab's timers are not throttled (two people, one page each, all headless).
    'dom.min_background_timeout_value': 0,
    // Remote agent and a quiet, offline-friendly browser (the lab has no route out).
    'remote.enabled': true,
    'app.normandy.api_url': '',
    'app.update.disabledForTesting': true,
    'app.update.checkInstallTime': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'startup.homepage_welcome_url': 'about:blank',
    'browser.newtabpage.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.search.update': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'media.gmp-manager.updateEnabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.manage-offline-status': false,
    'network.http.speculative-parallel-limit': 0,
    'services.settings.server': 'http://dummy.test/',
    'dom.max_script_run_time': 0,
    'hangmonitor.timeout': 0,
    'toolkit.startup.max_resumed_crashes': -1,
  };
}

/** In the host's namespace: accepts on a Unix socket and pipes each connection to 127.0.0.1:<port>. */
const FORWARDER = `
const net = require('node:net');
const [path, port] = process.argv.slice(1);
net.createServer((c) => {
  const t = net.connect(Number(port), '127.0.0.1');
  c.pipe(t).pipe(c);
  c.on('error', () => t.destroy());
  t.on('error', () => c.destroy());
}).listen(path, () => console.log('FORWARDING'));
`;

export interface LabFirefox {
  browser: Browser;
  /** Closes the browser (if still connected) and the root-side listener. */
  close(): Promise<void>;
}

/** Launches Firefox ESR inside `host`'s namespace and connects puppeteer to it over WebDriver BiDi. */
export async function launchFirefox(lab: Lab, host: Host, server: string): Promise<LabFirefox> {
  const profile = join(lab.dir, `${host.name}-firefox`);
  mkdirSync(profile, { recursive: true });
  writeFileSync(join(profile, 'user.js'), Object.entries(prefs(server)).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const firefox = lab.spawn(host, FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', String(BIDI_PORT)], {
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', ...(process.env.LAB_FIREFOX_LOG ? { MOZ_LOG: process.env.LAB_FIREFOX_LOG } : {}) },
  });
  // LAB_FIREFOX_LOG=nicer:4 (a MOZ_LOG spec) shows why ICE gathers what it does.
  if (process.env.LAB_FIREFOX_LOG) firefox.stderr?.on('data', (d) => process.stderr.write(`[ff ${host.name}] ${d}`));
  const socketPath = join(lab.dir, `${host.name}-bidi.sock`);
  const forwarder = lab.spawn(host, process.execPath, ['-e', FORWARDER, socketPath, String(BIDI_PORT)]);
  await Promise.all([
    waitForOutput(firefox, /WebDriver BiDi listening on ws:\/\/\S+/, `Firefox in ${host.ns}`, 30_000),
    waitForOutput(forwarder, /FORWARDING/, `the BiDi forwarder in ${host.ns}`),
  ]);

  const sockets = new Set<Socket>();
  const bridge = createServer((client) => {
    const unix = connect(socketPath);
    for (const s of [client, unix]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    client.pipe(unix).pipe(client);
    client.on('error', () => unix.destroy());
    unix.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => bridge.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (bridge.address() as { port: number }).port;
  const closeBridge = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => bridge.close(() => resolve()));
  };

  let browser: Browser;
  try {
    browser = await puppeteer.connect({
      browserWSEndpoint: `ws://127.0.0.1:${port}/session`,
      // Firefox answers 400 to a Host header other than the one it listens on.
      headers: { Host: `127.0.0.1:${BIDI_PORT}` },
      protocol: 'webDriverBiDi',
      protocolTimeout: 60_000,
    });
  } catch (error) {
    await closeBridge();
    throw error;
  }
  return {
    browser,
    async close() {
      if (browser.connected) await browser.close().catch(() => undefined);
      await closeBridge();
    },
  };
}
