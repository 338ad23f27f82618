// A camera track in, a processed track out: the person cut out by the
// segmentation model, with a blur or a picture behind them. The frames are
// drawn as they come (one out per camera frame: the outgoing video never
// waits for the model); the model works on the latest frame whenever it is
// free, at most half of the time, and each frame uses the latest mask.
import type { Background } from './choice.js';
import { Compositor, type Backdrop } from './compositor.js';
import { frameLoop, type FrameLoop } from './frames.js';
import { KeepUp, SIZES, processingSize, type Counts, type KeepUpOptions } from './keep-up.js';
import { MODEL_HEIGHT, MODEL_WIDTH, loadSegmenter, type Segmenter } from './segmenter.js';

/** How often the processor judges whether it keeps up. */
const WINDOW_MS = 2000;

export interface ProcessorOptions extends KeepUpOptions {
  /** Start at this size of keep-up.ts SIZES (0: up to 1280×720); default: 1 on a phone, else 0. */
  level?: number;
  /**
   * The canvas loop even where the breakout box exists (Firefox's path, run in
   * Chromium: a standalone page ran it at the camera's 20 fps; in a test call
   * after others in the same runner it hung the page — not understood yet).
   */
  canvasLoop?: boolean;
}

export interface ProcessorEventMap {
  /** It could not keep up even at the smallest size, or drawing failed: the processed track has ended. */
  failed: Event;
  /** It went on at a smaller size (`detail`: width and height). */
  resized: CustomEvent<{ width: number; height: number }>;
}

/**
 * A phone (coarse pointer, no hover): start at 640×360. A mid-range phone's
 * encoder and canvas hold that at 30 frames a second with the model beside
 * them; 1280×720 is for computers (docs/benchmarks.md, "Background effects").
 */
function startLevel(): number {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse) and (hover: none)').matches ? 1 : 0;
}

async function loadPicture(src: string): Promise<HTMLImageElement> {
  const image = new Image();
  // Drawn into what is sent: a picture from another origin must come with CORS, or the canvas could not be read.
  image.crossOrigin = 'anonymous';
  image.src = src;
  await image.decode();
  return image;
}

async function backdropFor(choice: Background): Promise<Backdrop> {
  return choice === 'blur' ? { blur: true } : { picture: await loadPicture(choice) };
}

/** The processors running on this page (diagnostics, tests, the benchmark). */
export const runningProcessors = new Set<BackgroundProcessor>();

export class BackgroundProcessor extends EventTarget {
  /** The processed track. */
  readonly track: MediaStreamTrack;
  readonly #segmenter: Segmenter;
  readonly #loop: FrameLoop;
  readonly #keepUp: KeepUp;
  readonly #model = Object.assign(document.createElement('canvas'), { width: MODEL_WIDTH, height: MODEL_HEIGHT });
  readonly #timer: ReturnType<typeof setInterval>;
  #backdrop: Backdrop;
  #compositor?: Compositor;
  #mask?: CanvasImageSource;
  #level: number;
  #segmenting = false;
  #nextSegmentAt = 0;
  #counts: Counts = { camera: 0, sent: 0, masks: 0, seconds: 0 };
  /** Since the start: camera frames, frames sent, masks. */
  readonly totals = { camera: 0, sent: 0, masks: 0 };
  #stopped = false;

  /**
   * Loads the model (and the picture) and starts processing `camera`.
   * Rejects when the runtime, the model or the picture cannot be loaded.
   */
  static async start(camera: MediaStreamTrack, choice: Background, options: ProcessorOptions = {}): Promise<BackgroundProcessor> {
    const [segmenter, backdrop] = await Promise.all([loadSegmenter(), backdropFor(choice)]);
    return new BackgroundProcessor(camera, segmenter, backdrop, options);
  }

  private constructor(camera: MediaStreamTrack, segmenter: Segmenter, backdrop: Backdrop, options: ProcessorOptions) {
    super();
    this.#segmenter = segmenter;
    this.#backdrop = backdrop;
    this.#level = options.level ?? startLevel();
    this.#keepUp = new KeepUp(options);
    this.#loop = frameLoop(camera, this.#render, () => this.#fail(), options.canvasLoop);
    this.track = this.#loop.track;
    // What is sent is a camera picture: the encoder keeps motion smooth.
    this.track.contentHint = 'motion';
    this.#timer = setInterval(() => this.#judge(), WINDOW_MS);
    runningProcessors.add(this);
  }

  /** The size frames are processed (and sent) at now. */
  get size(): { width: number; height: number } {
    return { width: this.#loop.canvas.width, height: this.#loop.canvas.height };
  }

  /** Processes frames from `camera` from now on (camera switch); the processed track stays the same. */
  setSource(camera: MediaStreamTrack): void {
    this.#mask = undefined; // the old camera's mask fits no more
    this.#loop.setSource(camera);
  }

  /** Blur or another picture, on the same track. Rejects when the picture cannot be loaded (nothing changes). */
  async setBackground(choice: Background): Promise<void> {
    this.#backdrop = await backdropFor(choice);
  }

  /** Stops processing and ends the processed track (the camera's own track is the caller's). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    runningProcessors.delete(this);
    clearInterval(this.#timer);
    this.#loop.stop();
  }

  readonly #render = (frame: CanvasImageSource, width: number, height: number): boolean => {
    this.#counts.camera++;
    this.totals.camera++;
    // Camera off: the track sends black by itself; no work.
    if (!this.track.enabled || !width || !height) return false;
    const [w, h] = processingSize(width, height, this.#level);
    if (this.#compositor?.width !== w || this.#compositor.height !== h) this.#compositor = new Compositor(this.#loop.canvas, w, h);
    this.#compositor.draw(frame, this.#mask, this.#backdrop);
    this.#counts.sent++;
    this.totals.sent++;
    if (!this.#segmenting && performance.now() >= this.#nextSegmentAt) this.#segment(frame);
    return true;
  };

  /** Runs the model on `frame` (copied now: the frame is gone after this turn). */
  #segment(frame: CanvasImageSource): void {
    this.#model.getContext('2d')!.drawImage(frame, 0, 0, MODEL_WIDTH, MODEL_HEIGHT);
    this.#segmenting = true;
    const started = performance.now();
    this.#segmenter.segment(this.#model).then(
      (mask) => {
        this.#mask = mask;
        this.#counts.masks++;
        this.totals.masks++;
      },
      () => this.#fail(),
    ).finally(() => {
      this.#segmenting = false;
      // The model takes the main thread at most half of the time: drawing and the page go on.
      this.#nextSegmentAt = performance.now() + (performance.now() - started);
    });
  }

  #judge(): void {
    const counts = { ...this.#counts, seconds: WINDOW_MS / 1000 };
    this.#counts = { camera: 0, sent: 0, masks: 0, seconds: 0 };
    // Camera off, or a hidden tab's timers (the canvas loop): nothing to judge.
    if (!this.track.enabled || counts.camera === 0 || (document.hidden && this.#loop.timed)) return;
    const verdict = this.#keepUp.judge(counts, this.#level >= SIZES.length - 1);
    if (verdict === 'give-up') this.#fail();
    else if (verdict === 'smaller') {
      this.#level++;
      const [width, height] = SIZES[this.#level];
      this.dispatchEvent(new CustomEvent('resized', { detail: { width, height } }));
    }
  }

  #fail(): void {
    if (this.#stopped) return;
    this.stop();
    this.dispatchEvent(new Event('failed'));
  }
}
