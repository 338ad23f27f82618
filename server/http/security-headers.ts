// Security headers for every HTTP response of the app (helmet): a Content
// Security Policy the example pages and the bundle satisfy, frame-ancestors
// from FRAME_ANCESTORS, nosniff, a referrer policy.
//
// The pages keep their inline <style> blocks; the policy allows exactly those
// by hash, computed from the files at start-up, so editing a page never
// needs a policy edit. The bundle's Lit elements style themselves through
// adoptedStyleSheets, which style-src does not restrict.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

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

/** helmet configured for the pages in `pagesDir`. */
export function securityHeaders(pagesDir: string, options: SecurityOptions = {}): RequestHandler {
  const frameAncestors = options.frameAncestors?.length ? options.frameAncestors : ["'self'"];
  const { styles, scripts } = inlineHashes(pagesDir);
  // X-Frame-Options can say only "same origin" or "nobody"; when other sites
  // may frame the app, frame-ancestors alone decides (browsers that know CSP
  // ignore X-Frame-Options when frame-ancestors is set).
  const xFrameOptions =
    frameAncestors.length === 1 && frameAncestors[0] === "'none'"
      ? { action: 'deny' as const }
      : frameAncestors.length === 1 && frameAncestors[0] === "'self'"
        ? { action: 'sameorigin' as const }
        : false;
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
