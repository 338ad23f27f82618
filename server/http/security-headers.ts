// Security headers for every HTTP response of the app (helmet): a Content
// Security Policy the example pages and the bundle satisfy, frame-ancestors
// from FRAME_ANCESTORS, nosniff, a referrer policy. Responses that are not
// pages — a 404, an error, socket.io's own answers — get a policy that loads
// nothing, with the same frame-ancestors (v2.1: Express's built-in error
// page would replace it with one that has none), and so do the answers Node
// writes by itself to a request it cannot parse.
//
// The pages keep their inline <style> blocks; the policy allows exactly those
// by hash, computed from the files at start-up, so editing a page never
// needs a policy edit. The bundle's Lit elements style themselves through
// adoptedStyleSheets, which style-src does not restrict.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { STATUS_CODES, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import helmet from 'helmet';
import type { ErrorRequestHandler, RequestHandler } from 'express';

export interface SecurityOptions {
  /** CSP frame-ancestors sources: who may frame the pages ('self' by default; 'none' for nobody). */
  frameAncestors?: string[];
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The CSP hashes of the inline <style> and <script> blocks of the .html files in `dir`. */
export function inlineHashes(dir: string): { styles: string[]; scripts: string[] } {
  const styles = new Set<string>();
  const scripts = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(`${dir}/${file}`, 'utf8');
    for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) styles.add(sha256(body));
    for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc\s*=/i.test(attributes)) scripts.add(sha256(body));
    }
  }
  return { styles: [...styles], scripts: [...scripts] };
}

const ancestorsOf = (options: SecurityOptions) => (options.frameAncestors?.length ? options.frameAncestors : ["'self'"]);

// X-Frame-Options can say only "same origin" or "nobody"; when other sites
// may frame the app, frame-ancestors alone decides (browsers that know CSP
// ignore X-Frame-Options when frame-ancestors is set).
function xFrameOptionsOf(frameAncestors: string[]): { action: 'deny' | 'sameorigin' } | false {
  if (frameAncestors.length !== 1) return false;
  if (frameAncestors[0] === "'none'") return { action: 'deny' };
  return frameAncestors[0] === "'self'" ? { action: 'sameorigin' } : false;
}

/** The headers of a response that is not a page: it loads nothing, and is framed only as configured. */
export function bareHeaders(options: SecurityOptions = {}): Record<string, string> {
  const frameAncestors = ancestorsOf(options);
  const xFrame = xFrameOptionsOf(frameAncestors);
  return {
    'Content-Security-Policy': `default-src 'none'; frame-ancestors ${frameAncestors.join(' ')}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(xFrame ? { 'X-Frame-Options': xFrame.action.toUpperCase() } : {}),
  };
}

/**
 * Gives every response of `server` the bare headers before anything else
 * answers it: what socket.io writes by itself (a refused handshake, a long
 * poll) keeps them; the app's pages replace them with their own policy.
 */
export function guardResponses(server: HttpServer, options: SecurityOptions = {}): void {
  const headers = Object.entries(bareHeaders(options));
  server.prependListener('request', (_req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  });
  answerClientErrors(server, headers);
}

/** Node's own statuses for a request it cannot take (lib/_http_server.js); anything else is a 400. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * A request Node cannot parse, or that ran out of time, never reaches the
 * app: Node answers it on the socket by itself, with no headers at all.
 * This answers it the same way, with the bare headers (a browser can meet
 * these: a 431 for oversized cookies, a 408 on a stalled link).
 */
function answerClientErrors(server: HttpServer, headers: [string, string][]): void {
  const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node does: no answer once a response on this connection has begun (it would corrupt it).
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (socket.writable && !inProgress && error.code !== 'ECONNRESET') {
      const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });
}

/** The app's last handlers: a 404 and an error page of its own, with the bare headers (never Express's, which drop frame-ancestors). */
export function finalHandlers(options: SecurityOptions = {}): [RequestHandler, ErrorRequestHandler] {
  const headers = bareHeaders(options);
  const notFound: RequestHandler = (_req, res) => {
    res.status(404).set(headers).type('text/plain').send('Not found.');
  };
  const failed: ErrorRequestHandler = (error: { status?: unknown; expose?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    res.status(status).set(headers).type('text/plain').send(status < 500 ? 'Bad request.' : 'Something went wrong on the server.');
  };
  return [notFound, failed];
}

/** helmet configured for the pages in `pagesDir`. */
export function securityHeaders(pagesDir: string, options: SecurityOptions = {}): RequestHandler {
  const frameAncestors = ancestorsOf(options);
  const { styles, scripts } = inlineHashes(pagesDir);
  const xFrameOptions = xFrameOptionsOf(frameAncestors);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scripts],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", ...styles],
        styleSrcAttr: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // 'self' covers the same-origin ws:/wss: of socket.io (CSP level 3).
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors,
      },
    },
    // Not upgrade-insecure-requests: the server also runs on plain HTTP
    // (local development, behind a TLS proxy on the same host), where it
    // would send the page's own requests to an https:// that is not there.
    xFrameOptions,
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS belongs to whoever terminates TLS (the reverse proxy, see
    // deploy/): this server may be reached over plain HTTP on loopback.
    strictTransportSecurity: false,
  });
}
