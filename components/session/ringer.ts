// The call tones, made with Web Audio (no audio file): the ring of an
// incoming call and the ringback a caller hears while the other side rings.

/** `ring`: someone is calling you. `ringback`: you are calling, it rings there. */
export type Tone = 'ring' | 'ringback';

interface Pattern {
  /** Seconds from one cycle to the next. */
  period: number;
  /** Bursts of each cycle: [start, length] in seconds. */
  bursts: ReadonlyArray<readonly [number, number]>;
  /** Frequencies (Hz) played together in a burst. */
  frequencies: readonly number[];
}

const PATTERNS: Record<Tone, Pattern> = {
  // Two short bright bursts every 3 s: noticeable from another tab.
  ring: { period: 3, bursts: [[0, 0.4], [0.6, 0.4]], frequencies: [660, 880] },
  // The North American ringback: 440 + 480 Hz, 2 s on, 4 s off; quieter.
  ringback: { period: 6, bursts: [[0, 2]], frequencies: [440, 480] },
};

const VOLUME: Record<Tone, number> = { ring: 0.2, ringback: 0.08 };

/**
 * Plays one tone at a time, over and over, until `stop()`. The audio context
 * is created on the first `start()` and suspended while silent. Browsers may
 * keep it suspended until the person has interacted with the page; the tone
 * then starts with their first click or key press.
 */
export class Ringer {
  #context?: AudioContext;
  #tone?: Tone;
  #timer?: ReturnType<typeof setInterval>;
  readonly #oscillators = new Set<OscillatorNode>();

  /** The tone playing, if any. */
  get tone(): Tone | undefined {
    return this.#tone;
  }

  /** True while a tone plays (or is waiting for the browser to allow sound). */
  get playing(): boolean {
    return this.#tone !== undefined;
  }

  /** The audio context, once a tone was started. */
  get context(): AudioContext | undefined {
    return this.#context;
  }

  /** Plays `tone` (the one playing, if another, stops). */
  start(tone: Tone): void {
    if (this.#tone === tone) return;
    this.stop();
    if (typeof AudioContext === 'undefined') return;
    this.#tone = tone;
    const context = (this.#context ??= new AudioContext());
    context.resume().catch(() => undefined);
    const pattern = PATTERNS[tone];
    const cycle = (): void => this.#cycle(context, pattern, VOLUME[tone]);
    cycle();
    this.#timer = setInterval(cycle, pattern.period * 1000);
  }

  /** Silence. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#tone = undefined;
    for (const oscillator of this.#oscillators) {
      try {
        oscillator.stop();
      } catch {
        // not started yet, or stopped already
      }
    }
    this.#oscillators.clear();
    // Also while a resume() of start() is still on its way (state not yet
    // "running"): queued after it, this suspend wins.
    if (this.#context && this.#context.state !== 'closed') this.#context.suspend().catch(() => undefined);
  }

  /** Silence for good: releases the audio device. */
  close(): void {
    this.stop();
    this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }

  #cycle(context: AudioContext, pattern: Pattern, volume: number): void {
    const now = context.currentTime + 0.05;
    for (const [at, length] of pattern.bursts) {
      const start = now + at;
      const end = start + length;
      const gain = context.createGain();
      // Soft edges: no click at either end of a burst.
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(volume, start + 0.02);
      gain.gain.setValueAtTime(volume, end - 0.02);
      gain.gain.linearRampToValueAtTime(0, end);
      gain.connect(context.destination);
      for (const frequency of pattern.frequencies) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.onended = () => {
          this.#oscillators.delete(oscillator);
          oscillator.disconnect();
        };
        this.#oscillators.add(oscillator);
        oscillator.start(start);
        oscillator.stop(end);
      }
    }
  }
}
