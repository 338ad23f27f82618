import type { IceCandidate, IceServer, Role, SessionDescription } from '../../protocol/index.js';
import { TypedEventTarget } from './typed-event-target.js';
import { VIDEO_LOST, VIDEO_SETUP_FAILED } from './wording.js';
import { changeParameters } from './sender-parameters.js';

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
  /**
   * Recovery after the path breaks (ICE `disconnected` or `failed`): the
   * caller restarts ICE after `restartAfterMs` (at once on `failed`) and again
   * every `restartAfterMs` until connected; both sides give up (a `failure`)
   * after `giveUpMs`. Defaults 3000 and 20000.
   */
  recovery?: { restartAfterMs?: number; giveUpMs?: number };
}

export interface PeerSessionEventMap {
  /** The remote stream got a (new) track. */
  track: Event;
  /** `connectionState` or `recovering` changed; read them from the peer session. */
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
 *
 * Both sides create the call's data channel (`negotiated`, id 0) at once, so
 * the caller's first offer carries it and no renegotiation is needed.
 */
export class PeerSession extends TypedEventTarget<PeerSessionEventMap> {
  readonly pc: RTCPeerConnection;
  readonly role: Role;
  /** The call's data channel (media state and chat). */
  readonly channel: RTCDataChannel;
  /** The path broke and is being restored (ICE restart); ends when connected again. */
  recovering = false;
  #remote?: MediaStream;
  readonly #signals: PeerSignals;
  readonly #polite: boolean;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswer = false;
  #pendingCandidates: RTCIceCandidateInit[] = [];
  /** The candidate lines the other side trickled (call-stats.ts: Firefox's prflx ends). */
  readonly remoteCandidates: string[] = [];
  #outbox: Array<() => void> | undefined;
  #closed = false;
  #localStream?: MediaStream;
  #waitForLocalStream?: Promise<MediaStream | undefined>;
  readonly #restartAfterMs: number;
  readonly #giveUpMs: number;
  #retryTimer?: ReturnType<typeof setInterval>;
  #giveUpTimer?: ReturnType<typeof setTimeout>;
  /** The ICE state seen by the last state event. */
  #iceState: RTCIceConnectionState = 'new';
  /** Until when (`performance.now()`) an unanswered restart offer is sent again once ICE is connected. */
  #resendUntil = 0;
  #fullVideoTimer?: ReturnType<typeof setTimeout>;
  /** Offers received so far (the recipient answers the latest only). */
  #offers = 0;

