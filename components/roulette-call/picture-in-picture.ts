// The call in a Document Picture-in-Picture window: the other person's video
// with Mute, Camera and Hang up inside, so the call can be run from the small
// always-on-top window while another tab or app is in front. Fetched on first
// use by media-controls.ts.
import { css, html, render } from 'lit';
import { currentLocale, directionOf, msg, str } from '../internal/localize.js';
import { mediaStream } from '../internal/media-stream.js';
import type { RouletteSession } from '../session/session.js';
import { theOtherPerson } from '../session/wording.js';
import { isVeiled, showStranger } from './stranger-veil.js';

/** The part of the Document Picture-in-Picture API used here (not yet in TypeScript's DOM types). */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

/** An open picture-in-picture window. */
export interface PipView {
  /** Renders the session's current state again. */
  update(): void;
  close(): void;
}

// The window is a separate document: it gets its own small style sheet.
const STYLES = css`
  body {
    margin: 0;
    height: 100vh;
    display: grid;
    grid-template-rows: minmax(0, 1fr) auto;
    background: #0d0e12;
    color: #f1f1f5;
    font: 14px/1.3 system-ui, sans-serif;
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  /* A stranger not shown yet (stranger-veil.ts): as blurred here as on the page. */
  video.veiled {
    filter: blur(48px) brightness(0.45) saturate(0.5);
  }
  .controls {
    display: flex;
    justify-content: center;
    gap: 0.4rem;
    padding: 0.4rem;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.8rem;
    border-radius: 6px;
    border: 1px solid #5a5c66;
    background: #202229;
    color: inherit;
    cursor: pointer;
  }
  button[aria-pressed='true'].mute,
  button[aria-pressed='false'].camera {
    border: 2px solid #ff6b6b;
  }
  button.danger {
    background: #c62828;
    border-color: #c62828;
    color: #fff;
  }
  button:focus-visible {
    outline: 3px solid #8ab4ff;
    outline-offset: 2px;
  }
`;

/** Opens the window (needs a click or key press just before); `closed` is called when it goes. */
export async function openPictureInPicture(session: RouletteSession, closed: () => void): Promise<PipView> {
  const pip = (window as unknown as { documentPictureInPicture: DocumentPictureInPicture }).documentPictureInPicture;
  const win = await pip.requestWindow({ width: 420, height: 320 });
  // A constructed style sheet of the window's own: the page's Content Security
  // Policy (which the window inherits) blocks a <style> element without
  // 'unsafe-inline', never a constructed sheet.
  const sheet = new (win as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(STYLES.cssText);
  win.document.adoptedStyleSheets = [sheet];
  let open = true;
  const finish = (): void => {
    if (open) closed();
    open = false;
  };
  // The person closes it ('pagehide'), or we do (Firefox then fires no 'pagehide').
  win.addEventListener('pagehide', finish, { once: true });
  const update = (): void => {
    const { peer, remoteStream, localStream, muted, cameraOff } = session.state;
    const has = (kind: string): boolean => !!localStream?.getTracks().some((t) => t.kind === kind);
    const veiled = isVeiled(session);
    // In the page's language (re-rendered with the call, so a switch follows).
    const locale = currentLocale();
    win.document.documentElement.lang = locale;
    win.document.documentElement.dir = directionOf(locale);
    win.document.title = msg(str`Call with ${peer ?? ''}`, { id: 'pip.title' });
    // Muted: the call's sound keeps coming from the page's own video.
    render(
      html`<video class=${veiled ? 'veiled' : ''} aria-label=${msg(str`Video from ${peer ?? theOtherPerson()}`, { id: 'video.remote' })} playsinline autoplay muted .muted=${true} ${mediaStream(remoteStream)}></video>
        <div class="controls">
          ${veiled ? html`<button type="button" @click=${() => showStranger(session)}>${msg('Show video', { id: 'veil.show' })}</button>` : ''}
          <button class="mute" type="button" aria-pressed=${!!muted} ?disabled=${!has('audio')} @click=${() => session.setMuted(!muted)}>${msg('Mute', { id: 'call.mute' })}</button>
          <button class="camera" type="button" aria-pressed=${has('video') && !cameraOff} ?disabled=${!has('video')} @click=${() => session.setCameraOff(!cameraOff)}>${msg('Camera', { id: 'call.camera' })}</button>
          <button class="danger" type="button" @click=${() => void session.hangUp()}>${msg('Hang up', { id: 'call.hang-up' })}</button>
        </div>`,
      win.document.body,
    );
  };
  update();
  return {
    update,
    close: () => {
      win.close();
      finish();
    },
  };
}
