import { MAX_CANDIDATE_BATCH, type IceCandidate } from '../../protocol/index.js';

/**
 * How long the first of a run of local candidates waits for the others
 * (PROTOCOL v2.1, candidate batches). A browser gathers its host candidates
 * within a millisecond or two of each other and its server-reflexive and
 * relay ones a round trip later: a short window sends each run as one
 * message instead of one per candidate, and costs the call setup no more
 * than this once per run.
 */
export const CANDIDATE_WINDOW_MS = 5;

/**
 * Coalesces local ICE candidates for one peer into batches of at most
 * MAX_CANDIDATE_BATCH, sent CANDIDATE_WINDOW_MS after the first of each run,
 * or at once by `flush()` (before any other message, which keeps the order
 * of everything sent to the peer).
 */
export class CandidateBatcher {
  #to = '';
  #pending: IceCandidate[] = [];
  #timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly sendBatch: (to: string, candidates: IceCandidate[]) => void) {}

  add(to: string, candidate: IceCandidate): void {
    if (to !== this.#to) this.flush();
    this.#to = to;
    this.#pending.push(candidate);
    if (this.#pending.length >= MAX_CANDIDATE_BATCH) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), CANDIDATE_WINDOW_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (!batch.length) return;
    this.#pending = [];
    this.sendBatch(this.#to, batch);
  }

  /** Forgets what is waiting (the connection ended). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}
