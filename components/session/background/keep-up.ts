// Whether the device keeps up with the effect: every couple of seconds the
// processor counts the camera's frames, the frames it sent and the masks the
// model made. Too few sent (the outgoing video would stutter) or too few
// masks (the cut-out lags behind the person) twice in a row: process at a
// smaller size; still too few at the smallest: give up — the caller turns
// the camera off and says so, rather than send the room unblurred.

/** The processing sizes, largest first (16:9; portrait cameras get the same area turned). */
export const SIZES: ReadonlyArray<readonly [number, number]> = [
  [1280, 720],
  [640, 360],
  [320, 180],
];

/** One window's counts. */
export interface Counts {
  camera: number;
  sent: number;
  masks: number;
  seconds: number;
}

export interface KeepUpOptions {
  /** Share of the camera's frames that must be sent (default 0.85). */
  sentShare?: number;
  /** Masks a second at least (default 4: below it a moving person leaves the room showing at their edges). */
  maskFloor?: number;
  /** Bad windows in a row before acting (default 2). */
  patience?: number;
}

export type Verdict = 'keep' | 'smaller' | 'give-up';

export class KeepUp {
  readonly #sentShare: number;
  readonly #maskFloor: number;
  readonly #patience: number;
  #bad = 0;

  constructor(options: KeepUpOptions = {}) {
    this.#sentShare = options.sentShare ?? 0.85;
    this.#maskFloor = options.maskFloor ?? 4;
    this.#patience = options.patience ?? 2;
  }

  /** The verdict on one window; `smallest` when no smaller size is left. */
  judge(counts: Counts, smallest: boolean): Verdict {
    // Frames came in and none went out: the outgoing video froze. Never that.
    if (counts.camera > 0 && counts.sent === 0) return 'give-up';
    const ok = counts.sent >= counts.camera * this.#sentShare && counts.masks >= this.#maskFloor * counts.seconds;
    if (ok) {
      this.#bad = 0;
      return 'keep';
    }
    if (++this.#bad < this.#patience) return 'keep';
    this.#bad = 0;
    return smallest ? 'give-up' : 'smaller';
  }
}

/** The processing size for a `width`×`height` camera at size `level` of SIZES: never larger than the camera. */
export function processingSize(width: number, height: number, level: number): [number, number] {
  const [w, h] = SIZES[Math.min(level, SIZES.length - 1)];
  const scale = Math.min(1, Math.sqrt((w * h) / (width * height)));
  // Even sizes: the encoders want them.
  return [Math.max(2, Math.round((width * scale) / 2) * 2), Math.max(2, Math.round((height * scale) / 2) * 2)];
}
