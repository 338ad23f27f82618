// Browser tests: the same suite in Debian's Chromium and Firefox ESR, both
// driven through puppeteer-core (Firefox over WebDriver BiDi), against real
// signaling servers started on demand by the `signaling-*` server commands.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { relative } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { shimFor } from './scripts/bundle-shims.mjs';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  '--use-fake-ui-for-media-stream',
  // Three fake cameras ("Switch camera"; the 2nd gives Y16 frames an encoder cannot use, the 3rd MJPEG);
  // getDisplayMedia captures a fake screen with sound.
  '--use-fake-device-for-media-stream=device-count=3',
  '--autoplay-policy=no-user-gesture-required',
];

export const firefoxPrefs = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  // Keep ICE on loopback: no network probing beyond 127.0.0.1.
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.default_address_only': true,
  // Pages in dark colour scheme: Firefox over WebDriver BiDi cannot emulate
  // media features, so its runs cover the dark scheme (Chromium's both).
  'layout.css.prefers-color-scheme.content-override': 0,
};

function named(launcher, name) {
  // Both launchers are ChromeLauncher instances; give each its own name in reports.
  launcher.name = name;
  return launcher;
}

/** The CDN bundle's stand-ins for parts of socket.io-client (scripts/bundle-shims.mjs): tests run what ships. */
function socketShimsPlugin() {
  return {
    name: 'roulette-socket-shims',
    resolveImport({ source, context }) {
      const file = shimFor(source, context.path);
      return file ? `/${relative(process.cwd(), file)}` : undefined;
    },
  };
}

/**
 * React as ES modules (components/react.test.ts renders the React wrappers
 * with real React): react and react-dom are CommonJS, which the dev server
 * cannot load. One esbuild bundle holds both, so they share one React; each
 * bare specifier is a small module re-exporting its part of the bundle.
 */
function reactPlugin() {
  const PREFIX = '/__react__/';
  const BUNDLE = `${PREFIX}bundle.js`;
  const parts = { react: 'React', 'react-dom/client': 'ReactDOMClient' };
  let bundle;
  return {
    name: 'roulette-react-esm',
    resolveImport({ source }) {
      return source in parts ? `${PREFIX}${source}.js` : undefined;
    },
    async serve({ path }) {
      if (path === BUNDLE) {
        bundle ??= build({
          stdin: {
            contents: Object.entries(parts).map(([pkg, name]) => `export { default as ${name} } from '${pkg}';`).join('\n'),
            resolveDir: process.cwd(),
          },
          bundle: true,
          format: 'esm',
          write: false,
          define: { 'process.env.NODE_ENV': '"development"' },
        }).then((result) => result.outputFiles[0].text);
        return { body: await bundle, type: 'js' };
      }
      const pkg = path.startsWith(PREFIX) ? path.slice(PREFIX.length, -'.js'.length) : undefined;
      if (!(pkg in parts)) return undefined;
      // The named exports, as Node sees them (in a child process: React's
      // development build touches the console, which the runner has wrapped).
      const script = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(pkg)}))))`;
      const keys = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_ENV: 'development' } }).toString());
      const names = keys.filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      return {
        body: `import { ${parts[pkg]} as m } from '${BUNDLE}';\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
        type: 'js',
      };
    },
  };
}

/**
 * Vue 3 with its template compiler for components/vue.test.ts: the bare
 * 'vue' is the package's browser ES module build (its default entry is for
 * bundlers: it imports @vue/* by bare name and has no compiler), the
 * development one, which warns (e.g. "Failed to resolve component").
 */
function vuePlugin() {
  return {
    name: 'roulette-vue-esm',
    resolveImport: ({ source }) => (source === 'vue' ? '/node_modules/vue/dist/vue.esm-browser.js' : undefined),
  };
}

