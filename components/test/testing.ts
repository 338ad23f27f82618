// Helpers for the browser tests (never part of the bundle).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { RouletteCall } from '../roulette-call/roulette-call.js';
import type { RouletteLobby } from '../roulette-lobby/roulette-lobby.js';
import { RouletteSession, type Phase, type RouletteSessionOptions } from '../session/session.js';

export interface TestServer {
  id: string;
  url: string;
  port: number;
}

const servers: TestServer[] = [];
const sessions: RouletteSession[] = [];

/**
 * Starts a real signaling server (server/http/listen.ts) on a free port, or on
 * `port` (where a stopped one was); `corsOrigins` as CORS_ORIGINS.
 */
export async function startServer(
  options: {
    ringTimeoutMs?: number;
    resumeGraceMs?: number;
    port?: number;
    corsOrigins?: '*' | string[];
    /** Signed identities: the HS256 secret (see `signedToken`). */
    authSecret?: string;
    interestWaitMs?: number;
    /** Reports are POSTed here (a `startWebhook()` receiver's url). */
    reportWebhookUrl?: string;
    /** REPORT_EVIDENCE: clients attach a still frame to reports. */
    reportEvidence?: boolean;
  } = {},
): Promise<TestServer> {
  const server = await executeServerCommand<TestServer, typeof options>('signaling-start', options);
  servers.push(server);
  return server;
}

/** A moderators' webhook receiver in the test runner (closed with the servers): `received()` gives the JSON bodies POSTed to it. */
export async function startWebhook(): Promise<{ url: string; received(): Promise<any[]> }> {
  const { id, url } = await executeServerCommand<{ id: string; url: string }, undefined>('webhook-start', undefined);
  servers.push({ id, url, port: 0 });
  return { url, received: () => executeServerCommand<any[], { id: string }>('webhook-received', { id }) };
}

/** Closes a server; every client first gets `SERVER_CLOSING { reason }`. */
export async function stopServer(server: TestServer, reason?: string): Promise<void> {
  const index = servers.indexOf(server);
  if (index >= 0) servers.splice(index, 1);
  await executeServerCommand('signaling-stop', { id: server.id, reason });
}

/** A session for the test, without storage, disconnected after the test. */
export function createSession(server: TestServer | string, options: Partial<RouletteSessionOptions> = {}): RouletteSession {
  const session = new RouletteSession({
    server: typeof server === 'string' ? server : server.url,
    storage: null,
    ...options,
  });
  sessions.push(session);
  return session;
}

/** Disconnects every session and stops every server the test started. */
export async function cleanUp(): Promise<void> {
  for (const session of sessions.splice(0)) session.disconnect();
  await Promise.all(servers.splice(0).map((server) => executeServerCommand('signaling-stop', { id: server.id })));
}

let names = 0;
/** A fresh, valid, unique name. */
export function uniqueName(prefix = 'user'): string {
  names += 1;
  return `${prefix}-${Date.now().toString(36)}${names}`;
}

/**
 * Makes a peer connection report `state` as its ICE connection state (a real
 * network drop cannot be produced on demand in a browser test); returns the undo.
 */
export function fakeIce(pc: RTCPeerConnection, state: RTCIceConnectionState): () => void {
  Object.defineProperty(pc, 'iceConnectionState', { configurable: true, get: () => state });
  pc.dispatchEvent(new Event('iceconnectionstatechange'));
  return () => {
    delete (pc as { iceConnectionState?: unknown }).iceConnectionState;
    pc.dispatchEvent(new Event('iceconnectionstatechange'));
  };
}

/** The ICE username fragment of a description (both sides' must match after a negotiation). */
export function ufrag(description: { sdp?: string } | null | undefined): string | undefined {
  return /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? '')?.[1];
}

/** Both peer connections stable, each holding the ICE credentials the other has (not one left on an older set). */
export function sameCredentials(a: RTCPeerConnection, b: RTCPeerConnection): boolean {
  return (
    a.signalingState === 'stable' &&
    b.signalingState === 'stable' &&
    ufrag(a.localDescription) === ufrag(b.remoteDescription) &&
    ufrag(b.localDescription) === ufrag(a.remoteDescription)
  );
}

/** Waits until `check` returns something truthy. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function untilPhase(session: RouletteSession, phase: Phase, timeoutMs = 10_000): Promise<true> {
  return waitFor(() => session.state.phase === phase, `phase "${phase}" (now "${session.state.phase}")`, timeoutMs);
}

/** Connects a session under a fresh name and waits for idle. */
export async function connected(
  server: TestServer,
  prefix?: string,
  options?: Partial<RouletteSessionOptions>,
): Promise<RouletteSession> {
  const session = createSession(server, options);
  await session.connect(uniqueName(prefix));
  if (session.state.phase !== 'idle') throw new Error(`could not connect: ${session.state.notice?.message}`);
  return session;
}