  constructor(options: PeerSessionOptions) {
    super();
    this.role = options.role;
    this.#polite = options.role === 'recipient';
    this.#signals = options.signals;
    this.#outbox = options.hold ? [] : undefined;
    this.#restartAfterMs = options.recovery?.restartAfterMs ?? 3000;
    this.#giveUpMs = options.recovery?.giveUpMs ?? 20_000;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.channel = this.pc.createDataChannel('roulette', { negotiated: true, id: 0 });
    this.pc.addEventListener('negotiationneeded', this.#onNegotiationNeeded);
    this.pc.addEventListener('icecandidate', this.#onIceCandidate);
    this.pc.addEventListener('track', this.#onTrack);
    this.pc.addEventListener('connectionstatechange', this.#onConnectionStateChange);
    this.pc.addEventListener('iceconnectionstatechange', this.#onIceConnectionStateChange);
  }

  /** What the other side sends, once its first track arrived. */
  get remoteStream(): MediaStream | undefined {
    return this.#remote;
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
    if (this.#closed) return;
    if (stream instanceof MediaStream) {
      this.#attachLocal(stream);
      return;
    }
    this.#waitForLocalStream = stream.then((s) => {
      if (s) this.#attachLocal(s);
      return s;
    });
  }

  /** Sends the signaling held back so far (the call was accepted). */
  release(): void {
    const held = this.#outbox;
    this.#outbox = undefined;
    for (const send of held ?? []) send();
  }

  /** A description from the other side. */
  async receiveDescription(description: SessionDescription): Promise<void> {
    if (this.#closed) return;
    const offer = description.type === 'offer' ? ++this.#offers : 0;
    try {
      const readyForOffer =
        !this.#makingOffer && (this.pc.signalingState === 'stable' || this.#settingRemoteAnswer);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.#ignoreOffer = !this.#polite && offerCollision;
      if (this.#ignoreOffer) return;
      // The browser takes any answer as the answer to the offer it holds, so
      // one to an earlier offer would pair our new credentials with the other
      // side's old ones (issue 17).
      if (description.type === 'answer' && this.#answersEarlierOffer(description)) return;

      this.#settingRemoteAnswer = description.type === 'answer';
      await this.pc.setRemoteDescription(description);
      this.#settingRemoteAnswer = false;
      await this.#drainCandidates();

      if (description.type === 'offer') {
        // The recipient's tracks join the offered transceivers before answering.
        if (this.#waitForLocalStream) await this.#waitForLocalStream;
        // Only the latest offer is answered (an argument-less setLocalDescription
        // in `stable` would make an offer, which the recipient never sends).
        if (this.#closed || offer !== this.#offers) return;
        await this.pc.setLocalDescription();
        this.#sendDescription();
      }
    } catch (error) {
      this.#settingRemoteAnswer = false;
      // An answer to an offer that was replaced (a retried ICE restart) is
      // stale: recovery offers again, so it does not end the call.
      const stale = description.type === 'answer' && (this.recovering || this.pc.signalingState === 'stable');
      if (!stale) this.#fail(error);
    }
  }

  /** A remote ICE candidate; queued until a remote description is set. */
  async receiveCandidate(candidate: IceCandidate): Promise<void> {
    if (this.#closed) return;
    this.remoteCandidates.push(candidate.candidate);
    if (!this.pc.remoteDescription) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!this.#ignoreOffer && !this.#closed) console.warn('Roulette: ignored an ICE candidate', error);
    }
  }

  /**
   * Caller only: restart ICE (a new offer with fresh credentials). While an
   * offer is still unanswered it is sent again instead (it may have been
   * lost while the other side was away). It is not replaced: its answer may
   * still be on its way, and the browser would take that answer for the new
   * offer's, leaving each side with credentials the other does not hold.
   */
  restartIce(): void {
    if (this.#polite || this.#closed) return;
    if (this.pc.signalingState === 'have-local-offer') this.#sendDescription();
    else this.pc.restartIce();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#outbox = undefined;
    this.#settle();
    clearTimeout(this.#fullVideoTimer);
    this.pc.removeEventListener('negotiationneeded', this.#onNegotiationNeeded);
    this.pc.removeEventListener('icecandidate', this.#onIceCandidate);
    this.pc.removeEventListener('track', this.#onTrack);
    this.pc.removeEventListener('connectionstatechange', this.#onConnectionStateChange);
    this.pc.removeEventListener('iceconnectionstatechange', this.#onIceConnectionStateChange);
    this.pc.close();
  }

  #attachLocal(stream: MediaStream): void {
    if (this.#closed || this.#localStream) return;
    this.#localStream = stream;
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    this.#scaleVideo(2);
    // No camera (or no microphone): still offer to receive that kind, so the
    // other side's video (or sound) comes through.
    if (!this.#polite) {
      for (const kind of ['audio', 'video']) {
        if (!stream.getTracks().some((t) => t.kind === kind)) this.pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
  }

  /**
   * Sends video at `1 / by` of the camera's resolution. A call starts at
   * half (`by` 2) and goes to full a second after connecting: at the start
   * the bandwidth estimate is low, and Chromium's encoder then drops the
   * first frames of a 720p stream and steps down to a quarter of it, to climb
   * back only slowly; half resolution shows the first frame sooner and
   * reaches full resolution sooner too. The camera is not touched (the
   * preview stays sharp) and nothing is renegotiated.
   */
  #scaleVideo(by: number): void {
    for (const sender of this.pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      changeParameters(sender, (parameters) => {
        for (const encoding of parameters.encodings) encoding.scaleResolutionDownBy = by;
      }).catch(() => undefined);
    }
  }

  /**
   * Whether `answer` answers an offer before the one we hold: it came while
   * our next offer is being made (so it cannot be that offer's), or it keeps
   * the other side's current ICE credentials while our offer restarts ICE (an
   * answer to a restart must bring new ones: this is a repeated offer's
   * second answer).
   */
  #answersEarlierOffer(answer: SessionDescription): boolean {
    if (this.#makingOffer) return true;
    const { pendingLocalDescription: offer, currentLocalDescription: local, currentRemoteDescription: remote } = this.pc;
    if (this.pc.signalingState !== 'have-local-offer' || !offer || !remote) return false;
    return iceUfrag(offer.sdp) !== iceUfrag(local?.sdp) && iceUfrag(answer.sdp) === iceUfrag(remote.sdp);
  }

  /**
   * The recovery timer's tick: the caller restarts ICE until connected, then
   * sends an unanswered offer on until answered, for `giveUpMs` at most (the
   * server may no longer relay it: it restarted, and the call goes on peer to peer).
   */
  #retry(): void {
    const connected = this.#iceState === 'connected' || this.#iceState === 'completed';
    if (!connected) this.restartIce();
    else if (this.#offerOut() && performance.now() < this.#resendUntil) this.#sendDescription();
    else this.#settle();
  }

  /** The caller's offer awaits its answer. */
  #offerOut(): boolean {
    return !this.#polite && this.pc.signalingState === 'have-local-offer';
  }

  /** Stops the recovery timers. */
  #settle(): void {
    clearInterval(this.#retryTimer);
    clearTimeout(this.#giveUpTimer);
    this.#retryTimer = this.#giveUpTimer = undefined;
  }

  async #drainCandidates(): Promise<void> {
    const queued = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const candidate of queued) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        if (!this.#closed) console.warn('Roulette: ignored an ICE candidate', error);
      }
    }
  }

  #sendDescription(): void {
    const local = this.pc.localDescription;
    if (!local || (local.type !== 'offer' && local.type !== 'answer')) return;
    const sdp: SessionDescription = { type: local.type, sdp: local.sdp };
    this.#post(() => this.#signals.description(sdp));
  }

  #post(send: () => void): void {
    if (this.#closed) return;
    if (this.#outbox) this.#outbox.push(send);
    else send();
  }

  #fail(error: unknown, message = VIDEO_SETUP_FAILED()): void {
    if (this.#closed) return;
    if (error) console.warn('Roulette: negotiation failed', error);
    this.dispatchEvent(new CustomEvent('failure', { detail: message }));
  }

  readonly #onNegotiationNeeded = async (): Promise<void> => {
    // Only the caller offers (the protocol relays offers from the caller only).
    if (this.#polite || this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#sendDescription();
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#makingOffer = false;
    }
  };

  readonly #onIceCandidate = (event: RTCPeerConnectionIceEvent): void => {
    const candidate = event.candidate?.toJSON();
    if (!candidate?.candidate) return; // end-of-candidates
    const init: IceCandidate = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      usernameFragment: candidate.usernameFragment ?? null,
    };
    this.#post(() => this.#signals.candidate(init));
  };

  readonly #onTrack = (event: RTCTrackEvent): void => {
    const [stream] = event.streams;
    if (stream) this.#remote = stream;
    else if (!this.#remote?.getTrackById(event.track.id)) (this.#remote ??= new MediaStream()).addTrack(event.track);
    this.dispatchEvent(new Event('track'));
  };

  readonly #onConnectionStateChange = (): void => {
    if (this.pc.connectionState === 'connected') this.#fullVideoTimer ??= setTimeout(() => this.#scaleVideo(1), 1000);
    this.dispatchEvent(new Event('connectionstatechange'));
  };

  readonly #onIceConnectionStateChange = (): void => {
    const state = this.pc.iceConnectionState;
    const previous = this.#iceState;
    this.#iceState = state;
    const recovering = this.recovering;
    if (state === 'connected' || state === 'completed') {
      clearTimeout(this.#giveUpTimer);
      this.#giveUpTimer = undefined;
      // An unanswered restart offer is sent on (#retry): the path may come
      // back by itself while that offer was lost.
      this.#resendUntil = performance.now() + this.#giveUpMs;
      if (!this.#offerOut()) this.#settle();
      this.recovering = false;
    } else if (state === 'disconnected' || state === 'failed') {
      this.recovering = true;
      this.#giveUpTimer ??= setTimeout(
        () => this.#fail(undefined, VIDEO_LOST()),
        this.#giveUpMs,
      );
      // The caller restarts ICE: at once when it failed, after a few seconds
      // of `disconnected` (it often comes back by itself), then again until
      // connected — a restart offer may be lost while the other side is away.
      // Only on entering `failed`: the restart's own state events must not
      // start yet another restart (a storm of offers the server rate-limits).
      if (state === 'failed' && previous !== 'failed') this.restartIce();
      this.#retryTimer ??= setInterval(() => this.#retry(), this.#restartAfterMs);
    }
    if (recovering !== this.recovering) this.dispatchEvent(new Event('connectionstatechange'));
  };
}

/** The first ICE username fragment of an SDP (one transport: the call is bundled). */
function iceUfrag(sdp: string | undefined): string | undefined {
  return /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
}
