// Screen sharing during a call: the shared screen takes the camera's place on
// the video sender (`replaceTrack`, no renegotiation) and, when the browser
// offers a tab's sound, that sound is mixed into what the microphone sends.
// Loaded on first use (`import()` from call.ts): the core never carries it.
import { changeParameters } from './sender-parameters.js';

/** Sharing goes up to this bitrate: text stays legible (the camera's own limit is the browser's default). */
const SCREEN_BITRATE = 2_500_000;

/** The senders a share replaces tracks on, and where the camera's tracks are now. */
export interface ShareTarget {
  pc: RTCPeerConnection;
  /** The camera/microphone stream as it is now (a device switch may have changed its tracks). */
  stream: () => MediaStream | undefined;
}

/**
 * One screen share. `start()` asks the browser for a screen (its picker) and
 * sends it; `stop()` — or the browser's own "Stop sharing", which ends the
 * track — puts the camera (and the microphone alone) back. `ended` fires once.
 */
export class ScreenShare extends EventTarget {
  readonly #target: ShareTarget;
  #display?: MediaStream;
  #video?: RTCRtpSender;
  #audio?: RTCRtpSender;
  #mixer?: AudioContext;
  #saved?: { maxBitrate?: number; degradation?: RTCDegradationPreference };
  #stopped = false;

  constructor(target: ShareTarget) {
    super();
    this.#target = target;
  }

  /**
   * Starts sharing. Rejects when the person cancels the picker
   * (`NotAllowedError`), when nothing can be shared, or when the call sends
   * no video (audio-only: its video transceiver only receives, and sending
   * would need a renegotiation).
   */
  async start(): Promise<void> {
    const video = this.#sender('video');
    if (!video) throw new DOMException('The call sends no video.', 'InvalidStateError');
    const display = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } },
      // A tab's sound, where the browser offers it (Chromium: "Share tab audio").
      audio: true,
    });
    if (this.#stopped) return void stopAll(display);
    this.#display = display;
    const [track] = display.getVideoTracks();
    // 'detail': the encoder keeps edges sharp and drops frames rather than resolution.
    track.contentHint = 'detail';
    track.addEventListener('ended', this.stop);
    await video.replaceTrack(track);
    this.#video = video;
    await this.#encodeForScreen(video);
    const [sound] = display.getAudioTracks();
    if (sound) await this.#mixIn(sound);
  }

  /** Stops sharing and puts the camera (and microphone alone) back. Safe to call twice. */
  readonly stop = async (): Promise<void> => {
    if (this.#stopped) return;
    this.#stopped = true;
    const stream = this.#target.stream();
    const camera = stream?.getVideoTracks()[0] ?? null;
    const microphone = stream?.getAudioTracks()[0] ?? null;
    try {
      if (this.#video && this.#target.pc.signalingState !== 'closed') {
        await this.#video.replaceTrack(camera);
        await this.#restoreEncoding(this.#video);
      }
      if (this.#audio && this.#target.pc.signalingState !== 'closed') await this.#audio.replaceTrack(microphone);
    } catch {
      // the call closed meanwhile
    }
    stopAll(this.#display);
    void this.#mixer?.close();
    this.dispatchEvent(new Event('ended'));
  };

  /** The sender carrying your camera's (or microphone's) track, if the call sends that kind. */
  #sender(kind: 'audio' | 'video'): RTCRtpSender | undefined {
    const track = this.#target.stream()?.getTracks().find((t) => t.kind === kind);
    return track && this.#target.pc.getSenders().find((s) => s.track === track);
  }

  /** Full resolution at a higher bitrate: a screen downscaled is unreadable. */
  async #encodeForScreen(sender: RTCRtpSender): Promise<void> {
    const forScreen = (preference: boolean) => (parameters: RTCRtpSendParameters) => {
      const [encoding] = parameters.encodings;
      if (!encoding) return;
      this.#saved ??= { maxBitrate: encoding.maxBitrate, degradation: parameters.degradationPreference };
      encoding.maxBitrate = SCREEN_BITRATE;
      encoding.scaleResolutionDownBy = 1;
      if (preference) parameters.degradationPreference = 'maintain-resolution';
    };
    await changeParameters(sender, forScreen(true)).catch(() =>
      // Firefox refuses degradationPreference: the rest still helps.
      changeParameters(sender, forScreen(false)).catch(() => undefined),
    );
  }

  /**
   * The camera's encoding again, at full resolution: the call's first second
   * is sent at half (peer-session.ts), and a share begun then must not bring
   * that half back.
   */
  async #restoreEncoding(sender: RTCRtpSender): Promise<void> {
    const saved = this.#saved;
    if (!saved) return;
    await changeParameters(sender, (parameters) => {
      const [encoding] = parameters.encodings;
      if (!encoding) return;
      if (saved.maxBitrate === undefined) delete encoding.maxBitrate;
      else encoding.maxBitrate = saved.maxBitrate;
      encoding.scaleResolutionDownBy = 1;
      if (saved.degradation) parameters.degradationPreference = saved.degradation;
      else delete parameters.degradationPreference;
    }).catch(() => undefined);
  }

  /**
   * A tab's sound and your microphone become one track on the audio sender
   * (a second audio track would need a renegotiation, which only the caller
   * may start). Mute still silences your voice: a disabled microphone track
   * feeds silence into the mix; the tab's sound goes on.
   */
  async #mixIn(sound: MediaStreamTrack): Promise<void> {
    const sender = this.#sender('audio');
    const microphone = this.#target.stream()?.getAudioTracks()[0];
    if (!sender || !microphone) return; // no microphone, so no audio sender: the tab's sound stays here
    const mixer = new AudioContext();
    const out = mixer.createMediaStreamDestination();
    for (const track of [microphone, sound]) mixer.createMediaStreamSource(new MediaStream([track])).connect(out);
    this.#mixer = mixer;
    await sender.replaceTrack(out.stream.getAudioTracks()[0]);
    this.#audio = sender;
  }
}

function stopAll(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