/**
 * `caller` calls `name` until the server answers with an error (the code);
 * a call that still rings is canceled and placed again (the other socket's
 * disconnect may reach the server just after this request).
 */
export async function callOutcome(caller: RouletteSession, name: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await caller.call(name);
    if (caller.state.phase === 'idle') return caller.state.notice?.code;
    await caller.cancel();
  }
  return 'still ringing';
}

/**
 * Resolves once `video` shows decoded frames: a width, and at least `frames`
 * new frames presented (requestVideoFrameCallback — Firefox reports no
 * playback-quality counts for MediaStreams).
 */
export async function framesArrive(video: HTMLVideoElement, frames = 5, timeoutMs = 15_000): Promise<number> {
  const counter = countFrames(video);
  try {
    await waitFor(() => video.videoWidth > 0 && counter.count >= frames, `${frames} video frames (got ${counter.count})`, timeoutMs);
  } finally {
    counter.stop();
  }
  return counter.count;
}

/** Counts the frames `video` presents from now on, until `stop()`. */
export function countFrames(video: HTMLVideoElement): { count: number; stop(): void } {
  let stopped = false;
  const counter = { count: 0, stop: () => void (stopped = true) };
  const tick = (): void => {
    if (stopped) return;
    counter.count += 1;
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
  return counter;
}

/** The frames `video` presents during the next `ms`. */
export async function framesDuring(video: HTMLVideoElement, ms: number): Promise<number> {
  const counter = countFrames(video);
  await new Promise((resolve) => setTimeout(resolve, ms));
  counter.stop();
  return counter.count;
}

/** Both sessions connected; `caller` calls `callee`, who accepts; both in a call. */
export async function callAndAccept(caller: RouletteSession, callee: RouletteSession): Promise<void> {
  void caller.call(callee.state.username!);
  await untilPhase(callee, 'incoming');
  await callee.accept();
  await untilPhase(caller, 'in-call');
  await untilPhase(callee, 'in-call');
}

/**
 * `caller` calls `name`, whose page shows `lobby` and `call`: a person presses
 * Accept in the lobby; the call view takes its place and shows the caller.
 */
export async function acceptOnPage(caller: RouletteSession, name: string, lobby: HTMLElement, call: HTMLElement): Promise<void> {
  void caller.call(name);
  const accept = await untilButton(lobby, 'Accept');
  expect(lobby.shadowRoot!.textContent).to.contain(`${caller.state.username} is calling you`);
  accept.click();
  await untilPhase(caller, 'in-call');
  await waitFor(() => isShown(call) && !isShown(lobby), 'the call view in place of the lobby');
  await framesArrive(call.shadowRoot!.querySelector<HTMLVideoElement>('[part="remote-video"]')!);
}

/** The button inside `el`'s shadow root whose accessible text is `name`. */
export function buttonNamed(el: Element, name: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}" in <${el.localName}>`);
  return found;
}

export function hasButton(el: Element, name: string): boolean {
  return [...el.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent?.trim() === name);
}

/** The input inside `el`'s shadow root labelled `label`. */
export function inputLabelled(el: Element, label: string): HTMLInputElement {
  const labelEl = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  const input = labelEl ? el.shadowRoot!.getElementById(labelEl.htmlFor) : null;
  if (!(input instanceof HTMLInputElement)) throw new Error(`no field "${label}" in <${el.localName}>`);
  return input;
}

/** The login form gave way to the lobby, which greets `name`. */
export async function untilLobbyFor(login: HTMLElement, lobby: HTMLElement, name: string): Promise<void> {
  await waitFor(() => isShown(lobby) && !isShown(login), 'the lobby in place of the login form');
  expect(lobby.shadowRoot!.textContent).to.contain(name);
}

/**
 * A framework unmounted `container`'s `<roulette-session>` (`el`): it is out
 * of the page, and the person left — `caller` finds `name` offline.
 */
export async function expectUnmountedAndGone(container: Element, el: Element, caller: RouletteSession, name: string): Promise<void> {
  expect(container.childElementCount).to.equal(0);
  expect(el.isConnected).to.equal(false);
  expect(await callOutcome(caller, name)).to.equal('USER_NOT_FOUND');
}

/** Ends what a framework test left: its `<roulette-session>` elements, stored sessions, sessions and servers. */
export async function cleanUpPage(): Promise<void> {
  for (const el of document.querySelectorAll('roulette-session')) el.remove();
  sessionStorage.clear();
  await cleanUp();
}

/** A person types a fresh name (`prefix`-…) in `login`'s form and presses Enter; returns the name. */
export async function typeName(login: Element, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await waitFor(() => login.shadowRoot?.querySelector('input'), 'the login form');
  inputLabelled(login, 'Username').focus();
  await sendKeys({ type: name });
  await sendKeys({ press: 'Enter' });
  return name;
}

