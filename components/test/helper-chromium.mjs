// A second, separate headless Chromium for cross-browser call tests: opens
// the served app, logs in as `name` through the accessible names a person
// uses, accepts the first incoming call, and reports the remote frames.
// Started by the `helper-chromium-*` commands in web-test-runner.config.mjs.
import puppeteer from 'puppeteer-core';

export async function startHelper({ url, name, executablePath, args }) {
  const browser = await puppeteer.launch({ executablePath, args, headless: true });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 800, height: 700 });
    await page.goto(new URL('/', url).href);
    await page.locator('::-p-aria(Username[role="textbox"])').fill(name);
    await page.locator('::-p-aria(Connect[role="button"])').click();
    await page.locator('::-p-aria(Username to call[role="textbox"])').wait();
    // Answer the first call (in the background: the test places it now).
    const answered = page
      .locator('::-p-aria(Accept[role="button"])')
      .setTimeout(20_000)
      .click()
      .then(() => page.locator('::-p-aria(Hang up[role="button"])').setTimeout(20_000).wait());
    answered.catch(() => undefined);

    return {
      /** Waits for decoded remote frames on the helper's side. */
      async frames() {
        await answered;
        return page.evaluate(async () => {
          const call = document.querySelector('roulette-call');
          const video = call.shadowRoot.querySelector('video[part="remote-video"]');
          let count = 0;
          const tick = () => {
            count += 1;
            video.requestVideoFrameCallback(tick);
          };
          video.requestVideoFrameCallback(tick);
          const start = performance.now();
          while (!(video.videoWidth > 0 && count >= 5) && performance.now() - start < 15_000) {
            await new Promise((r) => setTimeout(r, 50));
          }
          return { videoWidth: video.videoWidth, frames: count, userAgent: navigator.userAgent };
        });
      },
      /**
       * The example app's call at `width`×`height`: where the stage and the
       * bar's buttons are, whether the page scrolls; a screenshot to `path`.
       */
      async look({ width, height, path }) {
        await answered;
        await page.setViewport({ width, height });
        await new Promise((resolve) => setTimeout(resolve, 500));
        const seen = await page.evaluate(() => {
          const root = document.querySelector('roulette-call').shadowRoot;
          const box = (el) => el.getBoundingClientRect().toJSON();
          return {
            innerWidth,
            innerHeight,
            scrollHeight: document.scrollingElement.scrollHeight,
            stage: box(root.querySelector('[part~="stage"]')),
            controls: [...root.querySelectorAll('.controls button')].filter((b) => b.getClientRects().length > 0).map(box),
          };
        });
        if (path) await page.screenshot({ path });
        return seen;
      },
      /** Sends a chat line to the other side of the call. */
      async chat(text) {
        await answered;
        await page.evaluate((line) => document.querySelector('roulette-call').activeSession.sendMessage(line), text);
      },
      async close() {
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
