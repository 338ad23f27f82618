// The background effect in a call (loaded by call.ts when it is first
// turned on): puts the processed track in the camera's place, puts the
// camera's own track back when it is turned off, follows camera switches,
// and when the effect stops on its own, turns the camera off and says so.
import type { StatePatch } from '../state.js';
import { backgrounds, type Background } from './choice.js';
import { isOffered } from './choice-store.js';
import { BackgroundProcessor, type ProcessorOptions } from './processor.js';
import { REDUCED, backgroundNotice, type BackgroundFailure } from './wording.js';

/** What the effect needs of the call: its stream (undefined once closed) and peer connection. */
export interface EffectCall {
  readonly localStream: MediaStream | undefined;
  readonly pc: RTCPeerConnection | undefined;
  sendMediaState(muted: boolean, cameraOff: boolean): void;
}

/** What the effect tells the session (the call's handlers). */
export interface EffectHandlers {
  update(patch: StatePatch): void;
}

/** Processor options for every effect started from now on (tests, the benchmark). */
export const effectOptions: ProcessorOptions = {};

/**
 * The call's side of the effect: `put` a track in the stream's video place
 * and on the video sender (`replaceTrack`, no renegotiation), and tell the
 * session. During a screen share the sender carries the screen: the share
 * puts the stream's video track back when it ends.
 */
class EffectHost {
  constructor(
    readonly call: EffectCall,
    readonly handlers: EffectHandlers,
  ) {}

  stream(): MediaStream | undefined {
    return this.call.localStream;
  }

  async put(track: MediaStreamTrack): Promise<void> {
    const stream = this.stream();
    const old = stream?.getVideoTracks()[0];
    if (!stream || !old || old === track) return;
    track.enabled = old.enabled;
    await this.call.pc?.getSenders().find((s) => s.track === old)?.replaceTrack(track);
    stream.removeTrack(old);
    stream.addTrack(track);
    // A new stream object, so the preview picks the new track up.
    if (this.stream()) this.handlers.update({ localStream: new MediaStream(stream.getTracks()) });
  }

  /** The effect stopped and the camera's own track is back, off: the state and the other side say so, and a notice says why. */
  failed(reason: BackgroundFailure): void {
    const stream = this.stream();
    if (!stream) return;
    this.handlers.update({ cameraOff: true, notice: backgroundNotice(reason) });
    this.call.sendMediaState(!stream.getAudioTracks().some((t) => t.enabled), true);
  }

  reduced(): void {
    if (this.stream()) this.handlers.update({ notice: REDUCED() });
  }
}

/** The effect each processed track comes from: a camera handed to the next call (Next) may still carry one. */
const owners = new WeakMap<MediaStreamTrack, CameraEffect>();

export class CameraEffect {
  readonly #host: EffectHost;
  readonly #options: ProcessorOptions;
  /** The camera's own track while the effect is on. */
  #camera?: MediaStreamTrack;
  #processor?: BackgroundProcessor;
  /** The stream the processed track was put in. */
  #stream?: MediaStream;
  /** The latest choice: a slow load of an older one does not win. */
  #wanted: Background = 'none';

  constructor(call: EffectCall, handlers: EffectHandlers, options: ProcessorOptions = effectOptions) {
    this.#host = new EffectHost(call, handlers);
    this.#options = options;
  }

  /** The processor while the effect is on (diagnostics, tests). */
  get processor(): BackgroundProcessor | undefined {
    return this.#processor;
  }

  /** Turns the effect to `choice`; resolves when it is applied or has failed (the host was told). */
  async apply(wanted: Background): Promise<void> {
    // A remembered picture the site no longer offers: its default instead.
    const choice = isOffered(wanted) ? wanted : (backgrounds.default ?? 'none');
    this.#wanted = choice;
    if (choice === 'none') return this.#off();
    if (this.#processor) {
      // A picture that does not load leaves the current backdrop on: nothing is shown unprocessed.
      await this.#processor.setBackground(choice).catch(() => undefined);
      return;
    }
    const inStream = this.#host.stream()?.getVideoTracks()[0];
    if (!inStream) return; // audio-only: nothing to hide
    // Handed over by the previous call before its effect stopped: take its camera.
    const previous = owners.get(inStream);
    const camera = (previous && previous.#release()) || inStream;
    let processor: BackgroundProcessor;
    try {
      processor = await BackgroundProcessor.start(camera, choice, this.#options);
    } catch {
      if (this.#wanted === choice && this.#host.stream()?.getVideoTracks()[0] === inStream) {
        if (camera !== inStream) await this.#host.put(camera); // the camera taken over goes in the ended track's place
        camera.enabled = false;
        this.#host.failed('load');
      } else if (camera !== inStream) camera.stop();
      return;
    }
    // Turned off, changed, or the camera replaced meanwhile.
    if (this.#wanted !== choice || this.#processor || this.#host.stream()?.getVideoTracks()[0] !== inStream) {
      processor.stop();
      if (camera !== inStream) await this.#host.put(camera);
      if (this.#wanted !== 'none' && this.#wanted !== choice) await this.apply(this.#wanted);
      return;
    }
    this.#camera = camera;
    this.#processor = processor;
    this.#stream = this.#host.stream();
    owners.set(processor.track, this);
    processor.addEventListener('failed', () => void this.#fail('slow'));
    processor.addEventListener('resized', () => this.#host.reduced());
    await this.#host.put(processor.track);
  }

  /**
   * The camera switched to `track`: the effect processes it from now on.
   * False when the effect is off (the caller replaces the track itself).
   */
  replaceCamera(track: MediaStreamTrack): boolean {
    if (!this.#processor || !this.#camera) return false;
    this.#processor.setSource(track);
    this.#camera.stop();
    this.#camera = track;
    return true;
  }

  /**
   * The call is over: stops the effect. Its stream's tracks were stopped
   * with it — then the camera's own track is stopped too; or the stream was
   * handed to the next call (Next, `handOverCamera`), still live — then the
   * camera's own track goes back in its place, on, and the next call applies
   * the effect again.
   */
  stop(): void {
    const stream = this.#stream;
    const { processor, camera } = this.#detach();
    const handedOver = !!processor && processor.track.readyState === 'live' && stream?.getVideoTracks()[0] === processor.track;
    processor?.stop();
    if (!handedOver || !camera || !stream) return camera?.stop();
    stream.removeTrack(processor.track);
    stream.addTrack(camera);
  }

  /** Gives the camera's own track to the next call's effect; this one stops. */
  #release(): MediaStreamTrack | undefined {
    const { processor, camera } = this.#detach();
    processor?.stop();
    return camera;
  }

  /** The camera's own track back in its place. */
  async #off(): Promise<void> {
    const { processor, camera } = this.#detach();
    if (!processor || !camera) return;
    await this.#host.put(camera);
    processor.stop();
  }

  /** The effect stopped on its own: the camera's track back, turned off, and the person told. */
  async #fail(reason: BackgroundFailure): Promise<void> {
    const { processor, camera } = this.#detach();
    if (!processor || !camera) return;
    processor.track.enabled = false; // put() carries this over to the camera's track
    await this.#host.put(camera);
    processor.stop();
    this.#host.failed(reason);
  }

  #detach(): { processor?: BackgroundProcessor; camera?: MediaStreamTrack } {
    const detached = { processor: this.#processor, camera: this.#camera };
    this.#processor = undefined;
    this.#camera = undefined;
    return detached;
  }
}