/** Text of the `role="alert"` region(s). */
export function alertText(el: Element): string {
  return [...el.shadowRoot!.querySelectorAll('[role="alert"]')].map((n) => n.textContent?.trim() ?? '').join(' ').trim();
}

/** Text of the `role="status"` region(s) that are displayed. */
export function statusText(el: Element): string {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="status"]')]
    .filter((n) => n.offsetParent !== null || getComputedStyle(n).display !== 'none')
    .map((n) => n.textContent?.trim() ?? '')
    .join(' ')
    .trim();
}

/** True when the element is displayed (Roulette elements hide outside their phases). */
export function isShown(el: HTMLElement): boolean {
  return getComputedStyle(el).display !== 'none';
}

/**
 * Makes getUserMedia fail like a denied or missing camera, after `afterMs`
 * (a person answering the browser's prompt); returns the undo.
 */
export function breakCamera(name: 'NotAllowedError' | 'NotFoundError', afterMs = 0): () => void {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  const failure = () => new DOMException('Test: no camera for you', name);
  media.getUserMedia = () =>
    afterMs ? new Promise((_, reject) => setTimeout(() => reject(failure()), afterMs)) : Promise.reject(failure());
  return () => {
    media.getUserMedia = original;
  };
}

/** Makes getUserMedia take `ms` longer (a slow camera, or a prompt answered late); returns the undo. */
export function slowCamera(ms: number): () => void {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  media.getUserMedia = async (constraints) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return original.call(media, constraints);
  };
  return () => {
    media.getUserMedia = original;
  };
}

/** The HS256 secret of the signed-identity test servers (`startServer({ authSecret: TEST_AUTH_SECRET })`). */
export const TEST_AUTH_SECRET = 'roulette-test-secret-at-least-32-characters';

/** A signed identity token for `name`, as a site's backend would make it (HS256, `name` claim). */
export async function signedToken(name: string, { expiresIn = '5m', secret = TEST_AUTH_SECRET } = {}): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** `root`, its shadow root, and every shadow root below them. */
function shadowRoots(root: Element | ShadowRoot): Array<Element | ShadowRoot> {
  const scopes: Array<Element | ShadowRoot> = root instanceof Element && root.shadowRoot ? [root, root.shadowRoot] : [root];
  const found = [...scopes];
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) found.push(...shadowRoots(el.shadowRoot));
  }
  return found;
}

/** The name a screen reader reads for `el`: its `aria-label`, else its text without `aria-hidden` parts, spaces folded. */
function spokenText(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label;
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The button anywhere below `el` (through nested shadow roots, dialogs too) whose text is `name`, if shown. */
export function findButton(el: Element, name: string | RegExp): HTMLButtonElement | undefined {
  const matches = (text: string): boolean => (typeof name === 'string' ? text === name : name.test(text));
  return shadowRoots(el)
    .flatMap((root) => [...root.querySelectorAll('button')])
    .find((b) => matches(spokenText(b)) && b.getClientRects().length > 0);
}

/** Waits for `findButton` to find it. */
export function untilButton(el: Element, name: string | RegExp, timeoutMs = 10_000): Promise<HTMLButtonElement> {
  return waitFor(() => findButton(el, name), `a "${name}" button in <${el.localName}>`, timeoutMs);
}

/** The checkbox or radio button anywhere below `el` whose label text is `label`. */
export function findChoice(el: Element, label: string): HTMLInputElement | undefined {
  return shadowRoots(el)
    .flatMap((root) => [...root.querySelectorAll('label')])
    .find((l) => l.textContent?.replace(/\s+/g, ' ').trim() === label)
    ?.querySelector('input') ?? undefined;
}

/** The open `<dialog>` anywhere below `el`; of several (a confirmation over the ringing sheet), the last, innermost one. */
export function openDialog(el: Element): HTMLDialogElement | undefined {
  return shadowRoots(el)
    .flatMap((root) => [...root.querySelectorAll('dialog')])
    .filter((d) => d.open)
    .at(-1);
}

/** The element that has focus, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A person on the page: their session, lobby and call view. */
export interface Person {
  session: RouletteSession;
  lobby: RouletteLobby;
  call: RouletteCall;
  name: string;
}

/** Connects a session under a fresh name and shows its lobby and call view. */
export async function person(server: TestServer, prefix: string): Promise<Person> {
  const session = await connected(server, prefix);
  const root = await fixture<HTMLDivElement>(html`
    <div>
      <roulette-lobby .session=${session}></roulette-lobby>
      <roulette-call .session=${session}></roulette-call>
    </div>
  `);
  return {
    session,
    lobby: root.querySelector('roulette-lobby')!,
    call: root.querySelector('roulette-call')!,
    name: session.state.username!,
  };
}
