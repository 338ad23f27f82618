// TURN for real: coturn (Debian's `coturn`) on loopback with
// use-auth-secret, credentials from our CONNECT ack, and headless Chromium
// peers that may only use relayed candidates.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { COTURN_READY, coturnArgs } from './coturn.js';
import { waitForOutput } from './child-output.js';
import { freePort } from './redis.js';
import { after, before, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startServer, type TestServer } from './helpers.js';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';


let coturn: ChildProcess;
let turnPort: number;
let browser: Browser;
const servers: TestServer[] = [];

before(async () => {
  turnPort = await freePort();
  const relayBase = 50_000 + Math.floor(Math.random() * 10_000);
  coturn = spawn(
    'turnserver',
    coturnArgs({ ip: '127.0.0.1', port: turnPort, relayPorts: [relayBase, relayBase + 40], secret: 'right-secret', loopbackPeers: true }),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(coturn, COTURN_READY, 'coturn', 5000);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  coturn?.kill();
  await Promise.all(servers.map((s) => s.close()));
});

/** Credentials as a page gets them: from a CONNECT ack of a server configured with `secret`. */
async function iceServersFrom(secret: string, name: string) {
  const t = await startServer({ turn: { urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], secret, ttlSeconds: 600 } });
  servers.push(t);
  const client = await t.client();
  const ack = await client.send('CONNECT', { as: name });
  assert.equal(ack.ok, true);
  return ack.iceServers;
}

/** Two relay-only peer connections in one page: what path did they take? */
async function connectThroughRelay(iceServers: unknown) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (servers) => {
      const config: RTCConfiguration = { iceServers: servers as RTCIceServer[], iceTransportPolicy: 'relay' };
      const a = new RTCPeerConnection(config);
      const b = new RTCPeerConnection(config);
      const errors: number[] = [];
      a.onicecandidateerror = (e) => errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode);
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
      const channel = a.createDataChannel('probe');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      const opened = await new Promise<boolean>((resolve) => {
        channel.onopen = () => resolve(true);
        // Relay-only with every allocation refused: nothing left to try.
        a.onicegatheringstatechange = () => {
          if (a.iceGatheringState === 'complete' && errors.length > 0) resolve(false);
        };
        setTimeout(() => resolve(false), 8000);
      });
      const stats = await a.getStats();
      let localType: string | undefined;
      let remoteType: string | undefined;
      stats.forEach((report) => {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) return;
        const pair = stats.get(report.selectedCandidatePairId);
        localType = stats.get(pair.localCandidateId)?.candidateType;
        remoteType = stats.get(pair.remoteCandidateId)?.candidateType;
      });
      a.close();
      b.close();
      return { opened, localType, remoteType, errors };
    }, iceServers);
  } finally {
    await page.close();
  }
}

it('two relay-only peers connect through coturn with credentials from the CONNECT ack', async () => {
  const result = await connectThroughRelay(await iceServersFrom('right-secret', 'relay-user'));
  assert.equal(result.opened, true, JSON.stringify(result));
  assert.equal(result.localType, 'relay');
  assert.equal(result.remoteType, 'relay');
});

it('credentials signed with a wrong secret fail visibly: 401 from TURN, no connection', async () => {
  const result = await connectThroughRelay(await iceServersFrom('wrong-secret', 'bad-user'));
  assert.equal(result.opened, false);
  assert.ok(result.errors.includes(401), JSON.stringify(result));
});
