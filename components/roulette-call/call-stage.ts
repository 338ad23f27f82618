// What the call view needs only once a call is on screen: its styles, its
// layout (inline or over the viewport), how the picture fits, the "More"
// menu, the movable self-view and the fading bar. A chunk of its own, fetched
// as <roulette-call> connects (long before a call starts), so the core bundle
// stays within its budget; the view is hidden until then anyway.
import { html, nothing } from 'lit';
import { icon } from '../internal/icon.js';
import { msg, str } from '../internal/localize.js';
import type { RouletteSession } from '../session/session.js';
import type { SessionState } from '../session/state.js';
import type { CallStats } from '../session/call-stats.js';
import { theOtherPerson } from '../session/wording.js';
import { BarFade, type BarFadeHost } from './bar-fade.js';
import type { CallSafety } from './call-safety.js';
import { CallLayout, type CallLayoutHost } from './call-layout.js';
import { MoreMenu, type MenuItem, type MoreMenuHost } from './more-menu.js';
import { SelfView } from './self-view.js';
import { ICONS } from './call-icons.js';
import { CLOSE, sheetHead } from './sheet-head.js';
import { fitFor } from './stage-fit.js';

/** Icons of the bar (24×24 strokes; mic comes from the call view, which also shows it on "Muted"). */
const BAR_ICONS = {
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3z',
  next: 'M5 5l8 7-8 7zM18 5v14',
  hangup: 'M2 14.5c5.5-5.5 14.5-5.5 20 0l-2.6 2.8-4.4-1.6v-3a11 11 0 0 0-6 0v3l-4.4 1.6z',
  chat: 'M4 5h16v11H9l-5 4z',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  fill: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5M9 9h6v6H9z',
  flag: 'M5 21V4M5 4h11l-2 4 2 4H5',
};

export { callStyles } from './roulette-call.styles.js';

/** What the "More" menu acts on. */
export interface MenuView {
  state: SessionState;
  /** "Share screen" / "Stop sharing", for a bar too narrow for it. */
  share?: MenuItem;
  safety(): CallSafety | null;
  /** Opens the "Safety and devices" panel. */
  openMore(): Promise<void>;
  part(name: string): HTMLElement | null;
}

/** The "Safety and devices" panel. */
export interface MoreView {
  open: boolean;
  session?: RouletteSession;
  state: SessionState;
  /** Where Block and Report ask (the panel may be closed by then). */
  dialogHost: HTMLElement;
  /** "Blur strangers' video…" (stranger-veil.ts), with a stranger. */
  option?: unknown;
  close(): void;
  keydown(event: KeyboardEvent): void;
}

/** What the control bar shows and does. */
export interface BarView {
  state: SessionState;
  session?: RouletteSession;
  /** Stranger mode: Next is shown (inert while looking). */
  continuing: boolean;
  unread: number;
  chatOpen: boolean;
  /** "Share screen" (media-controls.ts), once loaded. */
  share: unknown;
  toggleChat(): void;
  next(): void;
  hangUp(): void;
  menu: MenuView;
}

export type StageHost = BarFadeHost & CallLayoutHost & MoreMenuHost & { readonly activeSession?: RouletteSession };

export interface StageParts {
  layout: CallLayout;
  menu: MoreMenu;
  self: SelfView;
  fade: BarFade;
  fitFor: typeof fitFor;
  renderBar(view: BarView): unknown;
  renderMore(view: MoreView): unknown;
  renderFill(fill: boolean, toggle: (event: Event) => void): unknown;
  renderQuickReport(report: () => void): unknown;
  renderQuality(stats: CallStats, peer: string | undefined): unknown;
  keepFocus(root: ShadowRoot): void;
}

/** Looking for the next stranger: what rests or hides meanwhile (Mute, Camera, Chat, the heading) hands its focus to More, so it is not lost. */
function keepFocus(root: ShadowRoot): void {
  const focused = root.activeElement as HTMLButtonElement | null;
  if (focused && (focused.disabled || !focused.getClientRects().length)) root.querySelector<HTMLElement>('[part~="more-button"]')?.focus();
}

