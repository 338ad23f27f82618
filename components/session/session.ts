// RouletteSession: the calling workflow's state machine. Public actions,
// reactions to server events, and the snapshot with its events; the media
// of each attempt are a `Call` (call.ts), the sentences are in wording.ts,
// the reload record in storage.ts, the state's types in state.ts.
import type { CancelReason, EndReason, IceServer, MediaReason, RejectReason, ReportReason, Role, SessionDescription } from '../../protocol/index.js';
import type { RouletteEventMap } from '../events.js';
import type { Background } from './background/choice.js';
import { Call } from './call.js';
import { MAX_CHAT_LENGTH, type ChatMessage } from './call-channel.js';
import { loadDevices, saveDevice } from './devices.js';
import { isMediaProblem } from './media.js';
import { sameName } from './names.js';
import type { PeerSessionOptions } from './peer-session.js';
import type { SafetyHost } from './safety-actions.js';
import { SignalingClient, type SignalingClientEventMap, type SignalingClientOptions } from './signaling-client.js';
import { SignalingError } from './signaling-error.js';
import {
  initialState,
  nextState,
  NO_CALL,
  callIsOn,
  stepOf,
  UNDER_WAY,
  type CallEndReason,
  type Notice,
  type SessionState,
  type StatePatch,
  type Step,
} from './state.js';
import { SessionStore } from './storage.js';
import { TypedEventTarget } from './typed-event-target.js';
import * as wording from './wording.js';

export type { CallEndReason, Notice, Phase, SessionState } from './state.js';

export interface RouletteSessionOptions {
  /** The signaling server, e.g. `https://calls.example.com`. */
  server: string;
  /**
   * Where `{ server, username, resume }` is kept so a page reload resumes the
   * name. Defaults to `sessionStorage`; `null` turns it off.
   */
  storage?: Storage | null;
  /** Tuning for the signaling client (timeouts). */
  signaling?: SignalingClientOptions;
  /** When to restart ICE and when to give up on a broken call (see `PeerSession`). */
  recovery?: PeerSessionOptions['recovery'];
  /**
   * v2 signed identities: returns the site's signed token (a JWT naming the
   * person). Called again for every connect, reconnect and resume, so tokens
   * may be short-lived. With a token the name comes from the server.
   */
  getToken?: TokenSource;
}

/** Where a signed identity token comes from (see `RouletteSessionOptions.getToken`). */
export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** The session's own events: the public ones, and `change` (the snapshot was replaced). */
export interface SessionEventMap extends RouletteEventMap {
  change: Event;
}

/**
 * The calling workflow as a plain object: owns the signaling client, the
 * state machine (disconnected → connecting → idle → outgoing / incoming /
 * searching → in-call → idle) and the current call's media. Elements
 * render its `state`; pages may drive it from code.
 *
 * Actions never reject: failures become a `notice` in `state` and a
 * `roulette-error` event.
 *
 * @fires roulette-state-change, roulette-call-start, roulette-call-end,
 *   roulette-incoming-call, roulette-matched, roulette-next, roulette-error,
 *   roulette-notice, roulette-reconnecting, roulette-stats
 *   (on the session itself; `<roulette-session>` re-fires them on the page)
 * @fires change - (internal) the state snapshot was replaced
 */
export class RouletteSession extends TypedEventTarget<SessionEventMap> {
  readonly server: string;
  readonly #store: SessionStore;
  readonly #signalingOptions: SignalingClientOptions;
  readonly #recovery: RouletteSessionOptions['recovery'];
  #current: SessionState;
  #client?: SignalingClient;
  /** Aborted to stop listening to the client. */
  #wiring?: AbortController;
  #iceServers: IceServer[] = [];
  /** The media of the current attempt; replaced by each attempt, so late results of an old one are dropped. */
  #call?: Call;
  readonly #getToken?: TokenSource;
  /** The interests of the last stranger search, sent again by Next. */
  #interests: string[] = [];

