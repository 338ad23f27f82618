// The quality rating a person is shown, steadied: one bad stats sample (a
// garbage-collection pause, a burst of loss when a tab wakes up) is not a bad
// connection. The rating only gets worse once the evidence lasts; it gets
// better at once.
/** How a person would call a connection (call-stats.ts rates it from a sample). */
export type Quality = 'good' | 'fair' | 'poor';

const ORDER: readonly Quality[] = ['good', 'fair', 'poor'];

/** Consecutive samples, or milliseconds, a worse rating must last before it is shown. */
export const STEADY_SAMPLES = 2;
export const STEADY_MS = 4000;

/**
 * Feed it each sample's own rating (`rateQuality`) with the time it was
 * taken; it answers with the rating to show. Worse ratings need
 * {@link STEADY_SAMPLES} consecutive samples or {@link STEADY_MS} of
 * evidence, and then show the mildest rating of that run (Fair then Poor
 * shows Fair until Poor itself has lasted).
 */
export class SteadyQuality {
  #shown: Quality = 'good';
  /** The ratings of the current run of samples worse than shown, and when it began. */
  #run: Quality[] = [];
  #since = 0;

  get shown(): Quality {
    return this.#shown;
  }

  next(rating: Quality, at: number): Quality {
    if (ORDER.indexOf(rating) <= ORDER.indexOf(this.#shown)) {
      this.#shown = rating;
      this.#run = [];
      return rating;
    }
    if (!this.#run.length) this.#since = at;
    this.#run.push(rating);
    if (this.#run.length >= STEADY_SAMPLES || at - this.#since >= STEADY_MS) {
      this.#shown = ORDER[Math.min(...this.#run.map((q) => ORDER.indexOf(q)))];
      // The latest samples worse still than that are the evidence for the next step (kept as beginning now).
      const worse = (q: Quality): boolean => ORDER.indexOf(q) > ORDER.indexOf(this.#shown);
      let keep = 0;
      while (keep < this.#run.length && worse(this.#run[this.#run.length - 1 - keep])) keep += 1;
      this.#run = this.#run.slice(this.#run.length - keep);
      this.#since = at;
    }
    return this.#shown;
  }
}