/** The stage's controllers, added to `host`. */
export function stageParts(host: StageHost): StageParts {
  const menu = new MoreMenu(host);
  return { layout: new CallLayout(host), menu, self: new SelfView(host), fade: new BarFade(host), fitFor, renderBar: (view) => renderBar(view, menu), renderMore, renderFill, renderQuickReport, renderQuality, keepFocus };
}

interface Look {
  cls?: string;
  pressed?: boolean;
  disabled?: boolean;
  /** Shown and focusable, but does nothing now (`aria-disabled`): Next while looking, so it never moves nor loses focus. */
  inert?: boolean;
  click: () => void;
}

/** A round button of the bar: the icon in a disc, its word under it (only its name on a narrow bar). */
function button(part: string, label: string, d: string, look: Look, badge: unknown = nothing) {
  return html`<button
    part=${part}
    class="ctl ${look.cls ?? ''}"
    type="button"
    title=${label}
    aria-pressed=${look.pressed ?? nothing}
    aria-disabled=${look.inert ? 'true' : nothing}
    ?disabled=${!!look.disabled}
    @click=${look.click}
  ><span class="disc">${icon(d)}${badge}</span><span class="label">${label}</span></button>`;
}

/** The control bar: Mute, Camera, Share screen, Chat, More; apart at the end, Next and Hang up (Stop while looking). */
function renderBar(view: BarView, menu: MoreMenu) {
  const { state, session, unread } = view;
  const { muted, cameraOff, localStream, phase } = state;
  const searching = phase === 'searching';
  const has = (kind: string): boolean => !!localStream?.getTracks().some((t) => t.kind === kind);
  const more = msg('More', { id: 'call.more' });
  const count = unread
    ? html`<span class="count"><span aria-hidden="true">${unread}</span><span class="sr-only">${msg(str`${unread} unread`, { id: 'call.unread' })}</span></span>`
    : nothing;
  return html`<div class="controls" part="controls">
    <div class="group">
      ${button('mute-button', msg('Mute', { id: 'call.mute' }), ICONS.mic, { cls: `toggle ${muted ? 'off' : ''}`, pressed: !!muted, disabled: !has('audio') || searching, click: () => session?.setMuted(!muted) })}
      ${button('camera-button', msg('Camera', { id: 'call.camera' }), BAR_ICONS.camera, { cls: `toggle ${cameraOff ? 'off' : ''}`, pressed: has('video') && !cameraOff, disabled: !has('video') || searching, click: () => session?.setCameraOff(!cameraOff) })}
      ${view.share}
      ${button('chat-button', msg('Chat', { id: 'chat.label' }), BAR_ICONS.chat, { cls: 'toggle', pressed: view.chatOpen, disabled: searching, click: view.toggleChat }, count)}
      <div class="menu-anchor">
        ${menu.renderButton(more, html`<span class="disc">${icon(BAR_ICONS.more)}</span><span class="label">${more}</span>`)}
        ${menu.open ? menu.renderMenu(more, menuItems(view.menu)) : nothing}
      </div>
    </div>
    <div class="group end">
      ${view.continuing ? button('next-button', msg('Next', { id: 'call.next' }), BAR_ICONS.next, { cls: 'next', inert: searching, click: view.next }) : nothing}
      ${searching
        ? button('hangup-button', msg('Stop', { id: 'call.stop' }), CLOSE, { cls: 'danger', click: view.hangUp })
        : button('hangup-button', msg('Hang up', { id: 'call.hang-up' }), BAR_ICONS.hangup, { cls: 'danger', click: view.hangUp })}
    </div>
  </div>`;
}

/** Opens a `<details>` and puts focus on its summary. */
function openDetails(details: HTMLDetailsElement | null | undefined): void {
  if (!details) return;
  details.open = true;
  details.querySelector('summary')?.focus();
}

