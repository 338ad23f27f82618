import type { CancelReason, EndReason, IceServer, RejectReason, Role, SessionDescription } from '../../protocol/index.js';
import type { RouletteEventMap } from '../events.js';
import { CallChannel, MAX_CHAT_LENGTH, type ChatMessage } from './call-channel.js';
import { sampleStats, type CallStats, type StatsTotals } from './call-stats.js';
import { loadDevices, saveDevice, type DeviceChoice } from './devices.js';
import { deviceConstraints, openCamera, stopStream, type MediaProblem, isMediaProblem } from './media.js';
import { sameName } from './names.js';
import { PeerSession, type PeerSessionOptions } from './peer-session.js';
import { SignalingClient, type SignalingClientOptions, type SignalingClosedDetail } from './signaling-client.js';
import { SignalingError } from './signaling-error.js';

/** Where the session is in the calling workflow. */
export type Phase = 'disconnected' | 'connecting' | 'idle' | 'searching' | 'outgoing' | 'incoming' | 'in-call';

/** Why an accepted call ended. */
export type CallEndReason =
  /** You hung up (or pressed Next). */
  | 'hangup'
  /** The other person hung up. */
  | 'peer-hangup'
  /** The other person's connection dropped for good. */
  | 'peer-disconnected'
  /** Your camera/microphone could not be used. */
  | 'media-error'
  /** The peer-to-peer connection could not be set up. */
  | 'connection-failed'
  /** The signaling connection ended (server closed it, or it could not be resumed). */
  | 'signaling-closed'
  /** You disconnected. */
  | 'disconnected';

/** A message for the person: `info` is shown as a status, `error` as an alert. */
export interface Notice {
  tone: 'info' | 'error';
  /** Stable code for programs (e.g. `USERNAME_TAKEN`, `rejected`, `media-denied`). */
  code: string;
  /** The sentence shown. */
  message: string;
}

/** A snapshot of the session; replaced (never mutated) on every change. */
export interface SessionState {
  readonly phase: Phase;
  /** The signaling server URL. */
  readonly server: string;
  /** Your registered name. */
  readonly username?: string;
  /** True when the server issued the name (you connected without one). */
  readonly guest: boolean;
  /** The other person (outgoing, incoming, in-call). */
  readonly peer?: string;
  /** Your role in the current call or request. */
  readonly role?: Role;
  /** The call is a random match with a stranger (Roulette mode): "Next" applies. */
  readonly matched: boolean;
  /** Signaling is briefly lost and being resumed; the phase is kept. */
  readonly reconnecting: boolean;
  /**
   * An answer is in progress: you accepted (the server was told at once) and
   * your camera is starting; the call view follows when it is on.
   */
  readonly busy: boolean;
  readonly notice?: Notice;
  readonly localStream?: MediaStream;
  readonly remoteStream?: MediaStream;
  /** The peer connection's `connectionState` during a call. */
  readonly connection?: RTCPeerConnectionState;
  /** The peer-to-peer path broke and is being restored (ICE restart); the phase is kept. */
  readonly recovering?: boolean;
  /** When the call started (ms since the epoch), for its duration. */
  readonly since?: number;
  /** Your microphone is off ("Mute"); each call starts with it on. */
  readonly muted?: boolean;
  /** Your camera is off; each call starts with it on. */
  readonly cameraOff?: boolean;
  /** The other person's microphone is off or missing (they tell over the data channel). */
  readonly peerMuted?: boolean;
  /** The other person's camera is off or missing. */
  readonly peerCameraOff?: boolean;
  /** The call's chat, oldest first (the last 200 lines). */
  readonly messages?: readonly ChatMessage[];
  /** The other person left the chat: their side of the call closed. */
  readonly chatClosed?: boolean;
  /** The latest connection-quality sample (every 2 s while connected). */
  readonly stats?: CallStats;
  /** The camera, microphone and speaker chosen, by `deviceId` (remembered in `localStorage`). */
  readonly devices?: DeviceChoice;
}