/** Real signaling servers and helper browsers, by id, closed when the run stops. */
function signalingPlugin() {
  const servers = new Map();
  const helpers = new Map();
  let nextId = 1;
  let listenModule;

  async function listen(options) {
    listenModule ??= await tsImport('./server/http/listen.ts', import.meta.url);
    return listenModule.listen(options);
  }

  return {
    name: 'roulette-signaling',
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'page-screenshot': {
          // screenshots/<name>-<browser>.png (gitignored) of the test page as it is now, to look at.
          const page = session.browser.getPage?.(session.id);
          if (!page || !/^[\w.-]+$/.test(payload?.name ?? '')) return false;
          await mkdir('screenshots', { recursive: true });
          await page.screenshot({ path: `screenshots/${payload.name}-${session.browser.name}.png` });
          return true;
        }
        case 'signaling-start': {
          const server = await listen({
            // A fixed `port` restarts a server where a stopped one was (signaling outage tests).
            port: payload?.port ?? 0,
            host: '127.0.0.1',
            ringTimeoutMs: payload?.ringTimeoutMs ?? 1500,
            resumeGraceMs: payload?.resumeGraceMs ?? 4000,
            corsOrigins: payload?.corsOrigins,
            // Signed identities (v2): the HS256 secret the tests sign with.
            authSecret: payload?.authSecret,
            interestWaitMs: payload?.interestWaitMs,
            // Reports (v2.1): the moderators' webhook (a `webhook-start` receiver) and the opt-in still frame.
            reportWebhookUrl: payload?.reportWebhookUrl,
            reportEvidence: payload?.reportEvidence,
            reportThreshold: payload?.reportThreshold,
            reportMinAgeMs: payload?.reportMinAgeMs,
          });
          const id = String(nextId++);
          servers.set(id, server);
          return { id, url: server.url, port: server.port };
        }
        case 'signaling-stop': {
          const server = servers.get(payload?.id);
          if (!server) return false;
          servers.delete(payload.id);
          await server.close(payload?.reason);
          return true;
        }
        case 'webhook-start': {
          // A moderators' webhook receiver: records every JSON body POSTed to it.
          const { startWebhook } = await import('./components/test/webhook-receiver.mjs');
          const id = String(nextId++);
          const hook = await startWebhook();
          servers.set(id, hook);
          return { id, url: hook.url };
        }
        case 'webhook-received': {
          return servers.get(payload?.id)?.received ?? [];
        }
        case 'bare-socketio-start': {
          // A plain socket.io server with short heartbeats, for the engine stand-in's test.
          const { startBareServer } = await import('./components/test/bare-server.mjs');
          const id = String(nextId++);
          const bare = await startBareServer(payload);
          servers.set(id, bare);
          return { id, url: bare.url };
        }
        case 'bare-socketio-silence': {
          return servers.get(payload?.id)?.silence?.() ?? false;
        }
        case 'helper-chromium-start': {
          const { startHelper } = await import('./components/test/helper-chromium.mjs');
          const id = String(nextId++);
          // `camera: [width, height]`: the helper's camera is a generated clip of that shape (an upright phone: 360×640).
          let args = chromiumArgs;
          if (payload?.camera) {
            const { fakeCameraFile } = await import('./components/test/fake-camera-file.mjs');
            args = [...chromiumArgs, `--use-file-for-fake-video-capture=${fakeCameraFile(...payload.camera)}`];
          }
          helpers.set(id, await startHelper({ ...payload, executablePath: CHROME_PATH, args }));
          return { id };
        }
        case 'helper-chromium-frames': {
          const helper = helpers.get(payload?.id);
          return helper ? helper.frames() : undefined;
        }
        case 'helper-chromium-chat': {
          const helper = helpers.get(payload?.id);
          if (!helper) return false;
          await helper.chat(String(payload.text));
          return true;
        }
        case 'helper-chromium-look': {
          const helper = helpers.get(payload?.id);
          if (!helper) return undefined;
          const name = payload.name ? String(payload.name).replace(/[^\w.-]+/g, '-') : undefined;
          if (name) (await import('node:fs')).mkdirSync('screenshots', { recursive: true });
          return helper.look({ width: payload.width, height: payload.height, path: name && `screenshots/${name}.png` });
        }
        case 'helper-chromium-stop': {
          const helper = helpers.get(payload?.id);
          if (!helper) return false;
          helpers.delete(payload.id);
          await helper.close();
          return true;
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      await Promise.allSettled([...helpers.values()].map((h) => h.close()));
      await Promise.allSettled([...servers.values()].map((s) => s.close('Test run finished.')));
      helpers.clear();
      servers.clear();
    },
  };
}

/** `screenshot { name }`: the test's page as screenshots/<name>.png (gitignored), for a person to look at; `screenshot-note { name, text }` a note beside it. */
function screenshotPlugin() {
  return {
    name: 'roulette-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot' && command !== 'screenshot-note') return undefined;
      const name = String(payload?.name ?? '').replace(/[^\w.-]+/g, '-');
      if (!name) throw new Error(`${command}: a name is needed`);
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync('screenshots', { recursive: true });
      // `screenshot-note { name, text }`: what a test measured, beside its screenshots.
      if (command === 'screenshot-note') return writeFileSync(`screenshots/${name}.txt`, String(payload.text)), true;
      const page = session.browser.getPage(session.id);
      const path = `screenshots/${name}.png`;
      await page.screenshot({ path });
      return path;
    },
  };
}

export default {
  // The background effect's tests run in a browser of their own (`npm run
  // test:browser:background`): MediaPipe's wasm and WebGL after 30 other
  // files in one long-lived Chromium hung that page in full runs, while the
  // same file in a fresh browser passes in 20 s.
  files: ['components/**/*.test.ts', 'shims/**/*.test.ts', '!components/session/background/**'],
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  concurrency: 1,
  concurrentBrowsers: 2,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  testFramework: {
    config: { timeout: 20_000 },
  },
  plugins: [
    reactPlugin(),
    vuePlugin(),
    socketShimsPlugin(),
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    signalingPlugin(),
    screenshotPlugin(),
  ],
  browsers: [
    named(
      chromeLauncher({
        launchOptions: { executablePath: CHROME_PATH, headless: true, args: chromiumArgs },
      }),
      'Chromium',
    ),
    named(
      chromeLauncher({
        launchOptions: {
          browser: 'firefox',
          executablePath: FIREFOX_PATH,
          headless: true,
          extraPrefsFirefox: firefoxPrefs,
        },
      }),
      'Firefox',
    ),
  ],
};