/** "More": the rarer actions (Share screen only where the bar hides it). */
function menuItems({ state, share, safety, openMore, part }: MenuView): MenuItem[] {
  const inCall = state.phase === 'in-call';
  const items: MenuItem[] = [];
  if (share) items.push({ ...share, narrowOnly: true });
  if (inCall && state.matched) items.push({ part: 'report', label: msg('Report', { id: 'call.report' }), run: () => void safety()?.report() });
  if (inCall) items.push({ part: 'block', label: msg('Block', { id: 'call.block' }), run: () => void safety()?.block() });
  if (inCall) items.push({ part: 'safety-code', label: msg('Safety code', { id: 'call.safety-code' }), run: () => void openMore().then(() => safety()?.showCode()) });
  items.push({
    part: 'devices',
    label: msg('Camera and microphone', { id: 'devices.summary' }),
    run: () => void openMore().then(() => openDetails(part('devices')?.shadowRoot?.querySelector('details'))),
  });
  if (inCall && state.stats) {
    items.push({ part: 'details', label: msg('Connection details', { id: 'call.connection-details' }), run: () => openDetails(part('quality') as HTMLDetailsElement | null) });
  }
  return items;
}

/** "Safety and devices": Report, Block, the safety code, the camera and microphone choice. */
function renderMore(view: MoreView) {
  return html`<section class="sheet" part="more" aria-labelledby="more-title" ?hidden=${!view.open} @keydown=${view.keydown}>
    ${sheetHead(msg('Safety and devices', { id: 'call.more-panel' }), view.close, 'more-title')}
    <roulette-call-safety part="safety" .session=${view.session} .state=${view.state} .dialogHost=${view.dialogHost}></roulette-call-safety>
    ${view.option}
    <roulette-devices part="devices" .session=${view.session}></roulette-devices>
  </section>`;
}

/** "Fill", over the stage: the picture fills it, cropped (`aria-pressed`); a double-tap does the same. */
function renderFill(fill: boolean, toggle: (event: Event) => void) {
  const label = msg('Fill', { id: 'call.fill' });
  return html`<button part="fill-button" class="tool" type="button" title=${label} aria-pressed=${fill ? 'true' : 'false'} @click=${toggle}>
    ${icon(BAR_ICONS.fill)}<span class="sr-only">${label}</span>
  </button>`;
}

/** "Report", one tap away on a stranger's picture. */
function renderQuickReport(report: () => void) {
  return html`<button part="quick-report" class="chip" type="button" @click=${report}>${icon(BAR_ICONS.flag)}${msg('Report', { id: 'call.report' })}</button>`;
}

/** The connection-quality indicator: a `<details>` with the numbers. */
function renderQuality(stats: CallStats, peer: string | undefined) {
  return html`<details part="quality" class=${stats.quality}>
    <summary>${stats.quality === 'good'
      ? msg('Good connection', { id: 'call.quality-good' })
      : stats.quality === 'fair'
        ? msg('Fair connection', { id: 'call.quality-fair' })
        : msg('Poor connection', { id: 'call.quality-poor' })}</summary>
    <p>
      ${msg(str`${stats.rtt ?? '–'} ms round trip`, { id: 'call.stats-rtt' })} · ${msg(str`${Math.round(stats.loss * 100)}% loss`, { id: 'call.stats-loss' })} · ↓${stats.inbound}
      ↑${stats.outbound}${stats.available === undefined ? '' : ` ${msg(str`of ${stats.available}`, { id: 'call.stats-of' })}`} kbit/s ·
      ${stats.relayed ? msg('relayed (TURN)', { id: 'call.stats-relayed' }) : msg('direct', { id: 'call.stats-direct' })}
      ${stats.peer === stats.quality && stats.quality !== 'good'
        ? html` · ${msg(str`as ${peer ?? theOtherPerson()} measures it`, { id: 'call.stats-peer' })}`
        : nothing}
    </p>
  </details>`;
}