/** What each call starts without. */
const CALL_RESET = {
  recovering: false,
  since: undefined,
  muted: false,
  cameraOff: false,
  peerMuted: false,
  peerCameraOff: false,
  messages: undefined,
  chatClosed: false,
  stats: undefined,
};

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
}

interface StoredSession {
  server: string;
  username: string;
  resume: string;
  phase?: Phase;
  peer?: string;
}

const STORAGE_PREFIX = 'roulette-session:';

/**
 * The calling workflow as a plain object: owns the signaling client, the
 * state machine (disconnected → connecting → idle → outgoing / incoming /
 * searching → in-call → idle), the peer connection and the media streams. Elements
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
export class RouletteSession extends EventTarget {
  readonly server: string;
  readonly #storage: Storage | null;
  readonly #signalingOptions: SignalingClientOptions;
  #current: SessionState;
  #client?: SignalingClient;
  #unwire: Array<() => void> = [];
  #iceServers: IceServer[] = [];
  #peerSession?: PeerSession;
  #localStream?: MediaStream;
  #channel?: CallChannel;
  readonly #recovery: RouletteSessionOptions['recovery'];
  /** The camera being started for a stranger search (Roulette mode). */
  #camera?: Promise<MediaStream | undefined>;
  /** Bumped whenever a call attempt ends, so late async results are dropped. */
  #attempt = 0;

  constructor(options: RouletteSessionOptions) {
    super();
    this.server = options.server;
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#signalingOptions = options.signaling ?? {};
    this.#recovery = options.recovery;
    this.#current = { phase: 'disconnected', server: this.server, guest: false, reconnecting: false, busy: false, matched: false, devices: loadDevices() };
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
    return this.#peerSession?.pc;
  }

  /** True when a page reload left a session to resume for this server. */
  get canRestore(): boolean {
    return this.#readStored() !== undefined;
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
    const stored = this.#readStored();
    if (!stored || this.#current.phase !== 'disconnected') return false;
    const ok = await this.#open({ as: stored.username, resume: stored.resume }, false);
    // Still queued for a stranger on the server: leave (the camera is off now).
    if (ok && stored.phase === 'searching') this.#client?.send('LEAVE_QUEUE', {});
    if (!ok || !this.#client || !stored.peer) return true;
    const client = this.#client;
    switch (stored.phase) {
      case 'in-call':
        client.send('HANG_UP', { to: stored.peer });
        this.#setNotice('info', 'reloaded', `The page was reloaded, so your call with ${stored.peer} ended.`);
        break;
      case 'outgoing':
        client.send('CANCEL_CALL', { to: stored.peer });
        break;
      case 'incoming':
        // The request may still be pending: show it again.
        this.#attempt += 1;
        this.#update({ phase: 'incoming', peer: stored.peer, role: 'recipient' });
        break;
    }
    return true;
  }

  /** Calls `to`. Your camera starts at once so the call connects quickly. */
  async call(to: string): Promise<void> {
    const client = this.#client;
    const name = to.trim();
    if (!client || this.#current.phase !== 'idle') return;
    if (!name) {
      this.#fail('empty-callee', 'Type the name of the person you want to call.');
      return;
    }
    if (sameName(name, this.#current.username)) {
      this.#fail('SELF_CALL', "That's your own name — type the name of someone else.");
      return;
    }
    const attempt = ++this.#attempt;
    this.#update({ phase: 'outgoing', peer: name, role: 'caller', notice: undefined });
    // Negotiate as soon as the camera is on; signaling is held until the call is accepted.
    void this.#startCamera((stream) => this.#createPeer('caller', this.#current.phase === 'outgoing').setLocalStream(stream));
    try {
      await client.request('REQUEST_CALL', { to: name });
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.#endAttempt({ phase: 'idle' });
      const notice = requestCallNotice(error, name);
      this.#fail(notice.code, notice.message, notice.tone);
    }
  }

  /** Withdraws your pending call request. */
  async cancel(): Promise<void> {
    const client = this.#client;
    const to = this.#current.peer;
    if (!client || this.#current.phase !== 'outgoing' || !to) return;
    this.#endAttempt({ phase: 'idle', notice: undefined });
    try {
      await client.request('CANCEL_CALL', { to });
    } catch (error) {
      // Accepted just before the cancel reached the server: end that call.
      if (error instanceof SignalingError && error.code === 'NO_SUCH_REQUEST') client.send('HANG_UP', { to });
    }
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
    if (!client || this.#current.phase !== 'incoming' || this.#current.busy || !from) return;
    const attempt = this.#attempt;
    this.#update({ busy: true, notice: undefined });
    const camera = this.#startCamera();
    // An offer that arrives first is answered once the camera's tracks are added.
    this.#createPeer('recipient', false).setLocalStream(camera);
    try {
      await client.request('ACCEPT_CALL', { from });
    } catch {
      if (attempt !== this.#attempt) return;
      this.#endAttempt({ phase: 'idle' });
      this.#setNotice('info', 'NO_SUCH_REQUEST', `The call from ${from} is no longer available.`);
      return;
    }
    await camera;
    if (attempt !== this.#attempt) return;
    this.#update({ phase: 'in-call', busy: false });
    this.#emit('roulette-call-start', { peer: from, role: 'recipient' });
  }

  /** Declines the incoming call; you stay idle. */
  async reject(): Promise<void> {
    const client = this.#client;
    const from = this.#current.peer;
    if (!client || this.#current.phase !== 'incoming' || !from) return;
    this.#endAttempt({ phase: 'idle', notice: undefined });
    await client.request('REJECT_CALL', { from }).catch(() => undefined);
  }

  /** Ends the call for both sides. */
  async hangUp(): Promise<void> {
    const client = this.#client;
    const peer = this.#current.peer;
    if (!client || this.#current.phase !== 'in-call' || !peer) return;
    this.#endAttempt({ phase: 'idle' });
    this.#setNotice('info', 'hangup', `Call with ${peer} ended.`);
    this.#emit('roulette-call-end', { peer, reason: 'hangup' });
    await client.request('HANG_UP', { to: peer }).catch(() => undefined);
  }

  /**
   * Roulette mode: waits for a random stranger, then calls them at once
   * (`roulette-matched`). Your camera starts now so the call connects quickly.
   */
  async findStranger(): Promise<void> {
    if (this.#client && this.#current.phase === 'idle') await this.#search(this.#client);
  }

  /** Stops looking for a stranger; you stay idle. */
  async cancelSearch(): Promise<void> {
    const client = this.#client;
    if (!client || this.#current.phase !== 'searching') return;
    this.#endAttempt({ phase: 'idle', notice: undefined });
    // Refused when a match was made just before: `onMatched` hangs that up.
    await client.request('LEAVE_QUEUE', {}).catch(() => undefined);
  }

  /** In a random call: leaves this stranger and looks for the next in one move. */
  async next(): Promise<void> {
    const client = this.#client;
    const { phase, peer, matched } = this.#current;
    if (!client || phase !== 'in-call' || !matched || !peer) return;
    // The server handles a connection's messages in order: HANG_UP, then FIND_MATCH.
    client.send('HANG_UP', { to: peer });
    const searching = this.#search(client); // now 'searching'
    this.#emit('roulette-call-end', { peer, reason: 'hangup' });
    this.#emit('roulette-next', { peer });
    await searching;
  }

  /** Leaves: frees your name and ends any call or request (the other person is told). */
  disconnect(): void {
    const client = this.#client;
    if (!client) return;
    const { phase, peer, busy } = this.#current;
    if (peer) {
      // Accepted (busy) is a call for the server already.
      if (phase === 'in-call' || busy) client.send('HANG_UP', { to: peer });
      else if (phase === 'outgoing') client.send('CANCEL_CALL', { to: peer });
      else if (phase === 'incoming') client.send('REJECT_CALL', { from: peer });
    }
    if (phase === 'in-call' && peer) this.#emit('roulette-call-end', { peer, reason: 'disconnected' });
    this.#dropClient();
    client.disconnect();
    this.#clearStored();
    this.#endAttempt({ phase: 'disconnected', username: undefined, guest: false, reconnecting: false, notice: undefined });
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
    if (!line || !this.#channel || this.#current.chatClosed) return;
    const at = Date.now();
    this.#channel.send({ type: 'chat', text: line, at });
    this.#addMessage({ mine: true, text: line, at });
  }

  /**
   * Uses another camera, microphone or speaker (a `deviceId` from
   * `enumerateDevices()`) and remembers it for the next visit. During a call
   * the new track replaces the old one (`replaceTrack`, no renegotiation);
   * the speaker is applied by `<roulette-call>` where `setSinkId` exists.
   */
  async useDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
    this.#update({ devices: saveDevice(kind, deviceId) });
    const stream = this.#localStream;
    const type = kind === 'audioinput' ? 'audio' : 'video';
    const old = stream?.getTracks().find((t) => t.kind === type);
    if (kind === 'audiooutput' || !stream || !old) return;
    try {
      const [track] = (await navigator.mediaDevices.getUserMedia({ [type]: deviceConstraints(type, deviceId) })).getTracks();
      if (this.#localStream !== stream) return stopStream(new MediaStream([track]));
      track.enabled = old.enabled;
      await this.#peerSession?.pc.getSenders().find((s) => s.track === old)?.replaceTrack(track);
      stream.removeTrack(old);
      stream.addTrack(track);
      old.stop();
      // A new stream object, so the preview picks the new track up.
      this.#update({ localStream: new MediaStream(stream.getTracks()) });
    } catch {
      this.#fail('media-failed', 'That device could not be started. Choose another.');
    }
  }

  // ---- connection -------------------------------------------------------

  async #open(payload: { as?: string; resume?: string }, guest: boolean): Promise<boolean> {
    if (this.#current.phase !== 'disconnected') return false;
    this.#update({ phase: 'connecting', notice: undefined });
    const client = new SignalingClient(this.server, this.#signalingOptions);
    this.#client = client;
    this.#wire(client);
    try {
      const result = await client.connect(payload);
      if (this.#client !== client) return false;
      this.#iceServers = result.iceServers ?? [];
      this.#update({
        phase: 'idle',
        username: result.username,
        guest,
        notice: guest
          ? {
              tone: 'info',
              code: 'guest',
              message: `You're connected as ${result.username}. Share this name so people can call you.`,
            }
          : undefined,
      });
      this.#persist();
      return true;
    } catch (error) {
      if (this.#client !== client) return false;
      this.#dropClient();
      if (payload.resume) this.#clearStored();
      this.#update({ phase: 'disconnected' });
      const notice = connectNotice(error);
      this.#fail(notice.code, notice.message);
      return false;
    }
  }

  #wire(client: SignalingClient): void {
    const onReconnecting = (): void => {
      this.#update({ reconnecting: true });
      this.#emit('roulette-reconnecting', { reconnecting: true });
    };
    const onResumed = (): void => {
      this.#update({ reconnecting: false });
      this.#persist();
      this.#emit('roulette-reconnecting', { reconnecting: false });
    };
    const onClosed = (event: CustomEvent<SignalingClosedDetail>): void => {
      if (event.detail.deliberate || this.#client !== client) return;
      const { phase, peer } = this.#current;
      if (phase === 'in-call' && peer) this.#emit('roulette-call-end', { peer, reason: 'signaling-closed' });
      this.#dropClient();
      this.#clearStored();
      this.#endAttempt({ phase: 'disconnected', username: undefined, guest: false, reconnecting: false });
      this.#fail(event.detail.code, event.detail.message);
    };
    client.addEventListener('reconnecting', onReconnecting);
    client.addEventListener('resumed', onResumed);
    client.addEventListener('closed', onClosed);
    this.#unwire = [
      () => client.removeEventListener('reconnecting', onReconnecting),
      () => client.removeEventListener('resumed', onResumed),
      () => client.removeEventListener('closed', onClosed),
      client.on('CALL_REQUESTED', ({ from }) => this.#onCallRequested(from)),
      client.on('CALL_ACCEPTED', ({ by }) => this.#onCallAccepted(by)),
      client.on('CALL_REJECTED', ({ by, reason }) => this.#onCallRejected(by, reason)),
      client.on('CALL_CANCELED', ({ by, reason }) => this.#onCallCanceled(by, reason)),
      client.on('CALL_ENDED', ({ by, reason }) => this.#onCallEnded(by, reason)),
      client.on('MATCHED', ({ peer, role }) => this.#onMatched(peer, role)),
      client.on('CALLER_DESCRIPTOR_RECEIVED', ({ from, sdp }) => this.#onDescription(from, sdp)),
      client.on('RECIPIENT_DESCRIPTOR_RECEIVED', ({ from, sdp }) => this.#onDescription(from, sdp)),
      client.on('ICE_CANDIDATE_RECEIVED', ({ from, candidate }) => {
        if (this.#peerSession && sameName(from, this.#current.peer)) void this.#peerSession.receiveCandidate(candidate);
      }),
    ];
  }

  #dropClient(): void {
    for (const off of this.#unwire) off();
    this.#unwire = [];
    this.#client = undefined;
  }

  // ---- server events ----------------------------------------------------

  #onCallRequested(from: string): void {
    if (this.#current.phase !== 'idle') {
      this.#client?.send('REJECT_CALL', { from });
      return;
    }
    this.#attempt += 1;
    this.#update({ phase: 'incoming', peer: from, role: 'recipient', busy: false, notice: undefined });
    this.#emit('roulette-incoming-call', { from });
  }

  #onCallAccepted(by: string): void {
    if (this.#current.phase !== 'outgoing' || !sameName(by, this.#current.peer)) {
      this.#client?.send('HANG_UP', { to: by });
      return;
    }
    this.#update({ phase: 'in-call', peer: by });
    this.#peerSession?.release();
    this.#emit('roulette-call-start', { peer: by, role: 'caller' });
  }

  #onCallRejected(by: string, reason: RejectReason): void {
    if (this.#current.phase !== 'outgoing' || !sameName(by, this.#current.peer)) return;
    this.#endAttempt({ phase: 'idle' });
    const message =
      reason === 'timeout'
        ? `${by} didn't answer. Try again later.`
        : reason === 'unavailable'
          ? `${by} went offline before answering.`
          : `${by} declined your call.`;
    this.#setNotice('info', reason, message);
  }

  #onCallCanceled(by: string, reason: CancelReason): void {
    if (this.#current.phase !== 'incoming' || !sameName(by, this.#current.peer)) return;
    this.#endAttempt({ phase: 'idle' });
    const message =
      reason === 'timeout'
        ? `You missed a call from ${by}.`
        : reason === 'unavailable'
          ? `${by} went offline, so the call was withdrawn.`
          : `${by} canceled the call.`;
    this.#setNotice('info', reason, message);
  }

  #onCallEnded(by: string, reason: EndReason): void {
    const { phase, peer } = this.#current;
    const inCall = phase === 'in-call' || (phase === 'incoming' && this.#current.busy);
    if (!inCall || !sameName(by, peer)) return;
    const matched = this.#current.matched;
    const lost = this.#current.recovering;
    this.#endAttempt({ phase: 'idle' });
    if (matched && reason === 'hangup') {
      this.#setNotice('info', 'stranger-left', 'The stranger moved on.');
    } else if (reason === 'disconnected' || lost) {
      this.#setNotice('info', 'peer-disconnected', `${by}'s connection dropped, so the call ended.`);
    } else {
      this.#setNotice('info', 'peer-hangup', `${by} hung up.`);
    }
    this.#emit('roulette-call-end', { peer: by, reason: reason === 'disconnected' || lost ? 'peer-disconnected' : 'peer-hangup' });
  }

  #onMatched(peer: string, role: Role): void {
    if (this.#current.phase !== 'searching') {
      // Matched just as the search was canceled: end that call at once.
      this.#client?.send('HANG_UP', { to: peer });
      return;
    }
    // The pair is an accepted call already: the caller offers as soon as its camera is on.
    this.#update({ phase: 'in-call', peer, role, matched: true, notice: undefined });
    this.#createPeer(role, false).setLocalStream(this.#camera ?? Promise.resolve(undefined));
    this.#emit('roulette-matched', { peer, role });
    this.#emit('roulette-call-start', { peer, role });
  }

  #onDescription(from: string, sdp: SessionDescription): void {
    if (this.#peerSession && sameName(from, this.#current.peer)) void this.#peerSession.receiveDescription(sdp);
  }

  // ---- media and peer connection ----------------------------------------

  /**
   * Opens the camera for the current attempt. Resolves with the stream (after
   * `ready`), or `undefined` once the attempt is over — a camera that fails
   * ends it (`mediaFailed`).
   */
  #startCamera(ready?: (stream: MediaStream) => void): Promise<MediaStream | undefined> {
    const attempt = this.#attempt;
    return openCamera().then(
      (stream) => {
        if (attempt !== this.#attempt) return void stopStream(stream);
        this.#localStream = stream;
        ready?.(stream);
        this.#update({ localStream: stream });
        return stream;
      },
      (problem: unknown) => {
        if (attempt === this.#attempt) this.#mediaFailed(problem);
        return undefined;
      },
    );
  }

  /** Joins the stranger queue (from idle, or from a call after Next) with the camera starting. */
  async #search(client: SignalingClient): Promise<void> {
    this.#endAttempt({ phase: 'searching', notice: undefined });
    const attempt = this.#attempt;
    this.#camera = this.#startCamera();
    try {
      await client.request('FIND_MATCH', {});
    } catch (error) {
      if (attempt !== this.#attempt || this.#current.phase !== 'searching') return;
      this.#endAttempt({ phase: 'idle' });
      if (error instanceof SignalingError) this.#fail(error.code, error.message);
      else this.#fail('INTERNAL', 'Looking for a stranger failed. Try again.');
    }
  }

  #createPeer(role: Role, hold: boolean): PeerSession {
    const client = this.#client;
    const peer = new PeerSession({
      iceServers: this.#iceServers,
      role,
      hold,
      recovery: this.#recovery,
      signals: {
        description: (sdp) => {
          const to = this.#current.peer;
          if (!to || !client) return;
          const event = role === 'caller' ? 'SEND_CALLER_DESCRIPTOR' : 'SEND_RECIPIENT_DESCRIPTOR';
          client.request(event, { to, sdp }).catch((error: unknown) => {
            if (this.#peerSession === peer) console.warn('Roulette: a description was not relayed', error);
          });
        },
        candidate: (candidate) => {
          const to = this.#current.peer;
          if (to && client) client.send('SEND_ICE_CANDIDATE', { to, candidate });
        },
      },
    });
    peer.addEventListener('track', () => {
      if (this.#peerSession === peer) this.#update({ remoteStream: peer.remoteStream });
    });
    peer.addEventListener('connectionstatechange', () => {
      if (this.#peerSession === peer) this.#update({ connection: peer.connectionState, recovering: peer.recovering });
    });
    peer.addEventListener('failure', (event) => {
      if (this.#peerSession !== peer) return;
      const { phase, peer: name } = this.#current;
      if (name) this.#client?.send(phase === 'in-call' ? 'HANG_UP' : 'CANCEL_CALL', { to: name });
      if (phase === 'in-call' && name) this.#emit('roulette-call-end', { peer: name, reason: 'connection-failed' });
      this.#endAttempt({ phase: 'idle' });
      this.#fail('connection-failed', event.detail);
    });
    this.#peerSession = peer;
    this.#watchCall(peer);
    return peer;
  }

  /** The call's data channel (media state, chat) and its quality samples. */
  #watchCall(peer: PeerSession): void {
    const mine = (): boolean => this.#peerSession === peer;
    this.#channel = new CallChannel(peer.channel, {
      open: () => mine() && this.#sendMediaState(),
      message: (m) => {
        if (!mine()) return;
        if (m.type === 'state') this.#update({ peerMuted: !m.audio, peerCameraOff: !m.video });
        else this.#addMessage({ mine: false, text: m.text, at: m.at });
      },
      close: () => mine() && this.#update({ chatClosed: true }),
    });
    let totals: StatsTotals | undefined;
    const timer = setInterval(() => {
      if (!mine()) return clearInterval(timer);
      if (peer.connectionState !== 'connected' || this.#current.phase !== 'in-call') return;
      sampleStats(peer.pc, totals).then(([stats, next]) => {
        const first = !totals;
        totals = next;
        // The first sample is the baseline the rates are measured from.
        if (first || !mine()) return;
        this.#update({ stats });
        this.#emit('roulette-stats', stats);
      }, () => undefined);
    }, 2000);
  }

  #setMedia(patch: { muted?: boolean; cameraOff?: boolean }): void {
    if (this.#current.phase !== 'in-call') return;
    this.#update(patch);
    const { muted, cameraOff } = this.#current;
    for (const track of this.#localStream?.getTracks() ?? []) track.enabled = !(track.kind === 'audio' ? muted : cameraOff);
    this.#sendMediaState();
  }

  /** Tells the other side whether your microphone and camera are sending. */
  #sendMediaState(): void {
    const { muted, cameraOff } = this.#current;
    const has = (kind: string): boolean => !!this.#localStream?.getTracks().some((t) => t.kind === kind);
    this.#channel?.send({ type: 'state', audio: !muted && has('audio'), video: !cameraOff && has('video') });
  }

  #addMessage(message: ChatMessage): void {
    this.#update({ messages: [...(this.#current.messages ?? []), message].slice(-200) });
  }

  /** The camera could not be started: withdraws what is under way (the other side is told) and says why. */
  #mediaFailed(problem: unknown): void {
    const { phase, peer, busy } = this.#current;
    const media: MediaProblem = isMediaProblem(problem)
      ? problem
      : { code: 'media-failed', message: 'Your camera or microphone could not be started.' };
    if (phase === 'searching') this.#client?.send('LEAVE_QUEUE', {});
    else if (peer && phase === 'outgoing') this.#client?.send('CANCEL_CALL', { to: peer });
    else if (peer && (phase === 'in-call' || busy)) this.#client?.send('HANG_UP', { to: peer });
    if (phase === 'in-call' && peer) this.#emit('roulette-call-end', { peer, reason: 'media-error' });
    this.#endAttempt({ phase: 'idle' });
    this.#fail(media.code, media.message);
  }

  /** Ends the current call attempt: closes the peer connection and the camera. */
  #endAttempt(next: Partial<Mutable<SessionState>>): void {
    this.#attempt += 1;
    this.#peerSession?.close();
    this.#peerSession = undefined;
    this.#channel = undefined;
    stopStream(this.#localStream);
    this.#localStream = undefined;
    this.#camera = undefined;
    this.#update({
      peer: undefined,
      role: undefined,
      matched: false,
      busy: false,
      localStream: undefined,
      remoteStream: undefined,
      connection: undefined,
      ...CALL_RESET,
      ...next,
    });
  }

  // ---- state, events, storage -------------------------------------------

  #update(patch: Partial<Mutable<SessionState>>): void {
    const previous = this.#current;
    if (patch.phase === 'in-call' && previous.phase !== 'in-call') patch = { ...patch, since: Date.now() };
    const next: SessionState = { ...previous, ...patch };
    this.#current = next;
    if (next.phase !== previous.phase || next.peer !== previous.peer || next.busy !== previous.busy) this.#persist();
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

  #setNotice(tone: Notice['tone'], code: string, message: string): void {
    this.#update({ notice: { tone, code, message } });
  }

  #fail(code: string, message: string, tone: Notice['tone'] = 'error'): void {
    this.#setNotice(tone, code, message);
    this.#emit('roulette-error', { code, message });
  }

  #emit<K extends keyof RouletteEventMap>(
    type: K,
    detail: RouletteEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  get #storageKey(): string {
    return STORAGE_PREFIX + this.server;
  }

  #persist(): void {
    const { username, phase, peer, busy } = this.#current;
    const resume = this.#client?.resumeSecret;
    if (!this.#storage || !username || !resume) return;
    // Accepted while the camera starts is a call already: a reload ends it.
    const stored: StoredSession = { server: this.server, username, resume, phase: busy ? 'in-call' : phase, ...(peer ? { peer } : {}) };
    try {
      this.#storage.setItem(this.#storageKey, JSON.stringify(stored));
    } catch {
      // Storage full or blocked: resume after reload is best effort.
    }
  }

  #readStored(): StoredSession | undefined {
    try {
      const raw = this.#storage?.getItem(this.#storageKey);
      if (!raw) return undefined;
      const value = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof value.username !== 'string' || typeof value.resume !== 'string') return undefined;
      return value as StoredSession;
    } catch {
      return undefined;
    }
  }

  #clearStored(): void {
    try {
      this.#storage?.removeItem(this.#storageKey);
    } catch {
      // ignore
    }
  }
}

export interface RouletteSession {
  addEventListener<K extends keyof RouletteEventMap>(
    type: K,
    listener: (this: RouletteSession, event: RouletteEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RouletteEventMap>(
    type: K,
    listener: (this: RouletteSession, event: RouletteEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function defaultStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // blocked (sandboxed frame, privacy mode)
  }
}

function connectNotice(error: unknown): Notice {
  if (error instanceof SignalingError) {
    switch (error.code) {
      case 'USERNAME_TAKEN':
        return { tone: 'error', code: error.code, message: 'That name is taken — pick another.' };
      case 'INVALID_USERNAME':
        return {
          tone: 'error',
          code: error.code,
          message: 'Names are 1–32 letters or digits, and may use “_”, “-” and “.”. Pick another.',
        };
      default:
        return { tone: 'error', code: error.code, message: error.message };
    }
  }
  return { tone: 'error', code: 'INTERNAL', message: 'Connecting failed. Try again.' };
}

function requestCallNotice(error: unknown, to: string): Notice {
  if (error instanceof SignalingError) {
    switch (error.code) {
      case 'USER_NOT_FOUND':
        return { tone: 'info', code: error.code, message: `Nobody called ${to} is online. Check the name and try again.` };
      case 'USER_BUSY':
        return { tone: 'info', code: error.code, message: `${to} is busy in another call. Try again later.` };
      case 'SELF_CALL':
        return { tone: 'error', code: error.code, message: "That's your own name — type the name of someone else." };
      case 'INVALID_USERNAME':
        return { tone: 'error', code: error.code, message: `“${to}” is not a valid name.` };
      default:
        return { tone: 'error', code: error.code, message: error.message };
    }
  }
  return { tone: 'error', code: 'INTERNAL', message: 'The call could not be placed. Try again.' };
}
