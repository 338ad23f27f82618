// The media side of one call attempt: your camera, the peer connection, the
// call's data channel (media state, chat), its quality samples and your
// tracks. The session starts one per attempt and closes it when the attempt
// ends; a closed call drops late results and reports nothing more.
import type { IceCandidate, IceServer, Role, SessionDescription } from '../../protocol/index.js';
import type { CameraEffect } from './background/camera-effect.js';
import { loadBackground, type Background } from './background/choice.js';
import { CallChannel, type ChatMessage } from './call-channel.js';
import type { CallStats, Quality, StatsTotals, SteadyQuality } from './call-stats.js';
import { deviceConstraints, openCamera, stopStream } from './media.js';
import { PeerSession, type PeerSessionOptions } from './peer-session.js';
import type { ScreenShare } from './screen-share.js';
import type { StatePatch } from './state.js';

const QUALITIES: readonly Quality[] = ['good', 'fair', 'poor'];

/** What the call tells the session (never after it was closed). */
export interface CallHandlers {
  /** An offer (caller) or an answer (recipient) to relay to the other person. */
  description(sdp: SessionDescription, role: Role): void;
  /** A local ICE candidate to relay. */
  candidate(candidate: IceCandidate): void;
  /**
   * Something the snapshot shows changed: your camera is on (`localStream`),
   * the other person's stream got a track (`remoteStream`), the connection's
   * state (`connection`, `recovering`), the other person's media
   * (`peerMuted`, `peerCameraOff`), or they left the chat (`chatClosed`).
   */
  update(patch: StatePatch): void;
  /** Your camera could not be started (a `MediaProblem`, or anything thrown). */
  cameraFailed(problem: unknown): void;
  /** The peer-to-peer connection failed for good; `message` is a sentence. */
  failure(message: string): void;
  /** The data channel opened: time to say your media state. */
  channelOpen(): void;
  /** A chat line from the other person. */
  chat(message: ChatMessage): void;
  /** The other person started (`true`) or stopped sharing their screen. */
  peerScreen(sharing: boolean): void;
  /** The other person ended the call over the data channel (`media`: their camera failed). */
  bye(reason?: 'media'): void;
  /** Whether quality samples are wanted now (the session is in a call). */
  sampling(): boolean;
  /** A connection-quality sample (every 2 s while connected). */
  stats(stats: CallStats): void;
}

export interface CallOptions {
  iceServers: IceServer[];
  recovery?: PeerSessionOptions['recovery'];
}

export class Call {
  readonly #handlers: CallHandlers;
  readonly #options: CallOptions;
  #closed = false;
  #peer?: PeerSession;
  #channel?: CallChannel;
  #stream?: MediaStream;
  #screen?: ScreenShare;
  /** The background effect (background/camera-effect.ts, fetched when first turned on). */
  #effect?: Promise<CameraEffect>;
  /** Your camera as it starts (after `startCamera`). */
  camera?: Promise<MediaStream | undefined>;

  constructor(handlers: CallHandlers, options: CallOptions) {
    this.#handlers = handlers;
    this.#options = options;
  }

  /** The peer connection, once `connect` made it. */
  get pc(): RTCPeerConnection | undefined {
    return this.#peer?.pc;
  }

  /** Your camera and microphone, once on. */
  get localStream(): MediaStream | undefined {
    return this.#stream;
  }