  constructor(options: RouletteSessionOptions) {
    super();
    this.server = options.server;
    this.#store = new SessionStore(this.server, options.storage);
    this.#signalingOptions = options.signaling ?? {};
    this.#recovery = options.recovery;
    this.#getToken = options.getToken;
    this.#current = initialState(this.server, loadDevices());
  }

  /** The current snapshot. */
  get state(): SessionState {
    return this.#current;
  }

  /** The underlying signaling client while connected (diagnostics, tests, extensions). */
  get signaling(): SignalingClient | undefined {
    return this.#client;
  }

  /** The current peer connection, during a call. */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#call?.pc;
  }

  /** True when a page reload left a session to resume for this server. */
  get canRestore(): boolean {
    return this.#store.read() !== undefined;
  }

  /**
   * Connects and registers `username`; an empty name asks the server for a
   * guest name. Resolves when idle or when the failure is shown.
   */
  async connect(username = ''): Promise<void> {
    const name = username.trim();
    await this.#open(name ? { as: name } : {}, !name);
  }

  /**
   * Resumes the session a page reload interrupted (same name; a call that
   * was in progress is ended for the other person). Resolves `false` when
   * there was nothing to resume.
   */
  async restore(): Promise<boolean> {
    const stored = this.#store.read();
    if (!stored || this.#current.phase !== 'disconnected') return false;
    const ok = await this.#open({ as: stored.username, resume: stored.resume }, false);
    const { phase, peer } = stored;
    if (!ok || !this.#client || !phase) return true;
    // A request to us may still be pending: show it again.
    if (phase === 'incoming') {
      if (peer) this.#update({ phase: 'incoming', peer, role: 'recipient' });
      return true;
    }
    // Anything else the server may still hold (a queue place, our request, a call) ends: the camera is off now.
    void this.#withdraw(undefined, phase, peer);
    if (phase === 'in-call' && peer) this.#notify(wording.reloadedNotice(peer));
    return true;
  }

  /** Calls `to`. Your camera starts at once so the call connects quickly. */
  async call(to: string): Promise<void> {
    const client = this.#client;
    const name = to.trim();
    if (!client || this.#current.phase !== 'idle') return;
    if (!name) return this.#fail(wording.EMPTY_CALLEE);
    if (sameName(name, this.#current.username)) return this.#fail(wording.SELF_CALL);
    const call = this.#startCall();
    this.#update({ phase: 'outgoing', peer: name, role: 'caller', notice: undefined });
    // Negotiate as soon as the camera is on; signaling is held until the call is accepted.
    void call.startCamera((stream) => call.connect('caller', this.#current.phase === 'outgoing', stream));
    try {
      await client.request('REQUEST_CALL', { to: name });
    } catch (error) {
      if (call !== this.#call) return;
      this.#endAttempt({ phase: 'idle' });
      this.#fail(wording.requestCallNotice(error, name));
    }
  }

  /** Withdraws your pending call request. */
  async cancel(): Promise<void> {
    if (!this.#client || this.#current.phase !== 'outgoing') return;
    const withdrawn = this.#withdraw();
    this.#endAttempt({ phase: 'idle', notice: undefined });
    await withdrawn;
  }

  /**
   * Accepts the incoming call at once, so the caller's offer is on its way
   * while your camera starts; the answer waits for the camera. Resolves in
   * the call, or when the failure is shown (a camera that fails now ends
   * the call for both sides).
   */
  async accept(): Promise<void> {
    const client = this.#client;
    const from = this.#current.peer;
    if (!client || stepOf(this.#current) !== 'incoming' || !from) return;
    const call = this.#startCall();
    this.#update({ answering: true, notice: undefined });
    const camera = call.startCamera();
    // An offer that arrives first is answered once the camera's tracks are added.
    call.connect('recipient', false, camera);
    try {
      await client.request('ACCEPT_CALL', { from });
    } catch {
      if (call !== this.#call) return;
      this.#endAttempt({ phase: 'idle' });
      this.#notify(wording.goneRequestNotice(from));
      return;
    }
    await camera;
    if (call !== this.#call) return;
    this.#update({ phase: 'in-call', answering: false });
    this.#emit('roulette-call-start', { peer: from, role: 'recipient' });
  }

  /** Declines the incoming call; you stay idle. */
  async reject(): Promise<void> {
    if (!this.#client || this.#current.phase !== 'incoming') return;
    const withdrawn = this.#withdraw();
    this.#endAttempt({ phase: 'idle', notice: undefined });
    await withdrawn;
  }

  /** Ends the call for both sides. */
  async hangUp(): Promise<void> {
    const peer = this.#current.peer;
    if (!this.#client || this.#current.phase !== 'in-call' || !peer) return;
    const withdrawn = this.#withdraw();
    this.#endAttempt({ phase: 'idle' }, 'hangup');
    this.#notify(wording.hungUpNotice(peer));
    await withdrawn;
  }

  /**
   * Roulette mode: waits for a random stranger, then calls them at once
   * (`roulette-matched`). Your camera starts now so the call connects quickly.
   */
  async findStranger(interests?: readonly string[]): Promise<void> {
    // v2: strangers who share one of these are matched first (the server compares them).
    // The interests' rules load with the interests field (a chunk of its own): only for those who give some.
    if (interests) this.#interests = (await import('./interests.js')).cleanInterests(interests);
    if (this.#client && this.#current.phase === 'idle') await this.#search(this.#client);
  }

  /** Stops looking for a stranger; you stay idle. */
  async cancelSearch(): Promise<void> {
    if (!this.#client || this.#current.phase !== 'searching') return;
    // Refused when a match was made just before: `onMatched` hangs that up.
    const withdrawn = this.#withdraw();
    this.#endAttempt({ phase: 'idle', notice: undefined });
    await withdrawn;
  }

  /** In a random call: leaves this stranger and looks for the next in one move. */
  async next(): Promise<void> {
    const client = this.#client;
    const { phase, peer, matched } = this.#current;
    if (!client || phase !== 'in-call' || !matched || !peer) return;
    // The server handles a connection's messages in order: HANG_UP, then FIND_MATCH.
    // Your camera goes on to the next stranger: not closed and opened again.
    const camera = this.#current.sharing ? undefined : this.#call?.handOverCamera();
    void this.#withdraw();
    const searching = this.#search(client, camera); // the call ends: now 'searching'
    this.#emit('roulette-next', { peer });
    await searching;
  }

  /** Leaves: frees your name and ends any call or request (the other person is told). */
  disconnect(): void {
    const client = this.#client;
    if (!client) return;
    void this.#withdraw();
    this.#dropClient();
    client.disconnect();
    this.#store.clear();
    this.#endAttempt({ phase: 'disconnected', username: undefined, guest: false, reconnecting: false, notice: undefined }, 'disconnected');
  }

  /** Clears the notice shown. */
  dismissNotice(): void {
    if (this.#current.notice) this.#update({ notice: undefined });
  }

  // ---- in a call --------------------------------------------------------

  /** Turns your microphone off (`true`) or back on during a call; the other side is told. */
  setMuted(muted: boolean): void {
    this.#setMedia({ muted });
  }

  /** Turns your camera off (`true`) or back on during a call; the other side is told. */
  setCameraOff(cameraOff: boolean): void {
    this.#setMedia({ cameraOff });
  }

  /** Sends a chat line to the other person, peer to peer (at most 1000 characters). */
  sendMessage(text: string): void {
    const line = text.trim().slice(0, MAX_CHAT_LENGTH);
    if (!line || this.#current.chatClosed) return;
    const at = Date.now();
    if (this.#call?.sendChat(line, at)) this.#addMessage({ mine: true, text: line, at });
  }

  /**
   * Uses another camera, microphone or speaker (a `deviceId` from
   * `enumerateDevices()`) and remembers it for the next visit. During a call
   * the new track replaces the old one (`replaceTrack`, no renegotiation);
   * the speaker is applied by `<roulette-call>` where `setSinkId` exists.
   */
  async useDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
    this.#update({ devices: saveDevice(kind, deviceId) });
    if (kind === 'audiooutput' || !this.#call) return;
    try {
      const stream = await this.#call.switchDevice(kind === 'audioinput' ? 'audio' : 'video', deviceId);
      // A new stream object, so the preview picks the new track up.
      if (stream) this.#update({ localStream: stream });
    } catch {
      this.#fail(wording.DEVICE_FAILED);
    }
  }

  /**
   * Shares your screen in place of your camera during a call (the browser
   * asks which); the other side is told and `roulette-screen-share` fires.
   * Canceling the browser's picker changes nothing.
   */
  async shareScreen(): Promise<void> {
    const { phase, peer, sharing } = this.#current;
    const call = this.#call;
    if (!call || phase !== 'in-call' || sharing || !peer) return;
    let started: boolean;
    try {
      // False while an earlier click's picker is still open.
      started = await call.shareScreen(() => this.#screenShared(false, peer, true));
    } catch (error) {
      if ((error as Error).name !== 'NotAllowedError' && call === this.#call) this.#fail(wording.SCREEN_FAILED);
      return;
    }
    if (started && call === this.#call) this.#screenShared(true, peer, true);
  }

  /**
   * Puts `background` behind you — `none`, `blur`, or the URL of one of the
   * site's pictures (`<roulette-session background-pictures>`) — and
   * remembers it for this site. During a call the processed picture replaces
   * your camera's at once; otherwise the next call starts with it. If the
   * effect cannot run here, your camera is turned off and a notice says why.
   * Rejects with a `RangeError` (changing nothing) for a background the site
   * does not offer.
   */
  async setBackground(background: Background): Promise<void> {
    (await import('./background/choice-store.js')).saveBackground(background);
    await this.#call?.setBackground(background);
  }

  /** Stops sharing your screen: your camera is sent again. */
  stopScreenShare(): void {
    this.#call?.stopScreen();
  }

  #screenShared(sharing: boolean, peer: string, local: boolean): void {
    this.#update(local ? { sharing } : { peerSharing: sharing });
    this.#emit('roulette-screen-share', { action: sharing ? 'start' : 'stop', peer, local });
  }

  // ---- safety (v2) -------------------------------------------------------

  /**
   * Blocks `name` (default: the person calling you or in a call with you):
   * they can no longer call you or be matched with you. Their ringing call
   * is declined and a call with them ends; they are not told it was a block.
   */
  async block(name = this.#current.peer): Promise<void> {
    const host = this.#safetyHost();
    if (host && name) await (await import('./safety-actions.js')).block(host, name);
  }

  /** Lifts a block. */
  async unblock(name: string): Promise<void> {
    const host = this.#safetyHost();
    if (host) await (await import('./safety-actions.js')).unblock(host, name);
  }

  /**
   * Reports the stranger you are in a call with (random matches only); the
   * server also blocks them. Ends the call and looks for the next stranger,
   * unless `next` is false. `evidence`: one still frame (base64 JPEG) of
   * what the person saw, sent only when the server asks for it
   * (`reportEvidence`).
   */
  async report(reason: ReportReason, { next = true, evidence }: { next?: boolean; evidence?: string } = {}): Promise<void> {
    const { phase, peer, matched } = this.#current;
    if (phase !== 'in-call' || !matched || !peer) return;
    const host = this.#safetyHost();
    const frame = this.reportEvidence ? evidence : undefined;
    if (host) await (await import('./safety-actions.js')).report(host, peer, reason, next, frame);
  }

  /** The server's operator wants a still frame attached to reports (REPORT_EVIDENCE=1); off by default. */
  get reportEvidence(): boolean {
    return this.#client?.reportEvidence ?? false;
  }

  /** What block, unblock and report (safety-actions.ts, loaded on first use) need of this session. */
  #safetyHost(): SafetyHost | undefined {
    const client = this.#client;
    if (!client) return undefined;
    return {
      client,
      state: () => this.#current,
      endRinging: () => this.#endAttempt({ phase: 'idle' }),
      hangUp: () => this.hangUp(),
      next: () => this.next(),
      update: (patch) => this.#update(patch),
      notify: (notice) => this.#notify(notice),
      fail: (notice) => this.#fail(notice),
    };
  }

  // ---- connection -------------------------------------------------------

  async #open(payload: { as?: string; resume?: string }, guest: boolean): Promise<boolean> {
    if (this.#current.phase !== 'disconnected') return false;
    this.#update({ phase: 'connecting', notice: undefined });
    // A call in progress is peer to peer: a server restart or deploy does not end it.
    const client = new SignalingClient(this.server, {
      ...this.#signalingOptions,
      holdOn: () => this.#current.phase === 'in-call',
      getToken: this.#getToken,
    });
    this.#client = client;
    this.#wire(client);
    try {
      const token = await client.token();
      const result = await client.connect(token ? { ...payload, token } : payload);
      if (this.#client !== client) return false;
      this.#iceServers = result.iceServers ?? [];
      this.#update({
        phase: 'idle',
        username: result.username,
        guest: guest && !token,
        // A resumed session still has its blocks: show them again after a reload.
        blocked: (result.resumed && this.#store.read()?.blocked) || [],
        notice: guest && !token ? wording.guestNotice(result.username) : undefined,
      });
      this.#persist();
      return true;
    } catch (error) {
      if (this.#client !== client) return false;
      this.#dropClient();
      if (payload.resume) this.#store.clear();
      this.#update({ phase: 'disconnected' });
      this.#fail(wording.connectNotice(error));
      return false;
    }
  }

  #wire(client: SignalingClient): void {
    const wiring = (this.#wiring = new AbortController());
    const on = <K extends keyof SignalingClientEventMap>(type: K, listener: (event: SignalingClientEventMap[K]) => void): void =>
      client.addEventListener(type, listener, { signal: wiring.signal });
    on('reconnecting', () => {
      this.#update({ reconnecting: true });
      this.#emit('roulette-reconnecting', { reconnecting: true });
    });
    on('resumed', (event) => {
      this.#update({ reconnecting: false });
      this.#persist();
      this.#emit('roulette-reconnecting', { reconnecting: false });
      if (!event.detail.resumed) this.#lostOnServer();
    });
    on('closed', ({ detail }) => {
      if (detail.deliberate || this.#client !== client) return;
      this.#dropClient();
      this.#store.clear();
      this.#endAttempt({ phase: 'disconnected', username: undefined, guest: false, reconnecting: false }, 'signaling-closed');
      this.#fail({ tone: 'error', code: detail.code, message: detail.message, text: detail.text });
    });
    on('CALL_REQUESTED', ({ detail }) => this.#onCallRequested(detail.from));
    on('CALL_ACCEPTED', ({ detail }) => this.#onCallAccepted(detail.by));
    on('CALL_REJECTED', ({ detail }) => this.#onCallRejected(detail.by, detail.reason));
    on('CALL_CANCELED', ({ detail }) => this.#onCallCanceled(detail.by, detail.reason));
    on('CALL_ENDED', ({ detail }) => this.#onCallEnded(detail.by, detail.reason));
    on('MATCHED', ({ detail }) => this.#onMatched(detail.peer, detail.role, detail.common));
    on('CALLER_DESCRIPTOR_RECEIVED', ({ detail }) => this.#onDescription(detail.from, detail.sdp));
    on('RECIPIENT_DESCRIPTOR_RECEIVED', ({ detail }) => this.#onDescription(detail.from, detail.sdp));
    // v2.1: one candidate, or a batch of them in order.
    on('ICE_CANDIDATE_RECEIVED', ({ detail }) => {
      if (sameName(detail.from, this.#current.peer)) for (const c of detail.candidates ?? [detail.candidate!]) this.#call?.receiveCandidate(c);
    });
  }

  /**
   * Registered again, but not resumed (v2 `resumed: false`, e.g. the server
   * restarted): the server no longer knows our call, request or queue place.
   * A call whose peer-to-peer connection is up goes on (its hang-up also goes
   * over the data channel); anything else under way is over: say so.
   */
  #lostOnServer(): void {
    const { peer, connection } = this.#current;
    const step = stepOf(this.#current);
    if ((step === 'in-call' && connection === 'connected') || !UNDER_WAY.includes(step)) return;
    this.#endAttempt({ phase: 'idle' }, 'signaling-closed');
    this.#notify(wording.lostOfflineNotice(step, peer));
  }

  #dropClient(): void {
    this.#wiring?.abort();
    this.#client = undefined;
  }

  // ---- server events ----------------------------------------------------

  #onCallRequested(from: string): void {
    if (this.#current.phase !== 'idle') {
      this.#client?.send('REJECT_CALL', { from });
      return;
    }
    this.#update({ phase: 'incoming', peer: from, role: 'recipient', answering: false, notice: undefined });
    this.#emit('roulette-incoming-call', { from });
  }

  // CALL_ACCEPTED / CALL_REJECTED only ever answer our own request, so in
  // `outgoing` they are taken as they come, and `by` (the name as the callee
  // registered it) replaces what we typed: the server matches look-alikes
  // and case variants the client's folded comparison does not.
  #onCallAccepted(by: string): void {
    if (this.#current.phase !== 'outgoing') {
      this.#client?.send('HANG_UP', { to: by });
      return;
    }
    this.#update({ phase: 'in-call', peer: by });
    this.#call?.release();
    this.#emit('roulette-call-start', { peer: by, role: 'caller' });
  }

  #onCallRejected(by: string, reason: RejectReason): void {
    if (this.#current.phase !== 'outgoing') return;
    this.#endAttempt({ phase: 'idle' });
    this.#notify(wording.rejectedNotice(by, reason));
  }

  #onCallCanceled(by: string, reason: CancelReason): void {
    if (this.#current.phase !== 'incoming' || !sameName(by, this.#current.peer)) return;
    this.#endAttempt({ phase: 'idle' });
    this.#notify(wording.canceledNotice(by, reason));
  }

  /** The other person ended the call: `told` by the server, or else over the call's data channel only (so far). */
  #onCallEnded(by: string, reason: EndReason, told = true): void {
    const { peer, matched, recovering: lost, phase, sharing } = this.#current;
    if (!callIsOn(this.#current) || !sameName(by, peer)) return;
    const ended = reason === 'disconnected' || lost ? 'peer-disconnected' : 'peer-hangup';
    const notice = wording.endedNotice(by, reason, matched, !!lost);
    const client = this.#client;
    // Stranger mode: on to the next stranger at once, as after Next (the stage stays, the camera goes on).
    // Told over the data channel only, the server may still hold the call and refuse FIND_MATCH: HANG_UP first (handled in order).
    if (!(matched && phase === 'in-call' && client)) {
      this.#endAttempt({ phase: 'idle' }, ended);
      this.#notify(notice);
    } else void this.#search(client, sharing ? undefined : this.#call?.handOverCamera(), { ended, notice }, told ? undefined : by);
  }

  #onMatched(peer: string, role: Role, common: string[] = []): void {
    if (this.#current.phase !== 'searching') {
      // Matched just as the search was canceled: end that call at once.
      this.#client?.send('HANG_UP', { to: peer });
      return;
    }
    // The pair is an accepted call already: the caller offers as soon as its camera is on.
    const shared = Array.isArray(common) && common.length ? common : undefined;
    this.#update({ phase: 'in-call', peer, role, matched: true, common: shared, notice: shared && wording.commonNotice(shared) });
    const call = (this.#call ??= this.#startCall());
    call.connect(role, false, call.camera ?? Promise.resolve(undefined));
    this.#emit('roulette-matched', { peer, role });
    this.#emit('roulette-call-start', { peer, role });
  }

  #onDescription(from: string, sdp: SessionDescription): void {
    if (sameName(from, this.#current.peer)) this.#call?.receiveDescription(sdp);
  }

  // ---- the call's media --------------------------------------------------

  /**
   * Joins the stranger queue (from idle, or from a call with a stranger:
   * Next, or `left`: they left, saying so) with the camera starting, or
   * going on (`camera`); `hangUp` ends the call with that person for the
   * server first.
   */
  async #search(client: SignalingClient, camera?: MediaStream, left?: { ended: CallEndReason; notice: Notice }, hangUp?: string): Promise<void> {
    const continuing = this.#current.phase === 'in-call';
    this.#endAttempt({ phase: 'searching', notice: undefined, localStream: camera, continuing }, left?.ended);
    if (left) this.#notify(left.notice);
    const call = this.#startCall();
    void call.startCamera(undefined, camera);
    try {
      if (hangUp) client.send('HANG_UP', { to: hangUp });
      await client.request('FIND_MATCH', this.#interests.length ? { interests: this.#interests } : {});
    } catch (error) {
      if (call !== this.#call || this.#current.phase !== 'searching') return;
      this.#endAttempt({ phase: 'idle' });
      // After a stranger left, the lobby says so, as without the search ("Find another stranger" says why it fails).
      this.#fail(wording.searchNotice(error), left?.notice);
    }
  }

  /** A new attempt's media, reporting into this session for as long as it is the current one. */
  #startCall(): Call {
    this.#call?.close();
    const client = this.#client;
    const call: Call = new Call(
      {
        description: (sdp, role) => {
          const to = this.#current.peer;
          if (!to || !client) return;
          const event = role === 'caller' ? 'SEND_CALLER_DESCRIPTOR' : 'SEND_RECIPIENT_DESCRIPTOR';
          client.request(event, { to, sdp }).catch((error: unknown) => {
            if (this.#call === call) console.warn('Roulette: a description was not relayed', error);
          });
        },
        candidate: (candidate) => {
          const to = this.#current.peer;
          if (to && client) client.sendCandidate(to, candidate);
        },
        update: (patch) => this.#update(patch),
        cameraFailed: (problem) => this.#mediaFailed(problem),
        failure: (message) => {
          void this.#withdraw();
          this.#endAttempt({ phase: 'idle' }, 'connection-failed');
          this.#fail({ tone: 'error', code: 'connection-failed', message });
        },
        channelOpen: () => this.#sendMediaState(),
        chat: (message) => this.#addMessage(message),
        peerScreen: (sharing) => this.#current.peer && this.#screenShared(sharing, this.#current.peer, false),
        bye: (reason) => {
          const peer = this.#current.peer;
          if (peer) this.#onCallEnded(peer, reason ?? 'hangup', false);
        },
        sampling: () => this.#current.phase === 'in-call',
        stats: (stats) => {
          this.#update({ stats });
          this.#emit('roulette-stats', stats);
        },
      },
      { iceServers: this.#iceServers, recovery: this.#recovery },
    );
    this.#call = call;
    return call;
  }

  #setMedia(patch: { muted?: boolean; cameraOff?: boolean }): void {
    if (this.#current.phase !== 'in-call') return;
    this.#update(patch);
    const { muted, cameraOff } = this.#current;
    this.#call?.setTracks(!!muted, !!cameraOff);
  }

  /** Tells the other side whether your microphone and camera are sending. */
  #sendMediaState(): void {
    const { muted, cameraOff } = this.#current;
    this.#call?.sendMediaState(!!muted, !!cameraOff);
  }

  #addMessage(message: ChatMessage): void {
    this.#update({ messages: [...(this.#current.messages ?? []), message].slice(-200) });
  }

  /** The camera could not be started: withdraws what is under way (the other side is told) and says why. */
  #mediaFailed(problem: unknown): void {
    // v2: `reason: 'media'` tells the other person it was the camera, not a change of mind.
    void this.#withdraw('media');
    this.#endAttempt({ phase: 'idle' }, 'media-error');
    this.#fail(isMediaProblem(problem) ? wording.mediaNotice(problem) : wording.MEDIA_FAILED);
  }

  // ---- ending ------------------------------------------------------------

  /**
   * Withdraws what is under way, for the server and the other person: leaves
   * the queue, cancels your request (hanging up instead when it was accepted
   * just before), declines the call ringing, or hangs up the call, saying bye
   * over its data channel too. `step` and `peer` default to the current
   * state's (a reloaded page passes its record's). `reason: 'media'` (v2)
   * tells the other person it was the camera. Resolves once the server has
   * answered; never rejects. Call it before `#endAttempt` forgets the peer.
   */
  async #withdraw(reason?: MediaReason, step: Step = stepOf(this.#current), peer = this.#current.peer): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const why = reason ? { reason } : {};
    const callOn = step === 'in-call' || step === 'answering';
    if (callOn) this.#call?.close(why);
    // Each request goes out at once (before the first await): in order with what the caller sends next.
    try {
      if (step === 'searching') await client.request('LEAVE_QUEUE', {});
      else if (!peer) return;
      else if (step === 'outgoing') await client.request('CANCEL_CALL', { to: peer, ...why });
      else if (step === 'incoming') await client.request('REJECT_CALL', { from: peer, ...why });
      else if (callOn) await client.request('HANG_UP', { to: peer, ...why });
    } catch (error) {
      // Accepted just before the cancel reached the server: end that call.
      if (step === 'outgoing' && peer && error instanceof SignalingError && error.code === 'NO_SUCH_REQUEST') client.send('HANG_UP', { to: peer, ...why });
    }
  }

  /**
   * Ends the current attempt here: closes its media (peer connection,
   * camera) and moves to `next`. A call that was on ends with
   * `roulette-call-end` — fired from here only — saying why (`ended`; by
   * default you ended it).
   */
  #endAttempt(next: StatePatch, ended: CallEndReason = 'hangup'): void {
    const { phase, peer } = this.#current;
    this.#call?.close();
    this.#call = undefined;
    this.#update({ ...NO_CALL, ...next });
    if (phase === 'in-call' && peer) this.#emit('roulette-call-end', { peer, reason: ended });
  }

  // ---- state and events -------------------------------------------------

  #update(patch: StatePatch): void {
    const previous = this.#current;
    const next = nextState(previous, patch); // throws on a move the table does not allow (development builds, tests)
    this.#current = next;
    if (next.phase !== previous.phase || next.peer !== previous.peer || next.answering !== previous.answering || next.blocked !== previous.blocked) this.#persist();
    if (next.notice && next.notice !== previous.notice) this.#emit('roulette-notice', next.notice);
    this.dispatchEvent(new Event('change'));
    if (next.phase !== previous.phase) {
      this.#emit('roulette-state-change', {
        state: next.phase,
        previous: previous.phase,
        ...(next.username ? { username: next.username } : {}),
        ...(next.peer ? { peer: next.peer } : {}),
      });
    }
  }

  /** Shows `notice` (a fresh object each time, so it is announced again). */
  #notify(notice: Notice): void {
    this.#update({ notice: { ...notice, message: notice.text?.() ?? notice.message } });
  }

  /** Fires `roulette-error` for `notice`, and shows it (or `shown` instead). */
  #fail(notice: Notice, shown = notice): void {
    this.#notify(shown);
    this.#emit('roulette-error', { code: notice.code, message: notice.text?.() ?? notice.message });
  }

  #emit<K extends keyof RouletteEventMap>(
    type: K,
    detail: RouletteEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Keeps what a page reload needs to resume. */
  #persist(): void {
    const { username, peer, blocked } = this.#current;
    const step = stepOf(this.#current);
    const resume = this.#client?.resumeSecret;
    if (!this.#store.enabled || !username || !resume) return;
    // Accepted while the camera starts is a call already: a reload ends it.
    this.#store.write({ server: this.server, username, resume, phase: step === 'answering' ? 'in-call' : step, peer, blocked });
  }
}
