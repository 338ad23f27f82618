// Where the camera's frames come from and where the processed ones go: one
// loop per processed track, calling `render` for each camera frame and
// sending the canvas it draws into.
//
// Chromium: MediaStreamTrackProcessor → VideoFrame → MediaStreamTrackGenerator
// ("breakout box"): one frame out for each frame in, with its timestamp, and
// it keeps running in a hidden tab. Elsewhere (Firefox, Safari on the main
// thread): a <video> playing the camera, drawn on a timer at the camera's
// frame rate into a canvas whose captureStream(0) sends a frame on each
// requestFrame() — timers slow to one a second in a hidden tab.

/** Draws `frame` (`width`×`height`) into the loop's canvas; false to send nothing for it. */
export type Render = (frame: CanvasImageSource, width: number, height: number) => boolean;

export interface FrameLoop {
  /** The processed track (what is sent and shown). */
  readonly track: MediaStreamTrack;
  /** The canvas `render` draws into; its size is the processed track's. */
  readonly canvas: HTMLCanvasElement;
  /** Runs on timers, which a hidden tab slows down. */
  readonly timed: boolean;
  /** Reads frames from `camera` from now on (camera switch). */
  setSource(camera: MediaStreamTrack): void;
  stop(): void;
}

interface Breakout {
  MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
  MediaStreamTrackGenerator: new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
}

/** The loop this browser runs best (or the canvas loop, `canvas`); `failed` is called once if drawing throws. */
export function frameLoop(camera: MediaStreamTrack, render: Render, failed: (error: unknown) => void, canvas = false): FrameLoop {
  const breakout = globalThis as unknown as Partial<Breakout>;
  return !canvas && breakout.MediaStreamTrackProcessor && breakout.MediaStreamTrackGenerator && typeof VideoFrame === 'function'
    ? new BreakoutLoop(breakout as Breakout, camera, render, failed)
    : new CanvasLoop(camera, render, failed);
}

class BreakoutLoop implements FrameLoop {
  readonly track: MediaStreamTrack;
  readonly timed = false;
  readonly canvas = document.createElement('canvas');
  readonly #api: Breakout;
  readonly #writer: WritableStreamDefaultWriter<VideoFrame>;
  readonly #render: Render;
  readonly #failed: (error: unknown) => void;
  #reader?: ReadableStreamDefaultReader<VideoFrame>;
  #stopped = false;

  constructor(api: Breakout, camera: MediaStreamTrack, render: Render, failed: (error: unknown) => void) {
    this.#api = api;
    this.#render = render;
    this.#failed = failed;
    const generator = new api.MediaStreamTrackGenerator({ kind: 'video' });
    this.track = generator;
    this.#writer = generator.writable.getWriter();
    this.setSource(camera);
  }

  setSource(camera: MediaStreamTrack): void {
    void this.#reader?.cancel().catch(() => undefined);
    // A few frames of slack: the model's turn on the main thread holds the loop up for a moment, no frame is lost.
    const reader = new this.#api.MediaStreamTrackProcessor({ track: camera, maxBufferSize: 4 }).readable.getReader();
    this.#reader = reader;
    void this.#pump(reader);
  }

  async #pump(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    while (!this.#stopped && reader === this.#reader) {
      const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !frame) return;
      try {
        if (this.#stopped || !this.#render(frame, frame.displayWidth, frame.displayHeight)) continue;
        await this.#writer.write(new VideoFrame(this.canvas, { timestamp: frame.timestamp, alpha: 'discard' }));
      } catch (error) {
        if (!this.#stopped) this.#failed(error);
        return;
      } finally {
        frame.close();
      }
    }
  }

  stop(): void {
    this.#stopped = true;
    void this.#reader?.cancel().catch(() => undefined);
    void this.#writer.close().catch(() => undefined);
    this.track.stop();
  }
}

class CanvasLoop implements FrameLoop {
  readonly track: MediaStreamTrack;
  readonly timed = true;
  readonly canvas = document.createElement('canvas');
  readonly #video = document.createElement('video');
  readonly #render: Render;
  readonly #failed: (error: unknown) => void;
  #timer?: ReturnType<typeof setInterval>;

  constructor(camera: MediaStreamTrack, render: Render, failed: (error: unknown) => void) {
    this.#render = render;
    this.#failed = failed;
    this.#video.muted = true;
    this.#video.playsInline = true;
    // captureStream(0): a frame only when requestFrame() says so, one per camera frame.
    this.track = this.canvas.captureStream(0).getVideoTracks()[0];
    this.setSource(camera);
  }

  setSource(camera: MediaStreamTrack): void {
    this.#video.srcObject = new MediaStream([camera]);
    void this.#video.play().catch(() => undefined);
    clearInterval(this.#timer);
    const fps = camera.getSettings().frameRate || 30;
    this.#timer = setInterval(() => this.#tick(), 1000 / fps);
  }

  #tick(): void {
    const video = this.#video;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    try {
      if (this.#render(video, video.videoWidth, video.videoHeight)) (this.track as CanvasCaptureMediaStreamTrack).requestFrame();
    } catch (error) {
      this.stop();
      this.#failed(error);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#video.srcObject = null;
    this.track.stop();
  }
}
