// HTTP hardening as a browser and a hostile client see it: security headers
// on every response, a CSP the pages really satisfy (in Chromium), the
// bundle's CORS answers and Vary: Origin, and slow clients closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, get as httpGet, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket as NetSocket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { io } from 'socket.io-client';
import { listen, type ListenOptions, type RunningServer } from './listen.js';

const ROOT = new URL('..', import.meta.url).pathname;
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
        // Express's own error page sets the strictest policy of all.
        assert.equal(csp, "default-src 'none'");
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
});

describe('/roulette.js across origins', () => {
  it('with CORS_ORIGINS a list: Vary: Origin on every answer, allowed or refused', async () => {
    const server = await start({ corsOrigins: ['https://shop.example'] });
    const get = (headers: Record<string, string>) => fetch(`${server.url}/roulette.js`, { headers });
    const vary = (res: Response) => (res.headers.get('vary') ?? '').split(/, */).map((v) => v.toLowerCase());

    const allowed = await get({ Origin: 'https://shop.example' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.ok(vary(allowed).includes('origin'));
    assert.equal(allowed.headers.get('cross-origin-resource-policy'), 'cross-origin');

    const refused = await get({ Origin: 'https://evil.example' });
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    assert.ok(vary(refused).includes('origin'), 'a refused copy must not be cached for everyone');
    assert.match(refused.headers.get('cache-control') ?? '', /max-age=300/);

    const none = await get({});
    assert.ok(vary(none).includes('origin'));

    // (fetch() turns a request with If-None-Match into a no-cache one: plain http.get.)
    const etag = allowed.headers.get('etag')!;
    const revalidated = await new Promise<IncomingMessage>((resolve) =>
      httpGet(`${server.url}/roulette.js`, { headers: { Origin: 'https://evil.example', 'If-None-Match': etag } }, (res) => resolve(res.resume())),
    );
    assert.equal(revalidated.statusCode, 304);
    assert.match(String(revalidated.headers.vary), /origin/i);
    assert.equal(revalidated.headers['access-control-allow-origin'], undefined);
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

  it('another site allowed by CORS_ORIGINS loads the bundle as a module script; a site not allowed cannot', async () => {
    const server = await start({ corsOrigins: [] });
    host = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><script type="module" src="${server.url.replace('localhost', '127.0.0.1')}/roulette.js"></script><roulette-session><roulette-login></roulette-login></roulette-session>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const pageOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
    // The same server, once refusing that origin and once allowing it.
    const refused = await visit(`${pageOrigin}/`);
    assert.equal(refused.defined, false);
    const allowing = await start({ corsOrigins: [pageOrigin] });
    host.removeAllListeners('request');
    host.on('request', (req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><script type="module" src="${allowing.url.replace('localhost', '127.0.0.1')}/roulette.js"></script><roulette-session><roulette-login></roulette-login></roulette-session>`);
    });
    const allowed = await visit(`${pageOrigin}/`);
    assert.equal(allowed.defined, true, allowed.errors.join('\n'));
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
