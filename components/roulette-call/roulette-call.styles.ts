import { css } from 'lit';

// Phone first: the stage is the call. Inline (a desktop) the call view is a
// card as tall as the window allows: the stage, the bar under it, the chat or
// "More" as a column beside it. Covering the viewport (`fills`: a phone, a
// touch screen, `layout="viewport"`) or in full screen, the stage is the whole
// screen and the bar, the top row and the tools float over it.
export const callStyles = css`
  :host {
    container: call / inline-size;
  }

  [part~='base'] {
    position: relative;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: minmax(0, 1fr) auto;
    gap: 0.75rem;
    padding: 0.75rem;
    height: var(--roulette-call-height, calc(100dvh - 10rem));
    min-height: 22rem;
  }

  /* The call covers the viewport: edge to edge, safe-area insets for what floats. */
  :host([fills]) [part~='base'],
  :host([full-screen]) [part~='base'] {
    position: fixed;
    inset: 0;
    z-index: var(--roulette-call-z-index, 1000);
    height: 100dvh;
    min-height: 0;
    padding: 0;
    border: 0;
    border-radius: 0;
    grid-template-rows: minmax(0, 1fr);
    background: var(--roulette-video-background, #0d0e12);
    --_edge-top: max(0.5rem, env(safe-area-inset-top));
    --_edge-start: max(0.5rem, env(safe-area-inset-left));
    --_edge-end: max(0.5rem, env(safe-area-inset-right));
    --_bar-space: calc(5.25rem + env(safe-area-inset-bottom));
  }

  .stage {
    position: relative;
    grid-area: 1 / 1;
    min-height: 0;
    overflow: hidden;
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--roulette-video-background, #0d0e12);
    color: #fff;
    --_edge-top: 0.5rem;
    --_edge-start: 0.5rem;
    --_edge-end: 0.5rem;
  }

  :host([fills]) .stage,
  :host([full-screen]) .stage {
    grid-area: 1 / 1 / -1 / -1;
    border-radius: 0;
    --_edge-top: max(0.5rem, env(safe-area-inset-top));
    --_edge-start: max(0.5rem, env(safe-area-inset-left));
    --_edge-end: max(0.5rem, env(safe-area-inset-right));
  }

  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: transparent;
  }

  [part='remote-video'] {
    position: absolute;
    inset: 0;
    object-fit: var(--roulette-remote-fit, cover);
  }

  /* Shown whole: cropping it to fill would take more than a fifth away (stage-fit.ts). */
  [part='remote-video'].contain {
    object-fit: var(--roulette-remote-fit, contain);
  }

  .waiting {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.75rem;
    padding: 1rem;
    text-align: center;
    color: #f1f1f5;
    background: var(--roulette-video-background, #0d0e12);
    font-size: 1.05rem;
  }

  .waiting::before {
    content: '';
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 50%;
    border: 3px solid rgb(255 255 255 / 0.25);
    border-top-color: #ffffff;
    animation: roulette-spin 1s linear infinite;
  }

  :host([receiving]) .waiting:not(.off):not(.searching) {
    display: none;
  }

  .off::before {
    display: none;
  }

  /* The top row over the picture: who, how long, how well; "Report" for a stranger. */
  .top {
    position: absolute;
    top: var(--_edge-top);
    inset-inline-start: var(--_edge-start);
    max-width: calc(100% - 11rem);
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem;
    z-index: 2;
  }

  .who {
    min-width: 0;
    padding: 0.35rem 0.75rem;
    border-radius: 0.9rem;
    background: rgb(0 0 0 / 0.75);
    color: #fff;
  }

  .who[hidden] {
    display: none;
  }

  .who h2,
  .who .name {
    font-size: 1rem;
    font-weight: 700;
    overflow-wrap: anywhere;
  }

  /* Focus lands here only when a call starts without a microphone: no ring on a heading. */
  .who h2:focus {
    outline: none;
  }

  .who .name {
    display: none;
  }

  /* A narrow stage: only the name shows (the heading stays for screen readers), beside the tools. */
  @container call (max-width: 36rem) {
    .top {
      max-width: calc(100% - 14rem);
    }

    .who h2 {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }

    .who .name {
      display: block;
      font-size: 0.9rem;
    }
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.1rem 0.75rem;
    color: #fff;
    font-size: 0.85rem;
  }

  [part='duration'] {
    font-variant-numeric: tabular-nums;
  }

  details {
    position: relative;
  }

  summary {
    cursor: pointer;
  }

  summary::before {
    content: '●';
    margin-inline-end: 0.3em;
    color: #4cc27a;
  }

  .fair summary::before {
    color: #f0b429;
  }

  .poor summary::before {
    color: #ff6b6b;
  }

  /* The numbers drop over the picture; nothing moves. */
  details p {
    position: absolute;
    top: calc(100% + 0.35rem);
    inset-inline-start: 0;
    width: max-content;
    max-width: min(24rem, 80vw);
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.3);
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    min-height: 2.75rem;
    padding: 0 0.85rem;
    border-radius: 999px;
    border: 1px solid rgb(255 255 255 / 0.35);
    background: rgb(0 0 0 / 0.75);
    color: #fff;
    font-size: 0.9rem;
  }

  /* Over the picture, top end: Switch camera, Picture in picture, Full screen, Fill. */
  .tools {
    position: absolute;
    top: var(--_edge-top);
    inset-inline-end: var(--_edge-end);
    display: flex;
    gap: 0.5rem;
    z-index: 2;
  }

  .tool {
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    min-width: 0;
    min-height: 0;
    padding: 0;
    border-radius: 50%;
    border: 1px solid rgb(255 255 255 / 0.35);
    background: rgb(0 0 0 / 0.7);
    color: #fff;
  }

  .tool:hover {
    background: rgb(0 0 0 / 0.8);
  }

  .tool[aria-pressed='true'] {
    background: #fff;
    color: #0d0e12;
  }

  /* Notices, the reconnecting banner and chat lines float in the middle of the top: nothing moves. */
  .overlays {
    position: absolute;
    top: calc(var(--_edge-top) + 4rem);
    inset-inline: 0.75rem;
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    pointer-events: none;
    z-index: 1;
  }

  .overlays > * {
    max-width: min(32rem, 100%);
    pointer-events: auto;
    overflow-wrap: anywhere;
  }

  .overlays .notice[role='status'],
  .overlays .notice[role='alert'],
  .overlays .banner {
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.3);
  }

  .toast,
  .peer-state {
    padding: 0.4rem 0.8rem;
    border-radius: 0.9rem;
    background: rgb(0 0 0 / 0.72);
    color: #fff;
    font-size: 0.95rem;
  }

  .toast:empty,
  .peer-state:empty {
    display: none;
  }

  /* Your preview: small, in a corner, never over the middle of the other person. */
  .local {
    position: absolute;
    width: clamp(5.5rem, 22%, 12rem);
    aspect-ratio: 4 / 3;
    border-radius: calc(var(--_radius) * 0.6);
    overflow: hidden;
    border: 2px solid rgb(255 255 255 / 0.8);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.35);
    background: #202229;
    touch-action: none;
    cursor: grab;
    z-index: 2;
    transition: inset 200ms ease;
    --_top: calc(var(--_edge-top) + 3.5rem);
    --_bottom: 0.75rem;
  }

  :host([fills]) .local,
  :host([full-screen]) .local {
    --_bottom: var(--_bar-space);
  }

  .local:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .local.top-start {
    top: var(--_top);
    inset-inline-start: var(--_edge-start);
  }

  .local.top-end {
    top: var(--_top);
    inset-inline-end: var(--_edge-end);
  }

  .local.bottom-start {
    bottom: var(--_bottom);
    inset-inline-start: var(--_edge-start);
  }

  .local.bottom-end {
    bottom: var(--_bottom);
    inset-inline-end: var(--_edge-end);
  }

  [part='local-video'] {
    transform: scaleX(-1);
    pointer-events: none;
  }

  .local > .cover {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: end center;
    padding-bottom: 0.4rem;
    color: #f1f1f5;
    background: #202229;
    font-size: 0.85rem;
  }

  /* "Muted" over your own preview. */
  .badge {
    position: absolute;
    inset-inline-start: 0.3rem;
    top: 0.3rem;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.1rem 0.45rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.75);
    color: #fff;
    font-size: 0.8rem;
    font-weight: 600;
  }

  /* The control bar: round buttons, Hang up at the end, Next apart from it. */
  .controls {
    grid-area: 2 / 1;
    display: flex;
    justify-content: center;
    align-items: flex-start;
    gap: 1.5rem;
    padding: 0 0.5rem;
    z-index: 3;
  }

  :host([fills]) .controls,
  :host([full-screen]) .controls {
    grid-area: 1 / 1;
    align-self: end;
    padding: 1.5rem max(0.5rem, env(safe-area-inset-right)) calc(0.75rem + env(safe-area-inset-bottom)) max(0.5rem, env(safe-area-inset-left));
    background: linear-gradient(transparent, rgb(0 0 0 / 0.6));
    --_ctl-text: #fff;
    --_disc: rgb(32 33 40 / 0.85);
    --_disc-border: rgb(255 255 255 / 0.3);
    --_disc-text: #fff;
  }

  .group {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }

  /* Next and Hang up: twice the space between them, each as wide whatever its word ("Hang up", "Stop"), so Next never moves. */
  .group.end {
    gap: 1rem;
  }

  .group.end .ctl {
    width: 4.5rem;
  }

  .group.end .ctl .label {
    white-space: normal;
    text-align: center;
    overflow-wrap: anywhere;
  }

  .controls .ctl {
    position: relative;
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    min-width: 2.875rem;
    min-height: 0;
    padding: 0;
    border: 0;
    border-radius: 0.5rem;
    background: none;
    color: var(--_ctl-text, var(--_text));
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.2;
  }

  .ctl:focus-visible {
    outline: none;
  }

  .ctl:focus-visible .disc {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .ctl .disc {
    position: relative;
    display: grid;
    place-items: center;
    width: 2.875rem;
    height: 2.875rem;
    border-radius: 50%;
    border: 1px solid var(--_disc-border, var(--_border));
    background: var(--_disc, var(--_surface-alt));
    color: var(--_disc-text, var(--_text));
  }

  [part~='chat-button'][aria-pressed='true'] .disc {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }

  .ctl.off .disc {
    background: var(--_error-bg);
    color: var(--_text);
    border: 2px solid var(--_danger);
  }

  .ctl.next .disc {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: transparent;
  }

  .ctl.danger .disc {
    width: 3.5rem;
    border-radius: 1.45rem;
    background: var(--_danger);
    color: var(--_danger-text);
    border-color: transparent;
  }

  .ctl[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.65;
  }

  .ctl .label {
    white-space: nowrap;
  }

  /* Unread messages on "Chat". */
  .count {
    position: absolute;
    top: -0.3rem;
    inset-inline-end: -0.3rem;
    min-width: 1.3rem;
    padding: 0 0.3rem;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_danger-text);
    font-size: 0.75rem;
    line-height: 1.3rem;
  }

  .icon {
    flex: none;
    width: 1.4rem;
    height: 1.4rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .chip .icon {
    width: 1.1rem;
    height: 1.1rem;
  }

  .slash {
    display: none;
  }

  /* The handset reads better solid. */
  [part~='hangup-button'] .icon {
    fill: currentColor;
    stroke-width: 1;
  }

  [part~='more-button'] .icon {
    stroke-width: 3.5;
  }

  /* "Next" points the way the line reads. */
  [part~='next-button'] .icon:dir(rtl) {
    transform: scaleX(-1);
  }

  /* Muted, camera off: a struck-through icon and a red outline, not only a colour change. */
  .off .slash {
    display: inline;
  }

  /* A narrow bar: icons only (the words stay their accessible names and tooltips); Share screen moves into "More". */
  @container call (max-width: 36rem) {
    .controls .ctl .label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }

    .controls [part~='share-button'] {
      display: none;
    }

    .group.end .ctl {
      width: auto;
    }

    .controls {
      gap: 1rem;
    }
  }

  @container call (min-width: 36.01rem) {
    .menu .narrow-only {
      display: none;
    }
  }

  /* The bar fades (the call covers the screen, no input for a while); a tap, a mouse move or focus brings it back at once. */
  .faded .controls,
  .faded .tools,
  .faded .top {
    opacity: 0;
    pointer-events: none;
    transition: opacity 400ms ease;
  }

  @media (prefers-reduced-motion: reduce) {
    .faded .controls,
    .faded .tools,
    .faded .top,
    .local {
      transition: none;
    }
  }

  /* "More": a menu over the bar. */
  .menu-anchor {
    position: relative;
  }

  .menu {
    position: absolute;
    bottom: calc(100% + 0.5rem);
    inset-inline-end: -3rem;
    width: max-content;
    min-width: 12rem;
    max-width: min(20rem, calc(100vw - 1rem));
    display: grid;
    gap: 0.15rem;
    padding: 0.35rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.35);
    z-index: 5;
  }

  .menu [role='menuitem'] {
    min-height: 2.75rem;
    padding: 0.55rem 0.8rem;
    border-radius: 0.5rem;
    background: none;
    color: var(--_text);
    text-align: start;
    font-weight: 500;
  }

  .menu [role='menuitem']:hover,
  .menu [role='menuitem']:focus-visible {
    background: var(--_surface-alt);
  }

  /* The chat and "More" panels: a column beside the stage on a wide card, else a sheet from the bottom. */
  .sheet {
    display: grid;
    align-content: start;
    gap: 0.75rem;
    min-height: 0;
    overflow-y: auto;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface);
    color: var(--_text);
  }

  .sheet[hidden] {
    display: none;
  }

  .sheet-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }

  h3 {
    margin: 0;
    font-size: 1.05rem;
  }

  .sheet .tool {
    border-color: var(--_border);
    background: var(--_surface-alt);
    color: var(--_text);
  }

  @container call (min-width: 48rem) {
    :host(:not([fills]):not([full-screen])) .view.with-chat,
    :host(:not([fills]):not([full-screen])) .view.with-more {
      grid-template-columns: minmax(0, 1fr) 20rem;
    }

    :host(:not([fills]):not([full-screen])) .sheet {
      grid-area: 1 / 2 / span 2;
    }
  }

  /* Over the stage: a bottom sheet (a phone, a narrow card), or a side panel on a wide screen. */
  :host([fills]) .sheet,
  :host([full-screen]) .sheet {
    position: absolute;
    inset-inline: 0;
    bottom: 0;
    max-height: 70%;
    border-radius: 1rem 1rem 0 0;
    padding-bottom: calc(0.75rem + env(safe-area-inset-bottom));
    z-index: 4;
    box-shadow: 0 -8px 28px rgb(0 0 0 / 0.35);
  }

  @container call (max-width: 47.99rem) {
    :host(:not([fills]):not([full-screen])) .sheet {
      position: absolute;
      inset-inline: 0;
      bottom: 0;
      max-height: 75%;
      z-index: 4;
      box-shadow: 0 -8px 28px rgb(0 0 0 / 0.35);
    }
  }

  @media (min-width: 40rem) {
    :host([fills]) .sheet,
    :host([full-screen]) .sheet {
      inset-block: 0;
      inset-inline-start: auto;
      width: min(22rem, 50%);
      max-height: none;
      border-radius: 0;
    }
  }

  .sheet.chat {
    grid-template-rows: auto minmax(8rem, 1fr) auto;
  }

  :host([fills]) .sheet.chat,
  :host([full-screen]) .sheet.chat {
    height: 70%;
  }

  @media (min-width: 40rem) {
    :host([fills]) .sheet.chat,
    :host([full-screen]) .sheet.chat {
      height: auto;
    }
  }
`;
