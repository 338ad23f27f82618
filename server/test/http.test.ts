// HTTP hardening as a browser and a hostile client see it: security headers
// on every response, a CSP the pages really satisfy (in Chromium), the
// bundle served to every site (CORS_ORIGINS refuses in the handshake, with a reason), and slow clients closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket as NetSocket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { io } from 'socket.io-client';
import { listen, type ListenOptions, type RunningServer } from '../http/listen.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];
const servers: RunningServer[] = [];

async function start(options: ListenOptions = {}): Promise<RunningServer> {
  const server = await listen({ port: 0, host: '127.0.0.1', ...options });
  servers.push(server);
  return server;
}

before(() => {
  // The pages need the bundle; `npm test` builds it only after the server suites.
  if (!existsSync(`${ROOT}dist/roulette.js`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
});
after(() => Promise.all(servers.map((s) => s.close())));

describe('security headers', () => {
  let server: RunningServer;
  before(async () => (server = await start()));

  for (const path of ['/', '/embed', '/roulette.js', '/healthz', '/no-such-page']) {
    it(`are on ${path}`, async () => {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      if (res.status === 404) {
        // Our own 404: the strictest policy, and still the configured frame-ancestors (v2.1).
        assert.equal(csp, "default-src 'none'; frame-ancestors 'self'");
      } else {
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /script-src 'self'(;|$| )/);
        assert.match(csp, /object-src 'none'/);
        assert.match(csp, /frame-ancestors 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      }
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.equal(res.headers.get('x-powered-by'), null);
    });
  }

  it('allow the pages\' inline styles by hash, and nothing else inline', async () => {
    const csp = (await fetch(server.url)).headers.get('content-security-policy') ?? '';
    const styleSrc = /style-src ([^;]+)/.exec(csp)![1].split(' ');
    assert.equal(styleSrc[0], "'self'");
    assert.ok(styleSrc.length >= 3, 'one hash per page style block');
    for (const source of styleSrc.slice(1)) assert.match(source, /^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  it('FRAME_ANCESTORS lets the named sites frame the pages', async () => {
    const framed = await start({ frameAncestors: ["'self'", 'https://shop.example'] });
    const res = await fetch(framed.url);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' https:\/\/shop\.example/);
    assert.equal(res.headers.get('x-frame-options'), null, 'X-Frame-Options cannot name another site');
    const none = await start({ frameAncestors: ["'none'"] });
    const refused = await fetch(none.url);
    assert.match(refused.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(refused.headers.get('x-frame-options'), 'DENY');
  });

  it('v2.1: error pages keep the configured frame-ancestors: a 404, a malformed request, socket.io\'s own refusals', async () => {
    const framed = await start({ frameAncestors: ['https://shop.example'], demoTokens: true, authSecret: 'x'.repeat(32) });
    const responses = [
      await fetch(`${framed.url}/no-such-page`),
      // Malformed JSON: the body parser's error reaches the error page.
      await fetch(`${framed.url}/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }),
      await fetch(`${framed.url}/socket.io/?EIO=4&transport=polling&sid=nobody`), // engine.io's own 400
      await fetch(`${framed.url}/socket.io/?EIO=4&transport=nonsense`),
    ];
    assert.deepEqual(responses.map((r) => r.status), [404, 400, 400, 400]);
    for (const res of responses) {
      assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors https://shop.example", res.url);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.equal(await responses[0].text(), 'Not found.');
    assert.equal(await responses[1].text(), 'Bad request.', 'no stack trace, no parser message');
    // What Node answers by itself, before any app sees the request: a line it
    // cannot parse, headers too large (a browser with oversized cookies).
    for (const [request, status] of [
      ['GET / HTTP/1.1\r\nHost: x\r\nNot a header line\r\n\r\n', '400 Bad Request'],
      [`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`, '431 Request Header Fields Too Large'],
    ]) {
      const answer = await rawAnswer(framed, request);
      assert.match(answer, new RegExp(`^HTTP/1.1 ${status}\r\n`));
      assert.match(answer, /\r\nContent-Security-Policy: default-src 'none'; frame-ancestors https:\/\/shop\.example\r\n/);
      assert.match(answer, /\r\nX-Content-Type-Options: nosniff\r\n/);
    }
    // A page still has its own policy.
    const page = await fetch(framed.url);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors https:\/\/shop\.example/);
  });
});

/** Everything the server writes back to `request` sent on a raw connection, until it closes. */
function rawAnswer(server: RunningServer, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
}

describe('/roulette.js across origins', () => {
  it('with CORS_ORIGINS a list: still served to every site (the handshake refuses, with a reason), so no Vary: Origin', async () => {
    const server = await start({ corsOrigins: ['https://shop.example'] });
    for (const origin of ['https://shop.example', 'https://elsewhere.example']) {
      const res = await fetch(`${server.url}/roulette.js`, { headers: { Origin: origin } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.doesNotMatch(res.headers.get('vary') ?? '', /origin/i);
    }
  });

  it('every lazy chunk of the bundle gets the same answer, whatever its name', async () => {
    const server = await start({ corsOrigins: ['https://shop.example'] });
    const chunks = readdirSync(`${ROOT}dist`).filter((file) => file.endsWith('.js') && file !== 'roulette.js');
    assert.ok(chunks.some((file) => file.includes('.styles-')), `a chunk with a dot in its name: ${chunks.join(', ')}`);
    for (const file of chunks) {
      const res = await fetch(`${server.url}/${file}`, { headers: { Origin: 'https://elsewhere.example' } });
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', file);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', file);
    }
  });

  it('with CORS_ORIGINS "*": the same answer for everyone, so no Vary: Origin', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/roulette.js`, { headers: { Origin: 'https://any.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.doesNotMatch(res.headers.get('vary') ?? '', /origin/i);
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let host: Server;
  before(async () => void (browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })));
  after(async () => {
    await browser?.close();
    host?.close();
  });

  /** Opens `url`; resolves with what the page reported about CSP and its elements. */
  async function visit(url: string) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.evaluateOnNewDocument(() => {
      (window as any).violations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(url, { waitUntil: 'load' });
    const state = await page
      .waitForFunction(() => customElements.get('roulette-session') && customElements.get('roulette-login'), { timeout: 5000 })
      .then(() => true, () => false);
    const seen = await page.evaluate(() => ({
      violations: (window as any).violations as string[],
      login: !!document.querySelector('roulette-login')?.shadowRoot?.childElementCount,
    }));
    await context.close();
    return { defined: state, errors, ...seen };
  }

  for (const path of ['/', '/embed']) {
    it(`${path} works under its CSP: no violation, the elements are defined and render`, async () => {
      const server = await start();
      const result = await visit(server.url.replace('localhost', '127.0.0.1') + path);
      assert.deepEqual(result.violations, []);
      assert.deepEqual(result.errors.filter((e) => /Content Security Policy|Refused to/i.test(e)), []);
      assert.equal(result.defined, true);
      assert.equal(result.login, true, '<roulette-login> rendered its shadow root');
    });
  }

  it('a site CORS_ORIGINS refuses loads the bundle and says it is not allowed (not "can\'t reach"); an allowed site connects', async () => {
    const page = (server: RunningServer) =>
      `<!doctype html><script type="module" src="${server.url.replace('localhost', '127.0.0.1')}/roulette.js"></script><roulette-session server="${server.url.replace('localhost', '127.0.0.1')}"><roulette-login></roulette-login></roulette-session>`;
    let current: RunningServer;
    host = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(page(current));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const pageOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;

    /** Opens the page, presses Connect; resolves with the login's alert, the state and the console errors. */
    async function connectFrom(server: RunningServer) {
      current = server;
      const context = await browser.createBrowserContext();
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await tab.goto(`${pageOrigin}/`, { waitUntil: 'load' });
      await tab.waitForFunction(() => customElements.get('roulette-login') && document.querySelector('roulette-login')?.shadowRoot?.querySelector('[part="connect-button"]'));
      const states: string[] = [];
      await tab.exposeFunction('reportState', (state: string) => states.push(state));
      await tab.evaluate(() => document.addEventListener('roulette-state-change', (e: any) => (window as any).reportState(e.detail.state)));
      await tab.evaluate(() => (document.querySelector('roulette-login')!.shadowRoot!.querySelector('[part="connect-button"]') as HTMLElement).click());
      await tab.waitForFunction(
        // The alert region is always there (empty until an error): wait for its words, or for the login to go.
        () => document.querySelector('roulette-login')?.shadowRoot?.querySelector('[part="error"]')?.textContent?.trim() || !document.querySelector('roulette-login')?.checkVisibility(),
        { timeout: 10_000 },
      );
      const alert = await tab.evaluate(() => document.querySelector('roulette-login')!.shadowRoot!.querySelector('[part="error"]')?.textContent?.trim() ?? '');
      await context.close();
      return { alert, errors, states };
    }

    const logged: string[] = [];
    const logger = { info: (event: string, fields?: object) => logged.push(JSON.stringify({ event, ...fields })), error() {} };
    const refusing = await start({ corsOrigins: ['https://shop.example'], logger });
    const refused = await connectFrom(refusing);
    assert.equal(refused.alert, "This site isn't allowed to use this call service.");
    assert.ok(
      refused.errors.some((e) => e.includes(pageOrigin) && e.includes('CORS_ORIGINS')),
      `the console names the origin and CORS_ORIGINS: ${refused.errors.join('\n')}`,
    );
    assert.deepEqual(refused.states, ['connecting', 'disconnected']);
    await connectFrom(refusing);
    assert.deepEqual(
      logged.filter((line) => line.includes('origin.refused')).map((line) => JSON.parse(line).origin),
      [pageOrigin],
      'logged once for two refusals within the minute',
    );

    const allowing = await start({ corsOrigins: [pageOrigin] });
    const allowed = await connectFrom(allowing);
    assert.equal(allowed.alert, '');
    assert.deepEqual(allowed.states, ['connecting', 'idle']);
  });
});

describe('slow clients', () => {
  /** A raw connection that sends `head` and then one more header line every 300 ms; resolves when the server closes it. */
  function trickle(server: RunningServer, head: string): { closed: Promise<number>; socket: NetSocket } {
    const started = Date.now();
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(head);
    let i = 0;
    const timer = setInterval(() => socket.write(`X-Slow-${i++}: ${'x'.repeat(8)}\r\n`), 300);
    const closed = new Promise<number>((resolve) =>
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      }),
    );
    return { closed, socket };
  }

  it('a connection that trickles its headers is closed after headersTimeout', async () => {
    const server = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const { closed } = trickle(server, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const ms = await closed;
    assert.ok(ms >= 900 && ms < 3500, `closed after ${ms} ms`);
  });

  it('a connection that trickles its body is closed after requestTimeout', async () => {
    const server = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    const started = Date.now();
    socket.write('POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n');
    const timer = setInterval(() => socket.write('x'), 300);
    const ms = await new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    clearInterval(timer);
    assert.ok(ms >= 1900 && ms < 4500, `closed after ${ms} ms`);
  });

  it('with the defaults, a slowloris connection is closed within about 10 s', async () => {
    const server = await start();
    const ms = await trickle(server, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n').closed;
    assert.ok(ms >= 9_500 && ms < 12_500, `closed after ${ms} ms`);
  });

  it('WebSocket and long-polling connections outlive both timeouts', async () => {
    const server = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    const sockets = (['websocket', 'polling'] as const).map((transport) =>
      io(server.url, { transports: [transport], reconnection: false }),
    );
    try {
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.once('connect', () => resolve()))));
      let dropped = 0;
      for (const s of sockets) s.on('disconnect', () => dropped++);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(dropped, 0);
      const acks = await Promise.all(sockets.map((s, i) => s.emitWithAck('CONNECT', { as: `slow-ok-${i}` })));
      assert.deepEqual(acks.map((a) => a.ok), [true, true]);
    } finally {
      for (const s of sockets) s.disconnect();
    }
  });
});
