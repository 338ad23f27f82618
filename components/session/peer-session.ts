import type { IceCandidate, IceServer, Role, SessionDescription } from '../../server/protocol.js';

/** Where a peer session sends what the other side must receive. */
export interface PeerSignals {
  /** An offer (caller) or an answer (recipient) to relay. */
  description(sdp: SessionDescription): void;
  /** A local ICE candidate to relay (trickle ICE). */
  candidate(candidate: IceCandidate): void;
}

export interface PeerSessionOptions {
  iceServers: IceServer[];
  /** The caller offers and is impolite; the recipient answers and is polite. */
  role: Role;
  signals: PeerSignals;
  /**
   * Hold outgoing signaling until `release()`: the caller may negotiate before
   * the call is accepted, while the server would still refuse the relay.
   */
  hold?: boolean;
}

export interface PeerSessionEventMap {
  /** The remote stream got a (new) track. */
  track: Event;
  /** `connectionState` changed; read it from `peer.connectionState`. */
  connectionstatechange: Event;
  /** Something went wrong that ends the call; `detail` is a sentence. */
  failure: CustomEvent<string>;
}

/**
 * One `RTCPeerConnection` with the perfect-negotiation discipline
 * (MDN "Perfect negotiation", webrtc/samples peer.js): `makingOffer` /
 * `ignoreOffer`, argument-less `setLocalDescription()`, remote candidates
 * queued until a remote description is set, trickle ICE. In this protocol
 * only the caller offers (also for renegotiation such as an ICE restart), so
 * the recipient is the polite side and never starts a negotiation.
 */
export class PeerSession extends EventTarget {
  readonly pc: RTCPeerConnection;
  readonly role: Role;
  private remote?: MediaStream;
  private readonly signals: PeerSignals;
  private readonly polite: boolean;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private outbox: Array<() => void> | undefined;
  private closed = false;
  private localStream?: MediaStream;
  private waitForLocalStream?: Promise<MediaStream | undefined>;
  private iceRestarts = 0;

  constructor(options: PeerSessionOptions) {
    super();
    this.role = options.role;
    this.polite = options.role === 'recipient';
    this.signals = options.signals;
    this.outbox = options.hold ? [] : undefined;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.pc.addEventListener('negotiationneeded', this.onNegotiationNeeded);
    this.pc.addEventListener('icecandidate', this.onIceCandidate);
    this.pc.addEventListener('track', this.onTrack);
    this.pc.addEventListener('connectionstatechange', this.onConnectionStateChange);
    this.pc.addEventListener('iceconnectionstatechange', this.onIceConnectionStateChange);
  }

  /** What the other side sends, once its first track arrived. */
  get remoteStream(): MediaStream | undefined {
    return this.remote;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /**
   * Adds the local camera/microphone. The caller's tracks start the
   * negotiation; the recipient's are attached to the offered transceivers.
   * A recipient may pass a promise: an offer that arrives first waits for it.
   */
  setLocalStream(stream: MediaStream | Promise<MediaStream | undefined>): void {
    if (this.closed) return;
    if (stream instanceof MediaStream) {
      this.attachLocal(stream);
      return;
    }
    this.waitForLocalStream = stream.then((s) => {
      if (s) this.attachLocal(s);
      return s;
    });
  }

  /** Sends the signaling held back so far (the call was accepted). */
  release(): void {
    const held = this.outbox;
    this.outbox = undefined;
    for (const send of held ?? []) send();
  }

  /** A description from the other side. */
  async receiveDescription(description: SessionDescription): Promise<void> {
    if (this.closed) return;
    try {
      const readyForOffer =
        !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;

      this.settingRemoteAnswer = description.type === 'answer';
      await this.pc.setRemoteDescription(description);
      this.settingRemoteAnswer = false;
      await this.drainCandidates();

      if (description.type === 'offer') {
        // The recipient's tracks join the offered transceivers before answering.
        if (this.waitForLocalStream) await this.waitForLocalStream;
        if (this.closed) return;
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } catch (error) {
      this.settingRemoteAnswer = false;
      this.fail(error);
    }
  }

  /** A remote ICE candidate; queued until a remote description is set. */
  async receiveCandidate(candidate: IceCandidate): Promise<void> {
    if (this.closed) return;
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!this.ignoreOffer && !this.closed) console.warn('Roulette: ignored an ICE candidate', error);
    }
  }

  /** Caller only: restart ICE (a new offer with fresh credentials). */
  restartIce(): void {
    if (this.role === 'caller' && !this.closed) this.pc.restartIce();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox = undefined;
    this.pc.removeEventListener('negotiationneeded', this.onNegotiationNeeded);
    this.pc.removeEventListener('icecandidate', this.onIceCandidate);
    this.pc.removeEventListener('track', this.onTrack);
    this.pc.removeEventListener('connectionstatechange', this.onConnectionStateChange);
    this.pc.removeEventListener('iceconnectionstatechange', this.onIceConnectionStateChange);
    this.pc.close();
  }

  private attachLocal(stream: MediaStream): void {
    if (this.closed || this.localStream) return;
    this.localStream = stream;
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
  }

  private async drainCandidates(): Promise<void> {
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        if (!this.closed) console.warn('Roulette: ignored an ICE candidate', error);
      }
    }
  }

  private sendDescription(): void {
    const local = this.pc.localDescription;
    if (!local || (local.type !== 'offer' && local.type !== 'answer')) return;
    const sdp: SessionDescription = { type: local.type, sdp: local.sdp };
    this.post(() => this.signals.description(sdp));
  }

  private post(send: () => void): void {
    if (this.closed) return;
    if (this.outbox) this.outbox.push(send);
    else send();
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    console.warn('Roulette: negotiation failed', error);
    this.dispatchEvent(
      new CustomEvent('failure', { detail: 'The video connection could not be set up.' }),
    );
  }

  private readonly onNegotiationNeeded = async (): Promise<void> => {
    // Only the caller offers (the protocol relays offers from the caller only).
    if (this.polite || this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  };

  private readonly onIceCandidate = (event: RTCPeerConnectionIceEvent): void => {
    const candidate = event.candidate?.toJSON();
    if (!candidate?.candidate) return; // end-of-candidates
    const init: IceCandidate = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      usernameFragment: candidate.usernameFragment ?? null,
    };
    this.post(() => this.signals.candidate(init));
  };

  private readonly onTrack = (event: RTCTrackEvent): void => {
    const [stream] = event.streams;
    if (stream) this.remote = stream;
    else if (!this.remote?.getTrackById(event.track.id)) (this.remote ??= new MediaStream()).addTrack(event.track);
    this.dispatchEvent(new Event('track'));
  };

  private readonly onConnectionStateChange = (): void => {
    if (this.pc.connectionState === 'connected') this.iceRestarts = 0;
    this.dispatchEvent(new Event('connectionstatechange'));
  };

  private readonly onIceConnectionStateChange = (): void => {
    // ICE failed: the caller restarts it (a bounded number of times).
    if (this.pc.iceConnectionState === 'failed' && this.iceRestarts < 2) {
      this.iceRestarts += 1;
      this.restartIce();
    }
  };
}

export interface PeerSession {
  addEventListener<K extends keyof PeerSessionEventMap>(
    type: K,
    listener: (this: PeerSession, event: PeerSessionEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PeerSessionEventMap>(
    type: K,
    listener: (this: PeerSession, event: PeerSessionEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