  /**
   * Opens the camera. Resolves with the stream (after `ready`), or
   * `undefined` once the call is closed or the camera failed (`cameraFailed`).
   */
  startCamera(ready?: (stream: MediaStream) => void, kept?: MediaStream): Promise<MediaStream | undefined> {
    const live = kept?.getTracks().some((t) => t.readyState === 'live');
    // A camera handed over from the previous stranger's call (Next): the same tracks, on again.
    if (live) for (const track of kept!.getTracks()) track.enabled = true;
    this.camera = (live ? Promise.resolve(kept!) : openCamera()).then(
      async (stream) => {
        if (this.#closed) return void stopStream(stream);
        this.#stream = stream;
        // The chosen background before anything is sent: the room never goes out unprocessed.
        await this.setBackground(loadBackground());
        if (this.#closed) return;
        ready?.(stream);
        this.#handlers.update({ localStream: stream });
        return stream;
      },
      (problem: unknown) => {
        if (!this.#closed) this.#handlers.cameraFailed(problem);
        return undefined;
      },
    );
    return this.camera;
  }

  /**
   * Creates the peer connection with your camera's stream (or the promise of
   * it: an offer that arrives first waits). `hold` keeps the caller's
   * signaling back until `release()`.
   */
  connect(role: Role, hold: boolean, stream: MediaStream | Promise<MediaStream | undefined>): void {
    const handlers = this.#handlers;
    const peer = new PeerSession({
      iceServers: this.#options.iceServers,
      role,
      hold,
      recovery: this.#options.recovery,
      signals: {
        description: (sdp) => handlers.description(sdp, role),
        candidate: (candidate) => handlers.candidate(candidate),
      },
    });
    const open = (): boolean => !this.#closed;
    peer.addEventListener('track', () => open() && handlers.update({ remoteStream: peer.remoteStream }));
    peer.addEventListener('connectionstatechange', () => open() && handlers.update({ connection: peer.connectionState, recovering: peer.recovering }));
    peer.addEventListener('failure', (event) => open() && handlers.failure(event.detail));
    this.#peer = peer;
    /** The other side's own rating, and ours as last sent to it. */
    let peerQuality: Quality | undefined;
    let sentQuality: Quality | undefined;
    this.#channel = new CallChannel(peer.channel, {
      open: () => open() && handlers.channelOpen(),
      message: (m) => {
        if (!open()) return;
        if (m.type === 'state') handlers.update({ peerMuted: !m.audio, peerCameraOff: !m.video });
        else if (m.type === 'bye') handlers.bye(m.reason);
        else if (m.type === 'screen') handlers.peerScreen(m.sharing);
        else if (m.type === 'quality') peerQuality = m.quality;
        else handlers.chat({ mine: false, text: m.text, at: m.at });
      },
      close: () => open() && handlers.update({ chatClosed: true }),
    });
    let totals: StatsTotals | undefined;
    let samples = 0;
    /** Our own rating as shown and sent: worse only once it lasts (steady-quality.ts). */
    let steady: SteadyQuality | undefined;
    // Loaded beside the core, by the time the first sample is due: the core stays in its budget.
    const sampler = import('./call-stats.js');
    const timer = setInterval(() => {
      if (!open()) return clearInterval(timer);
      if (peer.connectionState !== 'connected' || !handlers.sampling()) return;
      // The bandwidth estimate climbs from a low start for several seconds (longer on a busy machine).
      const judgeBandwidth = ++samples > 5;
      sampler.then(({ sampleStats, SteadyQuality }) => sampleStats(peer.pc, totals, { judgeBandwidth, remoteCandidates: peer.remoteCandidates, steady: (steady ??= new SteadyQuality()) })).then(([stats, next]) => {
        const first = !totals;
        totals = next;
        // The first sample is the baseline the rates are measured from.
        if (first || !open()) return;
        if (stats.quality !== sentQuality) this.#channel?.send({ type: 'quality', quality: (sentQuality = stats.quality) });
        // Shown: the worse of the two sides' own views.
        const quality = QUALITIES[Math.max(QUALITIES.indexOf(stats.quality), peerQuality ? QUALITIES.indexOf(peerQuality) : 0)];
        handlers.stats(peerQuality ? { ...stats, quality, peer: peerQuality } : stats);
      }, () => undefined);
    }, 2000);
    peer.setLocalStream(stream);
  }

  /** Sends the caller's signaling held back until the call was accepted. */
  release(): void {
    this.#peer?.release();
  }

  receiveDescription(sdp: SessionDescription): void {
    if (this.#peer) void this.#peer.receiveDescription(sdp);
  }

  receiveCandidate(candidate: IceCandidate): void {
    if (this.#peer) void this.#peer.receiveCandidate(candidate);
  }

  /** Turns your tracks on or off and tells the other side. */
  setTracks(muted: boolean, cameraOff: boolean): void {
    for (const track of this.#stream?.getTracks() ?? []) track.enabled = !(track.kind === 'audio' ? muted : cameraOff);
    this.sendMediaState(muted, cameraOff);
  }

  /** Tells the other side whether your microphone and camera are sending. */
  sendMediaState(muted: boolean, cameraOff: boolean): void {
    const has = (kind: string): boolean => !!this.#stream?.getTracks().some((t) => t.kind === kind);
    this.#channel?.send({ type: 'state', audio: !muted && has('audio'), video: !cameraOff && has('video') });
  }

  /** Sends a chat line; false when there is no channel (yet). */
  sendChat(text: string, at: number): boolean {
    if (!this.#channel) return false;
    this.#channel.send({ type: 'chat', text, at });
    return true;
  }

  /**
   * Shares your screen in place of your camera (screen-share.ts, fetched on
   * first use) and tells the other side. `ended` is called when the share
   * stops — `stopScreen()` or the browser's own "Stop sharing" — while the
   * call goes on. Resolves `false` when a share is already under way (or
   * there is no connection); rejects when nothing is shared (the picker was
   * canceled).
   */
  async shareScreen(ended: () => void): Promise<boolean> {
    const pc = this.#peer?.pc;
    if (!pc || this.#screen) return false;
    const { ScreenShare } = await import('./screen-share.js');
    const share = new ScreenShare({ pc, stream: () => this.#stream });
    this.#screen = share;
    try {
      await share.start();
    } catch (error) {
      this.#screen = undefined;
      void share.stop();
      throw error;
    }
    share.addEventListener('ended', () => {
      this.#screen = undefined;
      if (this.#closed) return;
      this.#channel?.send({ type: 'screen', sharing: false });
      ended();
    });
    this.#channel?.send({ type: 'screen', sharing: true });
    return true;
  }

  /** Stops sharing your screen: the camera is sent again. */
  stopScreen(): void {
    void this.#screen?.stop();
  }

  /**
   * Puts `background` (`none`, `blur` or a picture's URL) behind you in what
   * is sent and in your preview (background/camera-effect.ts). Resolves when
   * applied, or failed: then your camera is off and a notice says why.
   */
  async setBackground(background: Background): Promise<void> {
    if (background === 'none' && !this.#effect) return;
    this.#effect ??= import('./background/camera-effect.js').then(({ CameraEffect }) => new CameraEffect(this, this.#handlers));
    await (await this.#effect).apply(background);
  }

  /**
   * Replaces your camera or microphone track with one from `deviceId`
   * (`replaceTrack`, no renegotiation). Resolves with a new stream object for
   * the preview, or `undefined` when there was nothing to replace or the call
   * closed meanwhile; rejects when the device could not be started.
   */
  async switchDevice(type: 'audio' | 'video', deviceId: string): Promise<MediaStream | undefined> {
    const stream = this.#stream;
    const old = stream?.getTracks().find((t) => t.kind === type);
    if (!stream || !old) return undefined;
    const [track] = (await navigator.mediaDevices.getUserMedia({ [type]: deviceConstraints(type, deviceId) })).getTracks();
    if (this.#stream !== stream) return void stopStream(new MediaStream([track]));
    // With a background effect on, the effect takes the new camera; the processed track stays.
    if (type === 'audio' || !(await this.#effect)?.replaceCamera(track)) {
      track.enabled = old.enabled;
      await this.#peer?.pc.getSenders().find((s) => s.track === old)?.replaceTrack(track);
      stream.removeTrack(old);
      stream.addTrack(track);
      old.stop();
    }
    return new MediaStream(stream.getTracks());
  }

  /**
   * Takes your camera out of this call, so `close()` leaves it on for the
   * next one (Next: the camera is not closed and opened again between strangers).
   */
  handOverCamera(): MediaStream | undefined {
    const stream = this.#closed ? undefined : this.#stream;
    this.#stream = undefined;
    return stream;
  }

  /**
   * Closes the peer connection and stops your camera; nothing is reported
   * after. With `bye`, the other side is told over the data channel first
   * (the peer connection closes a moment later, so the message gets out).
   */
  close(bye?: { reason?: 'media' }): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#screen?.stop();
    void this.#effect?.then((effect) => effect.stop());
    stopStream(this.#stream);
    this.#stream = undefined;
    const peer = this.#peer;
    if (bye && this.#channel?.open) {
      this.#channel.send({ type: 'bye', ...bye });
      setTimeout(() => peer?.close(), 500);
    } else {
      peer?.close();
    }
  }
}
